"""The portal's CPU a page as instructions, which a busy or slower machine does not move.

`bench/portal_pages.py` measures the time to a page under load, and that moves with this
shared machine's speed by as much as a change is worth, so a cut of 5 % in a page's CPU
cannot be told apart there. This counts the instructions the portal process executes for
each page instead (valgrind's callgrind): the same code gives nearly the same count.

It builds portal_pages.py's scratch database (`--calls` calls, served as the application
role, dropped at the end), logs in once on a plain portal (headless chromium; the login
holds on every portal sharing the Redis), then starts the real `voiceagent portal` under
`valgrind --tool=callgrind --instr-atstart=no` and asks it for each of portal_pages.py's
pages (dashboard, calls, a deep calls page, usage) one request at a time: a warm-up, then
`--requests` of the page with the counting switched on (`callgrind_control -i on`), then a
dump of what was counted. The same is done for the minimal reference, a bare Starlette
route under uvicorn answering each page's HTML from memory.

What a page costs includes what the process does meanwhile in the background (NiceGUI's
timers, the pages it holds for browsers that never connect), which valgrind's slowness
stretches over more wall time than it takes unhindered: the count slightly overstates a
page, the same way before and after a change. Needs valgrind (`apt-get install -y
valgrind`). Takes ~4 minutes. The last line:

    instructions_per_page=… reference_instructions_per_page=… instruction_ratio_to_reference=…

    .venv/bin/python bench/portal_instructions.py [--calls 100000] [--requests 20]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.portal_pages import (  # noqa: E402
    log_in,
    portal_environment,
    scratch_portal_database,
    start_portal,
    wait_until_up,
)
from bench.scratch_data import free_port  # noqa: E402

WARM_UP = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--deep", type=int, default=75_000, help="calls above the deep page")
    parser.add_argument("--requests", type=int, default=20, help="counted, of each page")
    parser.add_argument("--reference", type=Path, help=argparse.SUPPRESS)  # under valgrind
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reference:
        serve_reference(args.reference, args.port)
        return
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        sys.exit("valgrind is not installed: apt-get install -y valgrind")

    with (
        scratch_portal_database(args.calls, args.deep) as (serving_dsn, pages),
        tempfile.TemporaryDirectory() as folder,
    ):
        cookies, bodies = logged_in(serving_dsn, pages)
        answers = Path(folder) / "answers.json"
        answers.write_text(json.dumps(bodies))
        portal = [sys.executable, str(Path(sys.executable).parent / "voiceagent"), "portal"]
        reference = [sys.executable, __file__, "--reference", str(answers)]
        ours = count(valgrind, portal, serving_dsn, pages, cookies, args.requests, Path(folder))
        theirs = count(
            valgrind, reference, serving_dsn, pages, cookies, args.requests, Path(folder)
        )

    for page in pages:
        print(
            f"{page:<11} instructions_per_page={ours[page] / 1e6:.1f}M"
            f" reference={theirs[page] / 1e6:.2f}M"
        )
    mine, base = statistics.mean(ours.values()), statistics.mean(theirs.values())
    print(
        f"instructions_per_page={mine / 1e6:.1f}M "
        f"reference_instructions_per_page={base / 1e6:.2f}M "
        f"instruction_ratio_to_reference={mine / base:.1f}"
    )


def logged_in(serving_dsn: str, pages: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The login's cookies, made on a plain portal, and each page's HTML as it answers."""
    port = free_port()
    portal = start_portal(serving_dsn, port)
    try:
        url = f"http://127.0.0.1:{port}"
        cookies = log_in(url)
        with httpx.Client(base_url=url, cookies=cookies, timeout=30) as client:
            bodies = {path: answer(client, path) for path in pages.values()}
    finally:
        portal.terminate()
        portal.wait(timeout=20)
    return cookies, bodies


def count(
    valgrind: str,
    command: list[str],
    serving_dsn: str,
    pages: dict[str, str],
    cookies: dict[str, str],
    requests: int,
    folder: Path,
) -> dict[str, float]:
    """Instructions a request of each page for the server `command` starts, under callgrind."""
    port = free_port()
    out = folder / f"{Path(command[1]).stem}-{port}.out"
    server = subprocess.Popen(  # noqa: S603 — our own console script or this script
        [
            valgrind,
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={out}",
            *command,
            "--port",
            str(port),
        ],
        env=portal_environment(serving_dsn),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    control = shutil.which("callgrind_control") or "callgrind_control"
    counted: dict[str, float] = {}
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, server, seconds=300)  # ~5x slower to start under valgrind
        with httpx.Client(base_url=url, cookies=cookies, timeout=120) as client:
            for page, path in pages.items():
                for _ in range(WARM_UP):
                    answer(client, path)
                callgrind(control, "-i", "on", server.pid)
                for _ in range(requests):
                    answer(client, path)
                callgrind(control, "-i", "off", server.pid)
                counted[page] = dumped(control, server.pid, folder) / requests
    finally:
        server.terminate()
        server.wait(timeout=60)
    return counted


def callgrind(control: str, *arguments: str | int) -> None:
    subprocess.run([control, *map(str, arguments)], check=True, capture_output=True)  # noqa: S603


def dumped(control: str, pid: int, folder: Path) -> int:
    """Dump what was counted since the last dump and return its instructions."""
    before = set(folder.glob("*.out.*"))
    callgrind(control, "-d", pid)
    for _ in range(100):
        new = set(folder.glob("*.out.*")) - before
        if new:
            text = new.pop().read_text()
            found = re.search(r"^totals: (\d+)", text, re.MULTILINE)
            if found:
                return int(found[1])
        time.sleep(0.1)
    raise RuntimeError("callgrind wrote no dump")


def answer(client: httpx.Client, path: str) -> str:
    response = client.get(path)
    if response.status_code != 200 or "/login" in str(response.url):
        raise RuntimeError(f"{path}: {response.status_code} {response.url} (not logged in?)")
    return response.text


def serve_reference(answers: Path, port: int) -> None:
    """A bare Starlette route under uvicorn answering each page's HTML from memory."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    bodies: dict[str, str] = json.loads(answers.read_text())
    bodies["/login"] = "<html></html>"

    async def page(request: Request) -> HTMLResponse:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return HTMLResponse(bodies[path])

    app = Starlette(routes=[Route("/{rest:path}", page)])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
