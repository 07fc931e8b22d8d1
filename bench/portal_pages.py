"""Portal page speed for a tenant with 100,000 calls.

Builds a scratch PostgreSQL database (dropped at the end), loads one tenant with `--calls`
calls over the last 60 days and one usage event per call, starts the real `voiceagent portal`
on a free loopback port, connected as the application role as in production (row security
applies; `--superuser` connects as the owner, which bypasses it), logs in once with headless
chromium (the login is a websocket action), and then requests the dashboard, the calls list
(its first page, and the page that starts `--deep` calls down, opened by the cursor its
"Older" link would carry, read from the database at setup) and the usage page with that
session cookie from `--clients` concurrent clients (default 8), `--requests` times each. The
figure is the server's time to the first render: the page request's answer. The portals
import this tree's code (PYTHONPATH), not the code the virtualenv's editable install points
at.
`--processes N` starts N portal processes (one database, one Redis for their sessions) and
gives client k process k mod N, as a router with session affinity would; the login on the
first process holds on every other one, or the bench stops.
Prints p50 and p95 per page; the last line is `worst_p95_ms=… clients=… processes=…`
(target: under 150 ms with 8 clients).

    .venv/bin/python bench/portal_pages.py [--calls 100000] [--clients 8] [--requests 40]
                                           [--processes 2] [--deep 75000]
                                           [--superuser]
    .venv/bin/python bench/portal_pages.py --quick   (10,000 calls, 10 requests a page)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch_data import EMAIL, PASSWORD, free_port, scratch_tenant_database  # noqa: E402
from services.call_history import CallCursor  # noqa: E402

ADMIN_DSN = os.environ.get(
    "BENCH_POSTGRES_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
PAGES = {
    "dashboard": "/",
    "calls": "/calls",
    "calls_deep": "/calls?after={deep}",
    "usage": "/usage",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--processes", type=int, default=1, help="portal processes")
    parser.add_argument("--requests", type=int, default=40, help="per client and page")
    parser.add_argument("--deep", type=int, default=75_000, help="calls above the deep page")
    parser.add_argument(
        "--superuser", action="store_true", help="serve as the owner (row security bypassed)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="a short run: 10,000 calls, 10 requests a page"
    )
    args = parser.parse_args()
    if args.quick:
        args.calls, args.requests, args.deep = 10_000, 10, 7_500

    with scratch_portal_database(args.calls, args.deep, superuser=args.superuser) as (
        serving_dsn,
        pages,
    ):
        ports = [free_port() for _ in range(args.processes)]
        portals: list[subprocess.Popen] = []
        try:
            for port in ports:
                portals.append(start_portal(serving_dsn, port))
            urls = [f"http://127.0.0.1:{port}" for port in ports]
            cookies = log_in(urls[0])
            results = asyncio.run(measure(urls, pages, cookies, args.clients, args.requests))
        finally:
            for portal in portals:
                portal.terminate()
                portal.wait(timeout=20)

    worst = 0.0
    for page, times in results.items():
        p50 = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[18]
        worst = max(worst, p95)
        print(f"{page:<11} n={len(times)} p50_ms={p50:.1f} p95_ms={p95:.1f}")
    print(f"worst_p95_ms={worst:.1f} clients={args.clients} processes={args.processes}")


@contextlib.contextmanager
def scratch_portal_database(
    calls: int, deep: int, *, superuser: bool = False
) -> Iterator[tuple[str, dict[str, str]]]:
    """A scratch database with one tenant's `calls` calls, dropped afterwards: the DSN that
    serves it as the application role (or as the owner), and the pages to ask for."""
    with scratch_tenant_database("portal", calls, ADMIN_DSN, superuser=superuser) as (dsn, url):
        pages = {**PAGES, "calls_deep": PAGES["calls_deep"].format(deep=deep_cursor(dsn, deep))}
        yield url.replace("postgresql+psycopg://", "postgresql://", 1), pages


def deep_cursor(dsn: str, deep: int) -> str:
    """The cursor of the `deep`-th newest call (the list's order): the page after it is
    the one an "Older" link that far down opens."""
    with psycopg.connect(dsn) as db:
        row = db.execute(
            "SELECT started_at, id FROM calls ORDER BY started_at DESC, id DESC OFFSET %s LIMIT 1",
            (deep - 1,),
        ).fetchone()
    if row is None:
        raise SystemExit(f"--deep {deep}: there are fewer calls than that")
    return CallCursor(row[0], row[1]).text()


def portal_environment(dsn: str) -> dict[str, str]:
    """A portal's environment on `dsn`, importing this tree's code."""
    return {
        **os.environ,
        "ENV": "test",
        "DATABASE_URL": dsn,
        "REDIS_URL": REDIS_URL,
        "PYTHONPATH": str(ROOT),
    }


def start_portal(dsn: str, port: int) -> subprocess.Popen:
    script = Path(sys.executable).parent / "voiceagent"
    process = subprocess.Popen(  # noqa: S603 — our own console script
        [str(script), "portal", "--port", str(port)], env=portal_environment(dsn), cwd=ROOT
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process, seconds=120)  # a loaded machine
    except RuntimeError:
        process.terminate()
        raise
    return process


def wait_until_up(url: str, server: subprocess.Popen, *, seconds: float) -> None:
    """Polls until the portal at `url` shows its login page; RuntimeError when `server`
    exits first or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the portal exited")
        try:
            if httpx.get(f"{url}/login", timeout=30).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the portal did not start within {seconds:.0f} s")


def log_in(url: str) -> dict[str, str]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(locale="en-US")
        page.goto(f"{url}/login")
        page.get_by_label("E-mail").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{url}/", timeout=15_000)
        cookies = {c["name"]: c["value"] for c in page.context.cookies()}
        browser.close()
    return cookies


async def measure(
    urls: list[str], pages: dict[str, str], cookies: dict[str, str], clients: int, requests: int
) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {}
    failed: dict[int, int] = {}
    sessions = [httpx.AsyncClient(base_url=url, cookies=cookies, timeout=30) for url in urls]
    try:
        for page, path in pages.items():
            for session in sessions:  # warm up; and prove the session holds on every process
                first = await session.get(path)
                if first.status_code != 200 or "/login" in str(first.url):
                    raise RuntimeError(f"{page}: not logged in ({first.status_code} {first.url})")
                if page == "calls_deep" and "?before=" not in first.text:  # its "Newer" link
                    raise RuntimeError(f"{page}: not a deep page (the cursor was refused?)")
            times: list[float] = []

            async def worker(
                client: httpx.AsyncClient, path: str = path, times: list[float] = times
            ) -> None:
                for _ in range(requests):
                    started = time.perf_counter()
                    response = await client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:  # 503: busy (counted, not fatal)
                        failed[response.status_code] = failed.get(response.status_code, 0) + 1

            await asyncio.gather(*(worker(sessions[k % len(sessions)]) for k in range(clients)))
            results[page] = times
        if failed:
            print(f"failed requests by status: {failed}")
    finally:
        for session in sessions:
            await session.aclose()
    return results


if __name__ == "__main__":
    main()
