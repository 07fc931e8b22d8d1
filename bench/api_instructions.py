"""The REST API's CPU a request as instructions, which a busy or slower machine does not move.

`bench/api_load.py` measures capacity and CPU seconds, and both move with the machine's speed
by up to half from one hour to the next on this shared VM, so a change of 5–10 % cannot be
told apart there. This counts the instructions the API process executes per request instead
(valgrind's callgrind): the same code gives the same count to ~0.3 %, whatever else runs.

It builds a scratch PostgreSQL database with `--calls` calls (dropped at the end), then runs
itself under `valgrind --tool=callgrind --instr-atstart=no`: the API app (as the portal
mounts it, as the application role, held to row-level security) is built in that process
and driven in-process through ASGI, the bench's three requests of bench/api_load.py
(GET /calls, a page 90 % deep, GET /bots) with a read token; after a warm-up the counting is
switched on (`callgrind_control -i on`) for `--requests` of each, then off. The same is done
for the minimal reference, a bare Starlette route answering the same bodies from memory.
Needs valgrind (`apt-get install -y valgrind`). Takes ~2 minutes. The last line:

    instructions_per_request=… reference_instructions_per_request=… instruction_ratio_to_reference=…

    .venv/bin/python bench/api_instructions.py [--calls 100000] [--requests 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api_load import REDIS_URL, api_paths, scratch_database_with_calls  # noqa: E402

Asgi = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100, help="of each of the three")
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)  # under valgrind
    args = parser.parse_args()
    if args.measure:
        asyncio.run(measure(args.measure[0], Path(args.measure[1]), args.requests))
        return
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        sys.exit("valgrind is not installed: apt-get install -y valgrind")
    with (
        scratch_database_with_calls(args.calls) as (serving_url, token, deep_cursor),
        tempfile.TemporaryDirectory() as folder,
    ):
        plan = Path(folder) / "plan.json"
        paths = list(api_paths(deep_cursor).values())
        plan.write_text(json.dumps({"url": serving_url, "token": token, "paths": paths}))
        ours = instructions(valgrind, "api", plan, args.requests, Path(folder))
        theirs = instructions(valgrind, "reference", plan, args.requests, Path(folder))
    print(
        f"instructions_per_request={ours / 1e6:.2f}M "
        f"reference_instructions_per_request={theirs / 1e6:.2f}M "
        f"instruction_ratio_to_reference={ours / theirs:.1f}"
    )


def instructions(valgrind: str, which: str, plan: Path, requests: int, folder: Path) -> float:
    """Instructions a request of `which` ("api" or "reference"), counted by callgrind."""
    run = subprocess.run(  # noqa: S603 — this same script, under valgrind
        [
            valgrind,
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={folder / which}.out",
            sys.executable,
            __file__,
            "--measure",
            which,
            str(plan),
            "--requests",
            str(requests),
        ],
        env={**os.environ, "ENV": "test", "REDIS_URL": REDIS_URL, "LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode or not found:
        sys.exit(f"{which}: the measured run failed:\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
    return int(found[1]) / (requests * 3)


async def measure(which: str, plan_file: Path, requests: int) -> None:
    """Under valgrind: build `which`, warm it up, count `requests` of each path."""
    plan = json.loads(plan_file.read_text())
    app = api_app(plan["url"]) if which == "api" else await reference_app(plan)
    token: str = plan["token"]
    paths: list[str] = plan["paths"]
    for _ in range(30):
        for path in paths:
            await ask(app, path, token)
    counting = [shutil.which("callgrind_control") or "callgrind_control", "-i"]
    subprocess.run([*counting, "on", str(os.getpid())], check=True, capture_output=True)  # noqa: S603
    for _ in range(requests):
        for path in paths:
            await ask(app, path, token)
    subprocess.run([*counting, "off", str(os.getpid())], check=True, capture_output=True)  # noqa: S603


def api_app(serving_url: str) -> Asgi:
    import redis

    from cli.serving import settle_heap
    from core.settings import load_settings
    from customer_ui.api import create_api
    from models.database import make_engine, make_session_factory

    settings = load_settings(database_url=serving_url, api_rate_limit_per_minute=10**9)
    app = create_api(
        settings=settings,
        session_factory=make_session_factory(make_engine(serving_url)),
        redis_client=redis.Redis.from_url(REDIS_URL),
    )
    settle_heap()  # as `voiceagent portal` and `voiceagent api` do
    return app


async def reference_app(plan: dict[str, Any]) -> Asgi:
    """A bare Starlette route answering what the API answered, from memory."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    api = api_app(plan["url"])
    bodies = {path: await ask(api, path, plan["token"]) for path in plan["paths"]}

    async def answer(request: Request) -> Response:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return Response(bodies[path], media_type="application/json")

    return Starlette(routes=[Route("/{rest:path}", answer)])


async def ask(app: Asgi, target: str, token: str) -> bytes:
    """One GET through the app as uvicorn would hand it over; its body (a 200 or exit)."""
    path, _, query = target.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": [(b"host", b"127.0.0.1"), (b"authorization", f"Bearer {token}".encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    if sent[0]["status"] != 200:
        sys.exit(f"{target}: HTTP {sent[0]['status']}")
    return b"".join(m.get("body", b"") for m in sent[1:])


if __name__ == "__main__":
    main()
