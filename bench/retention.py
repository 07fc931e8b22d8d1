"""Retention speed: the nightly run (services.retention.apply_retention) over 1,000,000 calls.

    .venv/bin/python bench/retention.py [--calls 1000000] [--turns-per-call 2] [--batch 5000]
                                        [--superuser] [--api-rate 200]

Creates a scratch PostgreSQL database (migrated with the real Alembic history), loads one
tenant with `--calls` calls spread over the last 60 days (bench/scratch_data.py) and
`--turns-per-call` transcript turns on each, sets the tenant's periods to 20 days for
transcripts and 1 month for calls (so about two thirds of the turns and half the caller
numbers are due), times one run in batches of `--batch`, times a second run (nothing left to
do: it only walks the ids), and drops the database. It runs as the application role, so row
security applies as in production (`--superuser`: as the owner). rows_per_s counts the rows
the first run deleted or changed, over its time. Target on the 2-core machine: 50,000 rows/s.

Beside it the REST API serves the same database (bench/api_load.py's server and load, as the
same role): `--api-rate` requests a second over its three requests, first for
API_ALONE_SECONDS alone, then for as long as the first retention run takes. The API's figure
is p95 < 50 ms with nothing failed; `--api-rate 0` runs the retention alone. The last line:

    rows_per_s=N api_p95_ms_beside=X api_failed_beside=F api_p95_ms_alone=Y api_rate=R
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.api_load import Step, api_paths, load, prepare, report, start_server  # noqa: E402
from bench.app_role import application_url  # noqa: E402
from bench.scratch_data import free_port, load_tenant  # noqa: E402
from models.database import make_engine, make_session_factory  # noqa: E402
from models.migrate import upgrade  # noqa: E402
from services.retention import apply_retention  # noqa: E402

ADMIN_DSN = os.environ.get(
    "BENCH_POSTGRES_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
)
API_ALONE_SECONDS = 10.0


def load_turns(dsn: str, tenant_id: int, per_call: int) -> int:
    """`per_call` transcript turns on every call of the tenant, by COPY."""
    with psycopg.connect(dsn) as db:
        call_ids = [
            row[0] for row in db.execute("SELECT id FROM calls WHERE tenant_id = %s", (tenant_id,))
        ]
        with db.cursor().copy(
            "COPY call_turns (tenant_id, call_id, seq, speaker, text, started_ms, interrupted)"
            " FROM STDIN"
        ) as copy:
            for call_id in call_ids:
                for seq in range(per_call):
                    speaker = "caller" if seq % 2 == 0 else "bot"
                    copy.write_row(
                        (
                            tenant_id,
                            call_id,
                            seq,
                            speaker,
                            "Ich hätte gern einen Termin.",
                            seq * 2000,
                            False,
                        )
                    )
        db.execute(
            "UPDATE tenants SET transcript_retention_days = 20, call_retention_months = 1"
            " WHERE id = %s",
            (tenant_id,),
        )
        db.execute("ANALYZE")
    return len(call_ids) * per_call


class ApiBeside:
    """The REST API on the bench's database under an open-loop load: measured alone when
    it starts, then in a thread for as long as the `with` block runs."""

    def __init__(self, url: str, serving_url: str, calls: int, rate: int) -> None:
        self.url, self.serving_url, self.calls, self.rate = url, serving_url, calls, rate
        self.alone: Step | None = None
        self.beside: Step | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._load_until_done)

    def _load_until_done(self) -> None:
        self.beside = asyncio.run(load(*self.arguments, 0, self.server, until=self._done.is_set))

    def __enter__(self) -> ApiBeside:
        token, deep_cursor = prepare(self.url, self.calls)
        port = free_port()
        self.server = start_server(self.serving_url, port)
        self.arguments = (f"http://127.0.0.1:{port}", token, api_paths(deep_cursor), self.rate)
        try:
            self.alone = asyncio.run(load(*self.arguments, API_ALONE_SECONDS, self.server))
        except BaseException:
            self._stop_server()
            raise
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        self._thread.join()
        self._stop_server()

    def _stop_server(self) -> None:
        self.server.terminate()
        self.server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--turns-per-call", type=int, default=2)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument(
        "--superuser", action="store_true", help="run as the owner (row security bypassed)"
    )
    parser.add_argument("--api-rate", type=int, default=200, help="API requests/s beside it")
    args = parser.parse_args()

    name = f"voiceagent_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    dsn = f"{ADMIN_DSN.rsplit('/', 1)[0]}/{name}"
    url = dsn.replace("postgresql://", "postgresql+psycopg://", 1)
    serving_url = url if args.superuser else application_url(url, ADMIN_DSN)
    engine = make_engine(serving_url)
    try:
        upgrade(database_url=url, application_url=serving_url)
        t0 = time.perf_counter()
        tenant_id = load_tenant(dsn, args.calls)
        turns = load_turns(dsn, tenant_id, args.turns_per_call)
        print(f"loaded {args.calls} calls and {turns} turns in {time.perf_counter() - t0:.1f} s")
        factory = make_session_factory(engine)
        api = ApiBeside(url, serving_url, args.calls, args.api_rate) if args.api_rate else None

        with api or contextlib.nullcontext():
            started = time.perf_counter()
            run = apply_retention(
                session_factory=factory, tenant_id=tenant_id, batch_size=args.batch
            )
            first_s = time.perf_counter() - started
        started = time.perf_counter()
        rerun = apply_retention(session_factory=factory, tenant_id=tenant_id, batch_size=args.batch)
        rerun_s = time.perf_counter() - started

        print(f"first run: {run.counts} in {first_s:.2f} s")
        walked = args.calls / rerun_s
        print(f"second run: {rerun.changed} rows in {rerun_s:.2f} s ({walked:,.0f} calls/s)")
        figures = f"rows_per_s={run.changed / first_s:.0f}"
        if api is not None:
            assert api.alone is not None and api.beside is not None
            print("the API alone:")
            report(api.alone)
            print("the API beside the first run:")
            report(api.beside)
            figures += (
                f" api_p95_ms_beside={api.beside.worst_p95:.1f}"
                f" api_failed_beside={api.beside.failed}"
                f" api_p95_ms_alone={api.alone.worst_p95:.1f} api_rate={args.api_rate}"
            )
        print(figures)
    finally:
        engine.dispose()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
