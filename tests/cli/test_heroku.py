"""The Heroku files (Procfile, app.json, .python-version, requirements.txt, Aptfile) agree
with the CLI, and `web` serves the front door VOICEAGENT_WEB names on Heroku's $PORT."""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import re
import shlex
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import httpx
import psutil
import pytest
import redis
import rq
from honcho.environ import parse_procfile
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from rq.cron import CronScheduler

from cli.dev import procfile_types
from cli.main import main
from cli.serving import ALL_INTERFACES, listen_address
from cli.web import FRONT_DOORS
from core.settings import PROJECT_ROOT, Settings, load_settings
from jobs.queues import QUEUE_NAMES, queue, redis_from_settings
from tests.conftest import owner_url, scratch_database
from tests.core.test_settings import REAL_SELLER
from tests.ports import free_port
from tests.tls_redis import tls_redis

BIN = Path(sys.executable).parent
# The voice runtime loads its speech models before it listens: a minute and more when
# the machine is busy.
STARTUP_TIMEOUT = 180.0
PROCESSES = parse_procfile((PROJECT_ROOT / "Procfile").read_text()).processes
APP_JSON = json.loads((PROJECT_ROOT / "app.json").read_text())
PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())


def voiceagent_command(argv: list[str]) -> click.Command | None:
    """The subcommand `voiceagent argv…` runs (through groups such as `db`), if any."""
    command: click.Command = main
    for word in argv:
        if not isinstance(command, click.Group):
            return None
        found = command.get_command(click.Context(command), word)
        if found is None:
            return None
        command = found
    return None if isinstance(command, click.Group) else command


@pytest.mark.parametrize("name", sorted(PROCESSES))
def test_every_procfile_process_runs_a_subcommand_or_a_gunicorn_app_that_imports(
    name: str,
) -> None:
    argv = shlex.split(PROCESSES[name])
    if argv[0] == "voiceagent":
        assert voiceagent_command(argv[1:]) is not None, f"{name}: no `{PROCESSES[name]}`"
        return
    assert argv[0] == "gunicorn", f"{name}: neither voiceagent nor gunicorn"
    assert "0.0.0.0:${PORT:-" in PROCESSES[name], f"{name}: gunicorn must bind $PORT"
    module_name, factory = argv[-1].split(":")
    module = importlib.import_module(module_name)
    assert callable(getattr(module, factory.removesuffix("()")))


def test_heroku_web_is_one_front_door_and_dev_runs_them_all_instead() -> None:
    assert "web" in PROCESSES
    assert set(FRONT_DOORS) <= set(PROCESSES)
    assert "web" not in procfile_types()
    assert "release" not in procfile_types()
    assert set(FRONT_DOORS) <= set(procfile_types())


def test_the_python_version_is_the_one_pyproject_allows_and_the_tests_run_on() -> None:
    version = (PROJECT_ROOT / ".python-version").read_text().strip()
    assert re.fullmatch(r"3\.\d+", version), "major.minor, so Heroku applies security patches"
    assert SpecifierSet(PYPROJECT["project"]["requires-python"]).contains(f"{version}.0")
    assert version == f"{sys.version_info.major}.{sys.version_info.minor}"


def test_requirements_install_the_project_and_pin_each_of_its_dependencies() -> None:
    lines = (PROJECT_ROOT / "requirements.txt").read_text().splitlines()
    entries = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    # Editable: the release phase reads migrations/ beside the code, as in development.
    assert "-e ." in entries
    pins = {}
    for entry in entries:
        if entry == "-e .":
            continue
        requirement = Requirement(entry)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"not pinned: {entry}"
        pins[canonicalize_name(requirement.name)] = specifier.version
    python = (PROJECT_ROOT / ".python-version").read_text().strip()
    environment = {"python_version": python, "python_full_version": f"{python}.0"}
    for dependency in PYPROJECT["project"]["dependencies"]:
        requirement = Requirement(dependency)
        if requirement.marker and not requirement.marker.evaluate(environment):
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements.txt"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]}: {dependency}"


def test_app_json_uses_the_apt_buildpack_first_and_names_settings_that_exist() -> None:
    assert [pack["url"] for pack in APP_JSON["buildpacks"]] == [
        "heroku-community/apt",
        "heroku/python",
    ]
    assert "espeak-ng" in (PROJECT_ROOT / "Aptfile").read_text().split()
    assert set(APP_JSON["formation"]) <= set(PROCESSES) - {"release"}
    env = APP_JSON["env"]
    assert env["VOICEAGENT_WEB"]["value"] in FRONT_DOORS
    outside_settings = {"VOICEAGENT_WEB", "ESPEAK_DATA_PATH"}
    fields = {name.upper() for name in Settings.model_fields}
    assert set(env) - outside_settings <= fields
    # What ENV=production refuses to start without is asked for, never defaulted.
    for name in ("SECRET_KEY", "ENCRYPTION_KEYS", "STRIPE_SECRET_KEY", "SMTP_URL", "SELLER_NAME"):
        assert "value" not in env[name], name


@pytest.mark.parametrize(
    ("front_door", "message"),
    [
        ("shop", "'shop' is not one of 'admin', 'portal', 'api', 'voice'"),
        (None, "Set VOICEAGENT_WEB to the front door this app serves: admin, portal, api, voice"),
    ],
)
def test_web_without_a_known_front_door_says_which_exist(
    tmp_path: Path, front_door: str | None, message: str
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "VOICEAGENT_WEB"}
    if front_door is not None:
        env["VOICEAGENT_WEB"] = front_door
    result = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [str(BIN / "voiceagent"), "web"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_front_door_takes_port_on_every_interface_unless_told_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PORT", raising=False)
    assert listen_address(None, None, default_host="127.0.0.1", default_port=8080) == (
        "127.0.0.1",
        8080,
    )
    monkeypatch.setenv("PORT", "41234")
    assert listen_address(None, None, default_host="127.0.0.1", default_port=8080) == (
        ALL_INTERFACES,
        41234,
    )
    # What is said on the command line wins over the platform's PORT.
    assert listen_address("127.0.0.1", 9000, default_host="x", default_port=1) == (
        "127.0.0.1",
        9000,
    )


@pytest.mark.parametrize("port", ["http", "0", "70000", "-1"])
def test_a_port_that_is_no_port_number_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, port: str
) -> None:
    monkeypatch.setenv("PORT", port)
    with pytest.raises(click.ClickException, match=f"PORT must be a port number, not '{port}'"):
        listen_address(None, None, default_host="127.0.0.1", default_port=8080)


@pytest.fixture(scope="module")
def heroku_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A dyno's environment: Heroku's postgres:// URLs, Heroku Key-Value Store's rediss://
    URL (TLS with a self-signed certificate), ENV=production with real-looking secrets; the
    release phase has run (as the owner) before any process starts."""
    with (
        scratch_database("voiceagent_heroku") as application_url,
        tls_redis(tmp_path_factory.mktemp("key-value-store")) as redis_url,
    ):
        heroku_url = application_url.replace("postgresql+psycopg://", "postgres://", 1)
        env = {k: v for k, v in os.environ.items() if k not in {"PORT", "VOICEAGENT_WEB"}}
        env |= {
            "PATH": os.pathsep.join([str(BIN), env.get("PATH", "")]),
            "ENV": "production",
            "DATABASE_URL": heroku_url,
            "DATABASE_OWNER_URL": owner_url(application_url).replace(
                "postgresql+psycopg://", "postgres://", 1
            ),
            "REDIS_URL": redis_url,
            "SECRET_KEY": "3f6c1e9a7b2d4c8e0f5a6b7c8d9e0f1a2b3c4d5e6f708192",
            "ENCRYPTION_KEYS": "q0Qm3bV6Yx9c1ZpF8tHk2sLw5nRj7uEa4dGi0oCyTXM=",
            "STRIPE_SECRET_KEY": "sk_test_51HerokuLocalCheckNotARealKey",
            "STRIPE_WEBHOOK_SECRET": "whsec_HerokuLocalCheckNotARealSecret",
            "SMTP_URL": "smtp://mailer:mail-password@127.0.0.1:2525",
            "TRUSTED_PROXY_HOPS": "1",
            "PORTAL_BASE_URL": "https://va-portal.herokuapp.com",
            "PUBLIC_BASE_URL": "https://va-voice.herokuapp.com",
            "TWILIO_AUTH_TOKEN": "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
            "PYTHONUNBUFFERED": "1",
            "METRICS_TOKEN": "mt_8c1d0e5f2a3b4c6d7e8f9a0b1c2d3e4f",
        } | {name.upper(): value for name, value in REAL_SELLER.items()}
        release = subprocess.run(  # noqa: S603 (the Procfile's release line, split)
            shlex.split(PROCESSES["release"]),
            cwd=tmp_path_factory.mktemp("release"),
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert release.returncode == 0, release.stdout + release.stderr
        yield env


@pytest.mark.parametrize(
    ("front_door", "path", "status"),
    [
        ("admin", "/login", 200),
        ("portal", "/login", 200),
        ("api", "/api/v1/openapi.json", 200),
        # Twilio POSTs here; a GET reaching the voice runtime is told the method is wrong.
        ("voice", "/twilio/voice", 405),
    ],
)
def test_web_serves_the_chosen_front_door_on_port_on_every_interface(
    heroku_env: dict[str, str], tmp_path: Path, front_door: str, path: str, status: int
) -> None:
    port = free_port()
    env = heroku_env | {"PORT": str(port), "VOICEAGENT_WEB": front_door}
    log = tmp_path / "web.log"
    process = start_procfile_line("web", env, log)
    try:
        response = wait_for_answer(f"http://127.0.0.1:{port}{path}", process, log)
        assert response.status_code == status, response.text[:500]
        assert listening_addresses(process.pid, port) == {ALL_INTERFACES}
        assert_operators_see_inside(f"http://127.0.0.1:{port}", env["METRICS_TOKEN"])
    finally:
        stop(process)


def test_the_api_front_door_answers_from_each_worker_and_outlives_one(
    heroku_env: dict[str, str], tmp_path: Path
) -> None:
    """`voiceagent api` runs WEB_CONCURRENCY uvicorn workers behind one port: both answer,
    and a worker that dies is replaced while the other goes on answering."""
    port = free_port()
    env = heroku_env | {"PORT": str(port), "WEB_CONCURRENCY": "2"}
    log = tmp_path / "api.log"
    process = start_procfile_line("api", env, log)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        wait_for_answer(f"{base}/openapi.json", process, log)
        workers = serving_workers(process.pid, port)
        assert len(workers) == 2, log.read_text()
        psutil.Process(workers[0]).kill()
        for _ in range(20):  # the survivor answers: no token, a plain 401
            answer = httpx.get(f"{base}/bots", timeout=10)
            assert answer.status_code == 401, answer.text
            assert answer.json()["error"]["message"]
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while sorted(serving_workers(process.pid, port)) in ([], [workers[1]]):
            assert time.monotonic() < deadline, (
                f"no worker replaced the dead one:\n{log.read_text()}"
            )
            time.sleep(0.2)
        assert len(serving_workers(process.pid, port)) == 2
    finally:
        stop(process)


def serving_workers(pid: int, port: int) -> list[int]:
    """The children of `pid` that listen on `port`: uvicorn's workers."""
    found = []
    for child in psutil.Process(pid).children():
        with contextlib.suppress(psutil.NoSuchProcess):
            if any(
                conn.status == psutil.CONN_LISTEN and conn.laddr.port == port
                for conn in child.net_connections(kind="tcp")
            ):
                found.append(child.pid)
    return found


def start_procfile_line(name: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """The Procfile's `name` line, started as on a dyno, its output written to `log`. It runs
    in the log's folder, which keeps a developer's .env out."""
    with log.open("w") as output:
        return subprocess.Popen(  # noqa: S603 (a Procfile line, split)
            shlex.split(PROCESSES[name]),
            cwd=log.parent,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def assert_operators_see_inside(base: str, metrics_token: str) -> None:
    """Liveness, readiness against the dyno's PostgreSQL and TLS Redis, and /metrics behind
    its token — merged across gunicorn's workers for the back office."""
    for _ in range(4):
        assert httpx.get(f"{base}/healthz", timeout=10).json() == {"status": "ok"}
    ready = httpx.get(f"{base}/readyz", timeout=10)
    assert (ready.status_code, ready.json()) == (200, {"status": "ready"})
    assert httpx.get(f"{base}/metrics", timeout=10).status_code == 403
    metrics = httpx.get(
        f"{base}/metrics", headers={"Authorization": f"Bearer {metrics_token}"}, timeout=10
    )
    assert metrics.status_code == 200
    healthz = 'voiceagent_http_requests_total{method="GET",route="/healthz",status="200"} 4.0'
    assert healthz in metrics.text


def wait_for_answer(url: str, process: subprocess.Popen[bytes], log: Path) -> httpx.Response:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, f"exited {process.returncode}:\n{log.read_text()}"
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail(f"nothing answered on {url}:\n{log.read_text()}")


def listening_addresses(pid: int, port: int) -> set[str]:
    """The addresses that `pid` or its children (gunicorn's workers) listen on at `port`."""
    root = psutil.Process(pid)
    addresses = set()
    for proc in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            for conn in proc.net_connections(kind="tcp"):
                if conn.status == psutil.CONN_LISTEN and conn.laddr.port == port:
                    addresses.add(conn.laddr.ip)
    return addresses


@contextlib.contextmanager
def background_dyno(
    name: str, env: dict[str, str], tmp_path: Path
) -> Iterator[Callable[[Callable[[], object], str], None]]:
    """The Procfile's `name` line running as on a dyno, with no web traffic; yields
    `wait_until(done, what)`, which polls `done()` while the process lives."""
    log = tmp_path / f"{name}.log"
    process = start_procfile_line(name, env, log)

    def wait_until(done: Callable[[], object], what: str) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not done():
            assert process.poll() is None, f"exited {process.returncode}:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"{what}:\n{log.read_text()}"
            time.sleep(0.2)

    try:
        yield wait_until
    finally:
        stop(process)


@pytest.fixture
def tls_redis_client(heroku_env: dict[str, str]) -> Iterator[redis.Redis]:
    client = redis_from_settings(load_settings(redis_url=heroku_env["REDIS_URL"]))
    yield client
    client.close()


def test_the_worker_dyno_serves_the_queues_over_tls_redis(
    heroku_env: dict[str, str], tls_redis_client: redis.Redis, tmp_path: Path
) -> None:
    """The worker, started from its Procfile line on the dyno's environment, registers with
    Redis at the rediss:// URL — which only works when the self-signed certificate is taken."""
    with background_dyno("worker", heroku_env, tmp_path) as wait_until:
        wait_until(lambda: rq.Worker.all(connection=tls_redis_client), "no worker registered")
        [registered] = rq.Worker.all(connection=tls_redis_client)
        assert set(registered.queue_names()) == set(QUEUE_NAMES)


def test_the_cron_dyno_schedules_over_tls_redis(
    heroku_env: dict[str, str], tls_redis_client: redis.Redis, tmp_path: Path
) -> None:
    """The cron line, on the dyno's environment, registers RQ's cron scheduler with the
    rediss:// Redis and enqueues its first due job there, in JSON for our workers."""
    provisioning = queue("provisioning", tls_redis_client)
    with background_dyno("cron", heroku_env, tmp_path) as wait_until:
        wait_until(lambda: provisioning.job_ids, "nothing scheduled")
        [scheduler] = CronScheduler.all(connection=tls_redis_client)
        names = {job.name for job in scheduler.get_jobs()}
        assert "jobs.billing.monthly_invoice_run" in names, names
        [job_id] = provisioning.job_ids
        job = provisioning.fetch_job(job_id)
        assert job is not None
        assert job.func_name == "jobs.provisioning.dispatch_provisioning"


def stop(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, 15)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.wait(timeout=10)
