"""REST API speed for a tenant with 100,000 calls, under a bounded loopback load.

Builds a scratch PostgreSQL database (dropped at the end) with `--calls` calls, starts the
API (the same app the portal mounts at /api/v1) under uvicorn in a second process, and sends
an open-loop load of `--rate` requests a second for `--seconds` seconds, spread evenly over
    GET /calls (first page), GET /calls?cursor=<deep in the list>, GET /bots.
Latency counts from the moment a request was due, so a server that falls behind shows it;
a request that times out or fails to connect counts as failed (at the time it gave up).
The per-token rate limit is raised for the run (it would otherwise answer 429 by design).
Prints p50 and p95 per request; the last line is `worst_p95_ms=N` (target: under 50 ms).
The API connects as the application role, held to row-level security (bench/app_role.py);
`--superuser` serves as the owner instead, for the figure without it.

`--capacity` searches instead for the highest rate whose every request's p95 meets
`--bound-ms` (50) with nothing failed: steps of `--step-seconds` from `--rate` upwards by
half (or downwards by halves if it missed), then halves the gap to the first rate that
missed, twice (a step that misses is run once more before the rate counts as missed: the
machine is shared). The same search runs against
a minimal reference in the same run — a bare Starlette app answering the same three
requests with the same JSON from memory, one process like ours — so a busy machine moves
both figures. The last line:
    capacity_rps=… cpu_ms_per_request=… p95_ms_at_capacity=… reference_capacity_rps=…
    capacity_ratio_to_reference=…
(cpu_ms_per_request: the API process's CPU time per request, the median over the steps
that failed nothing — lower at higher rates, where the work batches per loop turn.)

Each server runs on a core of its own and the load on the other (bench/cores.py, as
bench/voice_load.py does and issue 14 measured). Unpinned, the load generator took turns
with the server on both cores and the server's latency showed the generator's work: in one
sitting (2026-12-07, `--capacity`) the same code gave 506, 506 and 450 requests a second
unpinned, 619 and 506 pinned (`--quick` pinned: 562–759). `--no-pin` runs unpinned.

    .venv/bin/python bench/api_load.py [--calls 100000] [--rate 200] [--seconds 20] [--superuser]
    .venv/bin/python bench/api_load.py --capacity [--rate 50] [--step-seconds 8] [--superuser]
    .venv/bin/python bench/api_load.py --quick     (the capacity search, short: a minute or two)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cores import LOAD_CORE, SERVER_CORE, pin_to  # noqa: E402
from bench.scratch_data import EMAIL, free_port, scratch_tenant_database  # noqa: E402
from cli.serving import settle_heap  # noqa: E402
from customer_ui.api.routes.calls import encode_cursor  # noqa: E402
from models import TokenScope, User  # noqa: E402
from models.database import make_engine, make_session_factory  # noqa: E402
from models.scoping import staff_session  # noqa: E402
from services.api_tokens import create_api_token  # noqa: E402
from services.call_history import CallCursor  # noqa: E402

ADMIN_DSN = os.environ.get(
    "BENCH_POSTGRES_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
DEEP_OFFSET = 0.9  # the deep cursor points 90 % into the list
TIMEOUT_S = 10.0  # a request still unanswered after this counts as failed
DRAIN_TIMEOUT_S = 60.0  # beyond the server's pool timeout (30 s)
REFINE_STEPS = 2  # halvings of the gap between the last rate met and the first missed


@dataclass
class Step:
    """One open-loop run at `rate`: latencies and failures per request, and the server's CPU."""

    rate: float
    times: dict[str, list[float]] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    first_error: str = ""
    statuses: dict[str, int] = field(default_factory=dict)  # failures by kind ("HTTP 503")
    cpu_s: float = 0.0

    @property
    def cpu_ms_per_request(self) -> float:
        return self.cpu_s * 1000 / self.requests if self.requests else 0.0

    @property
    def requests(self) -> int:
        return sum(len(t) for t in self.times.values())

    @property
    def failed(self) -> int:
        return sum(self.failures.values())

    def p95(self, label: str) -> float:
        times = self.times[label]
        return statistics.quantiles(times, n=20)[18] if len(times) >= 2 else times[0]

    @property
    def worst_p95(self) -> float:
        return max(self.p95(label) for label in self.times)

    def meets(self, bound_ms: float) -> bool:
        return not self.failed and self.worst_p95 <= bound_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--rate", type=int, default=200, help="requests per second, in all")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--superuser", action="store_true", help="serve as the owner (no RLS)")
    parser.add_argument("--capacity", action="store_true", help="search the highest rate")
    parser.add_argument("--bound-ms", type=float, default=50.0, help="p95 bound for --capacity")
    parser.add_argument("--step-seconds", type=float, default=8.0)
    parser.add_argument("--max-rate", type=int, default=3000)
    parser.add_argument("--no-pin", action="store_true", help="servers and load on any core")
    parser.add_argument(
        "--quick", action="store_true", help="a short capacity search: 10,000 calls, 3 s steps"
    )
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)  # the server process
    parser.add_argument("--serve-reference", nargs=2, help=argparse.SUPPRESS)  # port, bodies
    args = parser.parse_args()
    if args.quick:
        args.capacity, args.calls, args.step_seconds = True, 10_000, 3.0
    if (args.serve or args.serve_reference) and os.environ.get(PINNED):
        pin_to(SERVER_CORE)
    if args.serve:
        serve(args.serve)
        return
    if args.serve_reference:
        serve_reference(int(args.serve_reference[0]), Path(args.serve_reference[1]))
        return

    if not args.no_pin:
        pin_to(LOAD_CORE)
        os.environ[PINNED] = "1"  # for the servers this process starts
    with scratch_api(args.calls, superuser=args.superuser) as api:
        if not args.capacity:
            step = asyncio.run(load(api.base, api.token, api.paths, args.rate, args.seconds))
            report(step)
            print(f"worst_p95_ms={step.worst_p95:.1f}")
            return
        our_steps: list[Step] = []
        ours, at_ours = capacity(api, args, our_steps)
        bodies = asyncio.run(fetch_bodies(api.base, api.token, api.paths))
    reference_steps: list[Step] = []
    with reference_server(bodies) as reference:
        theirs, _ = capacity(reference, args, reference_steps)
    ratio = ours / theirs if theirs else 0.0
    cpu_ms, reference_cpu_ms = cpu_per_request(our_steps), cpu_per_request(reference_steps)
    p95 = at_ours.worst_p95 if at_ours else 0.0
    print(
        f"capacity_rps={ours:.0f} cpu_ms_per_request={cpu_ms:.2f} p95_ms_at_capacity={p95:.1f} "
        f"reference_capacity_rps={theirs:.0f} capacity_ratio_to_reference={ratio:.2f} "
        f"rps_per_core_by_cpu={1000 / cpu_ms if cpu_ms else 0:.0f} "
        f"reference_cpu_ms_per_request={reference_cpu_ms:.2f} "
        f"cpu_ratio_to_reference={cpu_ms / reference_cpu_ms if reference_cpu_ms else 0:.1f}"
    )


# Set for the server processes of a pinned run (see the module's docstring).
PINNED = "BENCH_PIN_SERVER"


def cpu_per_request(steps: list[Step]) -> float:
    """The server's CPU per request, median over the steps that failed nothing (over all
    if none did): what one request costs, which a loaded machine moves far less than the
    latency bound — 1000 / it is the requests a second one core could serve."""
    clean = [s.cpu_ms_per_request for s in steps if not s.failed] or [
        s.cpu_ms_per_request for s in steps
    ]
    return statistics.median(clean) if clean else 0.0


@dataclass
class Served:
    """A server under load: where it is, what to ask it, and its process (for CPU)."""

    base: str
    token: str
    paths: dict[str, str]
    process: subprocess.Popen


@contextlib.contextmanager
def scratch_database_with_calls(
    calls: int, *, superuser: bool = False
) -> Iterator[tuple[str, str, str]]:
    """A scratch database with `calls` calls, dropped afterwards: the URL that serves it as
    the application role (or as the owner), a read token and a cursor deep in the list."""
    with scratch_tenant_database("api", calls, ADMIN_DSN, superuser=superuser) as (dsn, url):
        token, deep_cursor = prepare(
            dsn.replace("postgresql://", "postgresql+psycopg://", 1), calls
        )
        yield url, token, deep_cursor


@contextlib.contextmanager
def scratch_api(calls: int, *, superuser: bool) -> Iterator[Served]:
    """The API on a scratch database with `calls` calls, as the application role (or owner)."""
    with scratch_database_with_calls(calls, superuser=superuser) as (url, token, deep_cursor):
        port = free_port()
        server = start_server(url, port)
        try:
            yield Served(f"http://127.0.0.1:{port}", token, api_paths(deep_cursor), server)
        finally:
            server.terminate()
            server.wait(timeout=20)


def api_paths(deep_cursor: str) -> dict[str, str]:
    """The three requests of the load, by label."""
    return {
        "calls_first": "/calls",
        "calls_deep": f"/calls?cursor={deep_cursor}",
        "bots": "/bots",
    }


def capacity(
    served: Served, args: argparse.Namespace, steps: list[Step]
) -> tuple[float, Step | None]:
    """The highest rate (requests/s) whose step met the bound, and that step; every step run
    is added to `steps`."""

    def run(rate: float) -> Step:
        """A step at `rate`; one that misses is run again (the machine is shared): the rate
        is missed when both do."""
        for _attempt in range(2):
            step = asyncio.run(
                load(
                    served.base, served.token, served.paths, rate, args.step_seconds, served.process
                )
            )
            steps.append(step)
            verdict = "met" if step.meets(args.bound_ms) else "missed"
            error = f" ({step.first_error})" if step.first_error else ""
            print(
                f"  {served.base} {rate:.0f}/s: worst_p95_ms={step.worst_p95:.1f} "
                f"failed={step.failed}{error} cpu_ms_per_request={step.cpu_ms_per_request:.2f} "
                f"{verdict}",
                flush=True,
            )
            if step.meets(args.bound_ms):
                break
        return step

    best: Step | None = None
    rate, missed = float(args.rate), 0.0
    while rate <= args.max_rate:
        step = run(rate)
        if not step.meets(args.bound_ms):
            missed = rate
            break
        best = step
        rate *= 1.5
    while best is None and missed >= 10:  # the first rate missed: downwards by halves
        step = run(missed / 2)
        if step.meets(args.bound_ms):
            best = step
        else:
            missed /= 2
    low = best.rate if best else 0.0
    for _ in range(REFINE_STEPS):
        middle = (low + missed) / 2
        if middle - low < 5:  # also when nothing missed up to --max-rate
            break
        step = run(middle)
        if step.meets(args.bound_ms):
            best, low = step, middle
        else:
            missed = middle
    return low, best


def report(step: Step) -> None:
    for label, times in step.times.items():
        print(
            f"{label:<12} n={len(times)} failed={step.failures[label]} "
            f"p50_ms={statistics.median(times):.1f} p95_ms={step.p95(label):.1f}"
        )
    if step.first_error:
        print(f"first failure: {step.first_error}; failures by kind: {step.statuses}")


def prepare(url: str, calls: int) -> tuple[str, str]:
    """A read token for the bench tenant's admin, and a cursor deep in its calls."""
    engine = make_engine(url)
    try:
        with staff_session(make_session_factory(engine)) as session:
            admin = session.query(User).filter_by(email=EMAIL).one()
            token = create_api_token(
                session=session, creator=admin, name="bench", scope=TokenScope.READ
            )
            started_at, call_id = session.execute(
                psycopg_sql_deep_row(), {"offset": int(calls * DEEP_OFFSET)}
            ).one()
            session.commit()
    finally:
        engine.dispose()
    return token.plain, encode_cursor(CallCursor(started_at, call_id))


def psycopg_sql_deep_row():  # noqa: ANN201 — a SQLAlchemy text clause
    from sqlalchemy import text

    return text(
        "SELECT started_at, id FROM calls ORDER BY started_at DESC, id DESC OFFSET :offset LIMIT 1"
    )


def _start(arguments: list[str], port: int, env: dict[str, str]) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603 — this same script, as a server
        [sys.executable, __file__, *arguments], env=env, cwd=ROOT
    )
    deadline = time.monotonic() + 120  # a loaded machine: the first OpenAPI document can take
    while time.monotonic() < deadline:  # seconds to build
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=15).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("the server did not start")


def start_server(url: str, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "ENV": "test",
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_URL,
        "API_RATE_LIMIT_PER_MINUTE": "1000000",
        "LOG_LEVEL": "WARNING",
    }
    return _start(["--serve", str(port)], port, env)


def serve(port: int) -> None:
    import redis
    import uvicorn

    from core.settings import load_settings
    from customer_ui.api import create_api

    settings = load_settings()
    app = create_api(
        settings=settings,
        session_factory=make_session_factory(make_engine(settings.database_url)),
        redis_client=redis.Redis.from_url(settings.redis_url or REDIS_URL),
    )
    settle_heap()  # as `voiceagent portal` does
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


async def fetch_bodies(base: str, token: str, paths: dict[str, str]) -> dict[str, str]:
    """What the API answers to each request, for the reference to answer from memory."""
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers) as client:
        return {path: (await client.get(path)).text for path in paths.values()}


class reference_server:  # noqa: N801 — used as a context manager, like a function
    """The minimal reference: a bare Starlette app in its own process, same answers."""

    def __init__(self, bodies: dict[str, str]) -> None:
        self.bodies = bodies

    def __enter__(self) -> Served:
        self.folder = tempfile.TemporaryDirectory()
        stored = Path(self.folder.name) / "bodies.json"
        stored.write_text(json.dumps(self.bodies))
        port = free_port()
        self.process = _start(["--serve-reference", str(port), str(stored)], port, dict(os.environ))
        paths = {f"path{n}": path for n, path in enumerate(self.bodies)}
        return Served(f"http://127.0.0.1:{port}", "reference", paths, self.process)

    def __exit__(self, *_exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
        self.folder.cleanup()


def serve_reference(port: int, stored: Path) -> None:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    bodies = {path: body.encode() for path, body in json.loads(stored.read_text()).items()}
    bodies["/openapi.json"] = b"{}"

    async def answer(request: Request) -> Response:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return Response(bodies[path], media_type="application/json")

    app = Starlette(routes=[Route("/{rest:path}", answer)])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


async def load(
    base: str,
    token: str,
    paths: dict[str, str],
    rate: float,
    seconds: float,
    server: subprocess.Popen | None = None,
    until: Callable[[], bool] | None = None,
) -> Step:
    """An open-loop load at `rate` for `seconds` (or, with `until`, until it says stop).

    The load comes from aiohttp's client: httpx costs the load generator ~1 ms of CPU a
    request, which on this 2-core machine took the core the server needed at a few hundred
    requests a second (both our API and the reference then missed together)."""
    step = Step(rate, {label: [] for label in paths}, dict.fromkeys(paths, 0))
    labels = list(paths)
    headers = {"Authorization": f"Bearer {token}"}
    process = psutil.Process(server.pid) if server is not None else None
    connector = aiohttp.TCPConnector(limit=64)
    timeout = aiohttp.ClientTimeout(total=TIMEOUT_S)
    async with aiohttp.ClientSession(
        base, headers=headers, connector=connector, timeout=timeout
    ) as client:
        for label in labels:  # warm up each path once (connections, query plans), and let a
            # server still behind from the last step catch up
            with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                async with client.get(paths[label], timeout=aiohttp.ClientTimeout(DRAIN_TIMEOUT_S)):
                    pass
        cpu_before = sum(process.cpu_times()[:2]) if process else 0.0
        start = time.perf_counter()

        async def one(n: int, due: float) -> None:
            label = labels[n % len(labels)]
            try:
                async with client.get(paths[label]) as response:
                    await response.read()
                    problem = "" if response.status == 200 else f"HTTP {response.status}"
            except (aiohttp.ClientError, TimeoutError) as error:  # a timeout, a refused or
                problem = type(error).__name__  # dropped connection
            step.times[label].append((time.perf_counter() - due) * 1000)
            if problem:
                step.failures[label] += 1
                step.statuses[problem] = step.statuses.get(problem, 0) + 1
                step.first_error = step.first_error or f"{label}: {problem}"

        requests: list[asyncio.Task[None]] = []
        n = 0
        while (until is None and n < rate * seconds) or (until is not None and not until()):
            due = start + n / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            requests.append(asyncio.create_task(one(n, due)))
            n += 1
        await asyncio.gather(*requests)
        if process:
            step.cpu_s = sum(process.cpu_times()[:2]) - cpu_before
    return step


if __name__ == "__main__":
    main()
