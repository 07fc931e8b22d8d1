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
import secrets
import sqlite3
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.cores import LOAD_CORE, pin_to  # noqa: E402
from bench.voice_load import (  # noqa: E402
    Frames,
    LoadCall,
    Runtime,
    Ticker,
    load_call,
    prepare_database,
    run,
    running,
)
from integrations.speech.espeak_tts import EspeakSynthesizer  # noqa: E402
from voice_runtime.simulated_twilio import Rejected  # noqa: E402

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
        self.dialled: dict[str, str] = {}  # call SID → how it ended on the caller's side

    async def caller(self, http: httpx.AsyncClient, rng: random.Random) -> None:
        """One line: call after call until the deadline."""
        while time.monotonic() < self.deadline:
            call_sid = "CA" + secrets.token_hex(16)
            streams: list[LoadCall] = []
            try:
                await load_call(
                    self.runtime,
                    self.frames,
                    self.ticker,
                    rng.randint(1, 3),
                    http,
                    call_sid=call_sid,
                    on_stream=streams.append,
                )
            except Rejected:  # counted; the line dials again
                self.refused += 1
                self.dialled[call_sid] = "refused"
                continue
            except Exception as error:  # counted; the line dials again
                kind = f"{type(error).__name__}{_closing(error)} at {_where(error)}"
                self.failed += 1
                self.failures[kind] += 1
                self.dialled[call_sid] = kind
                continue
            finally:  # a failed call's frames were received too, up to its failure
                self.received += sum(call.bot_frames for call in streams)
            self.completed += 1
            self.dialled[call_sid] = "completed"


def _closing(error: Exception) -> str:
    """For a stream that was closed: the code the runtime closed it with, " (1008)"."""
    if not hasattr(error, "rcvd"):  # not websockets' ConnectionClosed
        return ""
    received = error.rcvd
    return f" ({received.code})" if received is not None else " (no close frame)"


def _where(error: Exception) -> str:
    """The innermost line of ours (not a library's) the error came through."""
    root = str(Path(__file__).resolve().parent.parent)
    ours = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.startswith(root) and "site-packages" not in frame.filename
    ]
    return f"{Path(ours[-1].filename).name}:{ours[-1].name}" if ours else "?"


@dataclass(frozen=True)
class Stored:
    """One call as the runtime's database holds it."""

    outcome: str | None
    status: str
    duration: int | None
    usage_rows: int  # call_seconds rows


def stored_calls(database_path: str) -> dict[str, Stored]:
    """Every call row by its SID, with how many call_seconds usage rows bill it."""
    with sqlite3.connect(database_path) as db:
        rows = db.execute(
            "SELECT c.provider_call_sid, c.outcome, c.status, c.duration_seconds,"
            " (SELECT count(*) FROM usage_events u WHERE u.call_id = c.id"
            "  AND u.kind = 'call_seconds') FROM calls c"
        ).fetchall()
    return {
        sid: Stored(outcome, status, duration, usage)
        for sid, outcome, status, duration, usage in rows
    }


def billed_once(stored: Stored | None, dialled: str) -> bool:
    """A call the caller completed or that failed on its side is recorded, closed and billed
    once (a call shorter than a second bills nothing); one turned away is recorded only."""
    if stored is None:
        return False
    if dialled == "refused":
        return stored.outcome == "rejected" and stored.usage_rows == 0
    billable = stored.duration is None or stored.duration > 0
    return stored.outcome is not None and stored.usage_rows == (1 if billable else 0)


def offenders(calls: dict[str, Stored], dialled: dict[str, str]) -> list[tuple[str, str, str]]:
    """(call SID, the caller's side, the records' side) of every call not recorded and billed
    exactly once, and of every call row no caller dialled."""
    found = []
    for sid, side in dialled.items():
        stored = calls.get(sid)
        if not billed_once(stored, side):
            found.append((sid, side, _describe(stored)))
    found += [(sid, "not dialled", _describe(calls[sid])) for sid in calls.keys() - dialled.keys()]
    return found


def _describe(stored: Stored | None) -> str:
    if stored is None:
        return "no call row"
    return (
        f"outcome={stored.outcome} status={stored.status} duration={stored.duration}"
        f" usage_rows={stored.usage_rows}"
    )


async def until_closed(database_path: str, dialled: dict[str, str]) -> dict[str, Stored]:
    """The calls once every dialled one is closed (or CLOSE_WAIT_SECONDS have passed)."""
    deadline = time.monotonic() + CLOSE_WAIT_SECONDS
    calls = stored_calls(database_path)
    while time.monotonic() < deadline and any(
        calls.get(sid) is None or calls[sid].outcome is None for sid in dialled
    ):
        await asyncio.sleep(0.5)
        calls = stored_calls(database_path)
    return calls


async def main(args: argparse.Namespace) -> None:
    pin_to(LOAD_CORE)
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
            # Connections kept alive between webhooks, as Twilio's are: the runtime keeps an
            # idle one longer than the callers do (core/http_serving.py, KEEP_ALIVE_SECONDS).
            limits = httpx.Limits(max_connections=args.calls + 10)
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
            calls = await until_closed(database_path, soak.dialled)
    closed = sum(stored.outcome is not None for stored in calls.values())
    still_open = len(calls) - closed
    wrong = offenders(calls, soak.dialled)
    if args.offenders:
        kinds = Counter((side, records.split(" duration")[0]) for _, side, records in wrong)
        print(f"offenders={len(wrong)} {dict(kinds)}")
        for sid, side, records in wrong:
            print(f"  {sid} caller: {side}; records: {records}", flush=True)
    sent = metrics["frames_sent"] - before["frames_sent"]
    lost = sent - soak.received
    print(
        f"completed={soak.completed} refused={soak.refused} failed={soak.failed} "
        f"{dict(soak.failures)} "
        f"closed={closed} frames_sent={sent} received={soak.received} "
        f"pacing_p99_ms={metrics.get('pacing_p99_ms')}",
        flush=True,
    )
    equal = not wrong
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
    parser.add_argument(
        "--offenders",
        action="store_true",
        help="list each call not recorded and billed exactly once, and how it ended",
    )
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.calls, arguments.minutes = 20, 1.0
    run(main, arguments)
