"""REST API speed for a tenant with 100,000 calls, under a bounded loopback load.

Builds a scratch PostgreSQL database (dropped at the end) with `--calls` calls, starts the
API (the same app the portal mounts at /api/v1) under uvicorn in a second process, and sends
an open-loop load of `--rate` requests a second for `--seconds` seconds, spread evenly over
    GET /calls (first page), GET /calls?cursor=<deep in the list>, GET /bots.
Latency counts from the moment a request was due, so a server that falls behind shows it.
The per-token rate limit is raised for the run (it would otherwise answer 429 by design).
Prints p50 and p95 per request; the last line is `worst_p95_ms=N` (target: under 50 ms).
The API connects as the application role, held to row-level security (bench/app_role.py);
`--superuser` serves as the owner instead, for the figure without it.

    .venv/bin/python bench/api_load.py [--calls 100000] [--rate 200] [--seconds 20] [--superuser]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.app_role import application_url  # noqa: E402
from bench.scratch_data import EMAIL, free_port, load_tenant  # noqa: E402
from cli.serving import settle_heap  # noqa: E402
from customer_ui.api.routes.calls import encode_cursor  # noqa: E402
from models import TokenScope, User  # noqa: E402
from models.database import make_engine, make_session_factory  # noqa: E402
from models.migrate import upgrade  # noqa: E402
from models.scoping import staff_session  # noqa: E402
from services.api_tokens import create_api_token  # noqa: E402
from services.call_history import CallCursor  # noqa: E402

ADMIN_DSN = os.environ.get(
    "BENCH_POSTGRES_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
DEEP_OFFSET = 0.9  # the deep cursor points 90 % into the list


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--rate", type=int, default=200, help="requests per second, in all")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--superuser", action="store_true", help="serve as the owner (no RLS)")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)  # the server process
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return

    name = f"voiceagent_bench_api_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    dsn = f"{ADMIN_DSN.rsplit('/', 1)[0]}/{name}"
    url = dsn.replace("postgresql://", "postgresql+psycopg://", 1)
    serving_url = url if args.superuser else application_url(url, ADMIN_DSN)
    try:
        upgrade(database_url=url, application_url=serving_url)
        started = time.perf_counter()
        load_tenant(dsn, args.calls)
        token, deep_cursor = prepare(url, args.calls)
        print(f"loaded {args.calls} calls in {time.perf_counter() - started:.1f} s")
        port = free_port()
        server = start_server(serving_url, port)
        try:
            base = f"http://127.0.0.1:{port}"
            paths = {
                "calls_first": "/calls",
                "calls_deep": f"/calls?cursor={deep_cursor}",
                "bots": "/bots",
            }
            results = asyncio.run(load(base, token, paths, args.rate, args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=20)
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    worst = 0.0
    for label, (times, failures) in results.items():
        p50 = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[18]
        worst = max(worst, p95)
        print(f"{label:<12} n={len(times)} failed={failures} p50_ms={p50:.1f} p95_ms={p95:.1f}")
    print(f"worst_p95_ms={worst:.1f}")


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


def start_server(url: str, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "ENV": "test",
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_URL,
        "API_RATE_LIMIT_PER_MINUTE": "1000000",
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(  # noqa: S603 — this same script, as the server
        [sys.executable, __file__, "--serve", str(port)], env=env, cwd=ROOT
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("the API server did not start")


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


async def load(
    base: str, token: str, paths: dict[str, str], rate: int, seconds: float
) -> dict[str, tuple[list[float], int]]:
    results: dict[str, tuple[list[float], int]] = {label: ([], 0) for label in paths}
    labels = list(paths)
    total = int(rate * seconds)
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits) as client:
        for label in labels:  # warm up each path once (connections, query plans)
            await client.get(paths[label])
        start = time.perf_counter()

        async def one(n: int) -> None:
            due = start + n / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            label = labels[n % len(labels)]
            response = await client.get(paths[label], timeout=10)
            elapsed_ms = (time.perf_counter() - due) * 1000
            times, failures = results[label]
            times.append(elapsed_ms)
            if response.status_code != 200:
                results[label] = (times, failures + 1)

        await asyncio.gather(*(one(n) for n in range(total)))
    return results


if __name__ == "__main__":
    main()
