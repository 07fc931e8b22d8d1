"""A PostgreSQL server of a test's own, which the test may stop and start while processes use
it — never the shared server other tests run on. `initdb` and `pg_ctl` from the Debian
packages, run as the `postgres` user (initdb refuses root), in a temporary directory, on a
free port, trusting local connections; the schema is migrated by the owner and the
application role is made as `voiceagent db upgrade` makes it."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

from cli.dev import free_local_port
from models.migrate import upgrade

OWNER, APP_ROLE, DATABASE = "voiceagent_owner", "voiceagent_app", "voiceagent"


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(
            f"{name} not found under /usr/lib/postgresql (apt-get install postgresql)"
        )
    return found[-1]


class ThrowawayPostgres:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="voiceagent-pg-"))
        self.data = self.folder / "data"
        self.port = free_local_port()
        postgres = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        if postgres is not None:
            os.chown(self.folder, postgres.pw_uid, postgres.pw_gid)
        self._as_postgres = ["runuser", "-u", "postgres", "--"] if postgres else []
        self._run(
            _bin("initdb"), "-D", str(self.data), "-U", OWNER, "--auth=trust", "-N", "-E", "UTF8"
        )
        self.start()
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as admin:
            admin.execute(f"CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS")
            admin.execute(f"CREATE DATABASE {DATABASE}")
        upgrade(database_url=self.owner_url, application_url=self.url)

    def dsn(self, database: str = DATABASE, user: str = OWNER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    @property
    def owner_url(self) -> str:
        return self.dsn(user=OWNER).replace("postgresql://", "postgresql+psycopg://", 1)

    @property
    def url(self) -> str:
        """The application role's URL, as every serving process connects."""
        return self.dsn(user=APP_ROLE).replace("postgresql://", "postgresql+psycopg://", 1)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            _bin("pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        """A fast shutdown, as `pg_ctlcluster … restart` begins: sessions are ended."""
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        subprocess.run(  # noqa: S603 (fixed arguments)
            [*self._as_postgres, _bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, *command: str) -> None:
        subprocess.run(  # noqa: S603 (fixed arguments)
            [*self._as_postgres, *command], capture_output=True, check=True, cwd=self.folder
        )
