"""Soak: N concurrent simulated calls for T minutes against one voice runtime with null
engines. Each caller hears the greeting, asks one to three questions and hangs up, and a new
caller takes its place at once, so the runtime carries N calls the whole time. Afterwards the
records are checked: every call closed, each billed once.

The runtime runs in a child process on a scratch SQLite database (bench/voice_load.py's,
pinned to one core, the callers on the other). Prints progress, then as its last line:

    calls=N lost_frames=0 rss_growth_mb=X usage_rows_equal_calls=true open_calls_after=0

    calls                    calls completed (dialled, talked, hung up)
    lost_frames              bot frames the runtime sent that no caller received
    rss_growth_mb            the runtime's RSS at the end minus after the first minute (the
                             first half of a --quick run): what carrying calls for a long time
                             costs, beyond the pools and caches that fill early
    usage_rows_equal_calls   exactly one call_seconds usage row per call
    open_calls_after         calls without an outcome once the last caller hung up

    .venv/bin/python bench/soak.py [--calls 200] [--minutes 10] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.voice_load import (  # noqa: E402
    CALLER_CORE,
    Frames,
    Runtime,
    Ticker,
    load_call,
    pin_to,
    prepare_database,
    run,
    running,
)
from integrations.speech.espeak_tts import EspeakSynthesizer  # noqa: E402
from voice_runtime.simulator import Rejected  # noqa: E402

WARM_UP_SECONDS = 60.0
CLOSE_WAIT_SECONDS = 30.0  # the runtime closes the last calls' records


class Soak:
    def __init__(self, runtime: Runtime, frames: Frames, deadline: float) -> None:
        self.runtime = runtime
        self.frames = frames
        self.deadline = deadline
        self.ticker = Ticker()
        self.completed = 0
        self.failed = 0
        self.refused = 0  # "all lines busy": the tenant's call limit turned the caller away
        self.failures: Counter[str] = Counter()  # kind and where → how many
        self.received = 0

    async def caller(self, http: httpx.AsyncClient, rng: random.Random) -> None:
        """One line: call after call until the deadline."""
        while time.monotonic() < self.deadline:
            try:
                frames = await load_call(
                    self.runtime, self.frames, self.ticker, rng.randint(1, 3), http
                )
            except Rejected:  # counted; the line dials again
                self.refused += 1
                continue
            except Exception as error:  # counted; the line dials again
                self.failed += 1
                self.failures[f"{type(error).__name__} at {_where(error)}"] += 1
                continue
            self.completed += 1
            self.received += frames


def _where(error: Exception) -> str:
    """The innermost line of ours (not a library's) the error came through."""
    root = str(Path(__file__).resolve().parent.parent)
    ours = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.startswith(root) and "site-packages" not in frame.filename
    ]
    return f"{Path(ours[-1].filename).name}:{ours[-1].name}" if ours else "?"


def stored_figures(database_path: str) -> tuple[int, int, int]:
    """(closed calls, call_seconds usage rows, calls still open) in the runtime's database."""
    with sqlite3.connect(database_path) as db:
        closed = db.execute("SELECT count(*) FROM calls WHERE outcome IS NOT NULL").fetchone()[0]
        still_open = db.execute("SELECT count(*) FROM calls WHERE outcome IS NULL").fetchone()[0]
        usage = db.execute(
            "SELECT count(*) FROM usage_events WHERE kind = 'call_seconds'"
        ).fetchone()[0]
        billed_twice = db.execute(
            "SELECT count(*) FROM (SELECT call_id FROM usage_events WHERE kind = 'call_seconds'"
            " GROUP BY call_id HAVING count(*) > 1)"
        ).fetchone()[0]
    assert billed_twice == 0, "a call was billed twice"
    return closed, usage, still_open


async def until_closed(database_path: str, calls: int) -> tuple[int, int, int]:
    deadline = time.monotonic() + CLOSE_WAIT_SECONDS
    figures = stored_figures(database_path)
    while figures[0] < calls and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        figures = stored_figures(database_path)
    return figures


async def main(args: argparse.Namespace) -> None:
    pin_to(CALLER_CORE)
    question = await EspeakSynthesizer("en-US").synthesize_pcm8k("What are your opening hours?")
    frames = Frames(question)
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
    seconds = args.minutes * 60
    warm_up = min(WARM_UP_SECONDS, seconds / 2)
    with tempfile.TemporaryDirectory() as folder:
        database_path = f"{folder}/soak.db"
        database_url = prepare_database(database_path, args.calls)
        async with running(database_url, redis_url, "null") as runtime:
            soak = Soak(runtime, frames, time.monotonic() + seconds)
            ticking = asyncio.create_task(soak.ticker.run())
            before = await runtime.metrics()
            # Each webhook POST on a new connection: one kept alive could be closed by the
            # runtime (uvicorn's 5 s keep-alive) just as a caller that fell behind reuses it,
            # failing the POST (ReadError) — even with idle connections dropped after 2 s.
            limits = httpx.Limits(max_connections=args.calls + 10, max_keepalive_connections=0)
            async with httpx.AsyncClient(timeout=60, limits=limits) as http:
                lines = []
                for line in range(args.calls):  # ramp up as a busy trunk would
                    rng = random.Random(line)
                    lines.append(asyncio.create_task(soak.caller(http, rng)))
                    await asyncio.sleep(0.01)
                await asyncio.sleep(warm_up)
                rss_after_warm_up = runtime.rss_mb()
                print(f"after {warm_up:.0f} s: RSS {rss_after_warm_up:.1f} MB", flush=True)
                await asyncio.gather(*lines)
            ticking.cancel()
            rss_end = runtime.rss_mb()
            metrics = await runtime.metrics()
            closed, usage_rows, still_open = await until_closed(database_path, soak.completed)
    sent = metrics["frames_sent"] - before["frames_sent"]
    lost = sent - soak.received
    print(
        f"completed={soak.completed} refused={soak.refused} failed={soak.failed} "
        f"{dict(soak.failures)} "
        f"closed={closed} frames_sent={sent} received={soak.received} "
        f"pacing_p99_ms={metrics.get('pacing_p99_ms')}",
        flush=True,
    )
    equal = usage_rows == closed == soak.completed and soak.failed == soak.refused == 0
    print(
        f"calls={soak.completed} lost_frames={lost} "
        f"rss_growth_mb={rss_end - rss_after_warm_up:.1f} "
        f"usage_rows_equal_calls={str(equal).lower()} open_calls_after={still_open}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calls", type=int, default=200, help="concurrent calls")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--quick", action="store_true", help="20 calls for one minute")
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.calls, arguments.minutes = 20, 1.0
    run(main, arguments)
