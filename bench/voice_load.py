"""Voice runtime load benchmark.

Starts the runtime in a child process (one process, as in production) pinned to one core,
on a scratch SQLite database, with null engines (instant STT, dialogue, TTS) or the offline
ones, and phones it from this process, pinned to the other core. The callers are cheap on
purpose — one ticker sends every call's 20 ms frame from precomputed messages, the bot's
frames are counted, not decoded — so the figures are the runtime's, not the load
generator's. Each load is run twice in a row: on the runtime, then on the minimal
reference (bench/voice_reference.py: the same job in a few dozen lines, on the same core and
web stack), so a busy machine moves both, and our figures are printed as ratios to it.
Prints each load's figures, then last:

    capacity_calls    the most concurrent calls found where no call failed, no frame was
                      lost, the callers heard no underrun (a reply's frame arriving after
                      their playout buffer ran dry) and the reply latency's median was at
                      most 30 ms over the reference's at the same load; searched upwards
                      from --calls in steps of a half (downwards while none holds)
    cpu_ms_per_call_s the runtime's CPU time per second of call at capacity (without any
                      load that holds: at the last one tried, and so are the next three)
    cpu_ratio_to_reference    that over the reference's at the same load
    latency_over_reference_ms the reply latency's median over the reference's there: the
                      caller's last voiced frame → the reply's first frame, as heard
    underruns_at_capacity  the callers' underruns there (0 by the rule above)
    rss_per_call_mb   the runtime's RSS growth per concurrent call there
    v2v_p50_ms        caller stops talking → first reply audio, offline engines, one call
    cloud_v2v_p50_ms, cloud_overhead_ms   the cloud path at a real service's speeds, one
                      call (bench/cloud_latency.py)

    .venv/bin/python bench/voice_load.py [--quick] [--calls 300] [--max-calls 500]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import gc
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from pathlib import Path
from typing import Any

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import cloud_latency  # noqa: E402
from bench.cores import LOAD_CORE, SERVER_CORE, pin_to  # noqa: E402
from core.settings import DEV_TWILIO_AUTH_TOKEN  # noqa: E402
from integrations.speech.audio import mulaw_frames, pcm_to_mulaw, silence_mulaw  # noqa: E402
from integrations.speech.espeak_tts import EspeakSynthesizer  # noqa: E402
from voice_runtime.signatures import SignatureChecker  # noqa: E402
from voice_runtime.simulated_twilio import CallerConfig, parse_twiml, post_voice_webhook  # noqa: E402
from voice_runtime.simulator import SimulatedCall, trim_silence  # noqa: E402

NUMBER = "+4315550999"
FRAME_SECONDS = 0.02
LATENCY_BOUND_MS = 30.0  # the reply latency's median over the reference's, at most
QUIET_SECONDS = 0.6  # no bot frame for this long: the bot has finished talking


def serve(port: int, database_url: str, redis_url: str, engines: str, pin: bool = True) -> None:
    """Child process: the runtime with a metrics route the benchmark reads; `pin` keeps it
    (and the decode workers it starts) on one core."""
    if pin:
        pin_to(SERVER_CORE)
    import uvicorn
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from cli.serving import settle_heap
    from core.settings import load_settings
    from voice_runtime.app import SERVER_OPTIONS, create_app
    from voice_runtime.engines import null_engines

    settings = load_settings(
        database_url=database_url, redis_url=redis_url, public_base_url=f"http://127.0.0.1:{port}"
    )
    factory = null_engines() if engines == "null" else None
    app = create_app(settings, engine_factory=factory)
    metrics = app.state.runtime.metrics

    async def read_metrics(_request: Request) -> JSONResponse:
        return JSONResponse(metrics.snapshot())

    async def reset(_request: Request) -> JSONResponse:
        metrics.reset_latencies()
        return JSONResponse({})

    app.router.routes += [Route("/_bench/metrics", read_metrics), Route("/_bench/reset", reset)]
    settle_heap()  # as `voiceagent voice` does
    uvicorn.run(
        app, host="127.0.0.1", port=port, log_level="warning", backlog=2048, **SERVER_OPTIONS
    )


def prepare_database(path: str, calls: int) -> str:
    from models import BotLanguage, BotStatus
    from models.database import make_engine, make_session_factory
    from models.migrate import upgrade
    from models.scoping import staff_session
    from tests.factories import Factory

    url = f"sqlite:///{path}"
    upgrade(database_url=url)
    session = staff_session(make_session_factory(make_engine(url)))
    make = Factory(session)
    tenant = make.tenant(max_concurrent_calls=calls + 10)
    faq = [{"question": "What are your opening hours?", "answer": "We are open from nine."}]
    bot = make.bot(
        tenant, status=BotStatus.LIVE, language=BotLanguage.EN_US, greeting="Hello.", faq=faq
    )
    make.phone_number(tenant, bot, e164=NUMBER)
    session.commit()
    return url


class Runtime:
    """The runtime in a child process with `engines` "null" or "offline" — or, with
    "reference", the minimal reference server (bench/voice_reference.py) in its place."""

    def __init__(self, database_url: str, redis_url: str, engines: str, pin: bool = True) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        root = str(Path(__file__).resolve().parent.parent)
        start = f"import sys; sys.path.insert(0, {root!r}); "
        if engines == "reference":
            start += f"from bench.cores import pin_to; pin_to({SERVER_CORE}); "
            code = start + f"from bench.voice_reference import serve; serve({self.port})"
        else:
            code = start + (
                "from bench.voice_load import serve; "
                f"serve({self.port}, {database_url!r}, {redis_url!r}, {engines!r}, {pin!r})"
            )
        env = {**os.environ, "LOG_LEVEL": "ERROR"}
        self.process = subprocess.Popen([sys.executable, "-c", code], env=env)  # noqa: S603
        self.caller = CallerConfig(self.url, self.url, DEV_TWILIO_AUTH_TOKEN)

    async def ready(self, timeout: float = 180.0) -> None:
        """Until the runtime answers: loading Whisper takes seconds, more on a busy machine."""
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient() as http:
            while True:
                try:
                    await http.get(self.url + "/_bench/metrics")
                    return
                except httpx.HTTPError:
                    if self.process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("the runtime did not start") from None
                    await asyncio.sleep(0.05)

    async def metrics(self) -> dict[str, Any]:
        async with httpx.AsyncClient() as http:
            answer: dict[str, Any] = (await http.get(self.url + "/_bench/metrics")).json()
            return answer

    async def reset(self) -> None:
        async with httpx.AsyncClient() as http:
            await http.get(self.url + "/_bench/reset")

    def cpu_seconds(self) -> float:
        """The runtime's CPU time so far (user and system, its decode workers too)."""
        process = psutil.Process(self.process.pid)
        total = 0.0
        for each in [process, *process.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                times = each.cpu_times()
                total += times.user + times.system
        return total

    def rss_mb(self) -> float:
        rss: float = psutil.Process(self.process.pid).memory_info().rss / 2**20
        return rss

    def stop(self) -> None:
        """Stop it, and wait for every process it started too: the decode workers and
        multiprocessing's resource tracker, which reports (on our stderr) what they left
        behind — before the figures, not after them."""
        family: list[psutil.Process] = []
        with contextlib.suppress(psutil.Error):
            family = psutil.Process(self.process.pid).children(recursive=True)
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()  # its decode workers exit with it (they watch their parent)
            self.process.wait()
        psutil.wait_procs(family, timeout=30)


@contextlib.asynccontextmanager
async def running(
    database_url: str, redis_url: str, engines: str, pin: bool = True
) -> AsyncIterator[Runtime]:
    """A Runtime that answers, stopped afterwards (also when it never came up)."""
    runtime = Runtime(database_url, redis_url, engines, pin)
    try:
        await runtime.ready()
        yield runtime
    finally:
        runtime.stop()


def run(
    main: Callable[[argparse.Namespace], Coroutine[Any, Any, None]], args: argparse.Namespace
) -> None:
    """`main(args)` on uvloop where it is installed, as the runtime serves."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(main(args))
    else:
        uvloop.run(main(args))


# ---- the cheap callers --------------------------------------------------------------


class Frames:
    """Every inbound message a load caller sends, formatted from precomputed payloads."""

    def __init__(self, question_pcm8k: bytes) -> None:
        self.silence = base64.b64encode(silence_mulaw(20)).decode()
        self.question = [
            base64.b64encode(frame).decode()
            for frame in mulaw_frames(pcm_to_mulaw(trim_silence(question_pcm8k)))
        ]

    @staticmethod
    def media(stream_sid: str, chunk: int, payload: str) -> str:
        return (
            f'{{"event":"media","sequenceNumber":"{chunk + 2}","streamSid":"{stream_sid}",'
            f'"media":{{"track":"inbound","chunk":"{chunk}","timestamp":"{chunk * 20}",'
            f'"payload":"{payload}"}}}}'
        )


class LoadCall:
    """One caller: speaks silence or its question, counts the bot's frames, echoes marks
    when the audio before them would have played."""

    def __init__(self, websocket: Any, frames: Frames, call_sid: str) -> None:
        self.websocket = websocket
        self.frames = frames
        self.call_sid = call_sid
        self.stream_sid = "MZ" + secrets.token_hex(16)
        self.chunk = 0
        self.speaking: list[str] = []
        self.bot_frames = 0
        self.last_bot_frame = 0.0
        self.playout_end = 0.0
        self.in_reply = False  # between a reply's first frame and its end mark (or a clear)
        self.underruns = 0  # a reply's frame came after the caller's buffer had run dry
        self.started = time.monotonic()
        self.ended = 0.0
        self.closed = False
        self.spoke_at: float | None = None  # the question's last frame sent (loop time)
        self.latencies: list[float] = []  # ms: the question's last frame → the reply's first

    def next_message(self) -> str:
        self.chunk += 1
        if self.speaking:
            payload = self.speaking.pop()
            if not self.speaking:
                self.spoke_at = asyncio.get_running_loop().time()
        else:
            payload = self.frames.silence
        return Frames.media(self.stream_sid, self.chunk, payload)

    async def receive(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            async for text in self.websocket:
                now = loop.time()
                if text.startswith('{"event":"media"'):  # the runtime's own, fixed layout
                    self.bot_frames += 1
                    self.last_bot_frame = now
                    if self.spoke_at is not None:  # every reply frame is voiced (a tone)
                        self.latencies.append((now - self.spoke_at) * 1000)
                        self.spoke_at = None
                    if self.in_reply and now > self.playout_end:
                        self.underruns += 1  # the caller would have heard a gap
                    self.in_reply = True
                    self.playout_end = max(self.playout_end, now) + FRAME_SECONDS
                    continue
                message = json.loads(text)
                if message.get("event") == "mark":
                    delay = max(0.0, self.playout_end - now)
                    name = message["mark"]["name"]
                    loop.call_later(delay, self._echo, name)
                    if name.endswith(":end"):
                        self.in_reply = False
                elif message.get("event") == "clear":
                    self.playout_end = now
                    self.in_reply = False
        except Exception:  # noqa: S110 (the runtime closed the call)
            pass
        finally:
            self.closed = True

    def _echo(self, name: str) -> None:
        if not self.closed:
            message = {"event": "mark", "streamSid": self.stream_sid, "mark": {"name": name}}
            asyncio.ensure_future(self._send(json.dumps(message)))

    async def _send(self, text: str) -> None:
        with contextlib.suppress(Exception):
            await self.websocket.send(text)

    async def wait_for_bot(self, *, after_frames: int, timeout: float) -> None:
        """Until the bot has sent more than `after_frames` frames and then gone quiet."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.bot_frames <= after_frames or loop.time() - self.last_bot_frame < QUIET_SECONDS:
            if self.closed or loop.time() > deadline:
                raise TimeoutError(f"call {self.call_sid}: the bot did not answer")
            await asyncio.sleep(0.05)


class Ticker:
    """One task sends every live call's next frame each 20 ms, on a monotonic schedule."""

    def __init__(self) -> None:
        self.calls: set[LoadCall] = set()
        self.late_ticks = 0

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        next_at = loop.time()
        while True:
            for call in list(self.calls):
                if not call.closed:
                    await call._send(call.next_message())
            next_at += FRAME_SECONDS
            delay = next_at - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            else:
                self.late_ticks += 1
                if delay < -0.2:
                    next_at = loop.time()


async def load_call(
    runtime: Runtime,
    frames: Frames,
    ticker: Ticker,
    turns: int,
    http: httpx.AsyncClient,
    *,
    call_sid: str | None = None,
    on_stream: Callable[[LoadCall], None] | None = None,
) -> LoadCall:
    """Dial, hear the greeting, ask `turns` questions; returns the call as heard.
    `on_stream` is handed the call once its stream is open (it counts frames then, also
    of a call that fails later)."""
    from websockets.asyncio.client import connect

    call_sid = call_sid or "CA" + secrets.token_hex(16)
    twiml = await post_voice_webhook(
        runtime.caller, to_number=NUMBER, call_sid=call_sid, client=http
    )
    url, parameters = parse_twiml(twiml)
    signature = SignatureChecker(runtime.caller.auth_token).sign(url, {})
    async with connect(
        runtime.url.replace("http", "ws", 1) + "/twilio/stream",
        additional_headers={"X-Twilio-Signature": signature},
        open_timeout=30,
    ) as websocket:
        call = LoadCall(websocket, frames, call_sid)
        if on_stream is not None:
            on_stream(call)
        start = {"streamSid": call.stream_sid, "callSid": call_sid, "customParameters": parameters}
        await websocket.send(json.dumps({"event": "connected", "protocol": "Call"}))
        await websocket.send(json.dumps({"event": "start", "start": start}))
        receiver = asyncio.create_task(call.receive())
        ticker.calls.add(call)
        try:
            await call.wait_for_bot(after_frames=0, timeout=60)
            for _ in range(turns):
                heard = call.bot_frames
                call.speaking = list(reversed(frames.question))
                await call.wait_for_bot(after_frames=heard, timeout=60)
            await call._send(json.dumps({"event": "stop", "streamSid": call.stream_sid}))
        finally:
            ticker.calls.discard(call)
        call.ended = time.monotonic()
        await websocket.close()
        await receiver
        return call


async def load(runtime: Runtime, frames: Frames, calls: int, turns: int) -> dict[str, Any]:
    """One load's figures. The callers' collector is off meanwhile: a full pass over this
    process's heap took ~100 ms, in which every call's frames wait and look late."""
    gc.collect()
    gc.disable()
    try:
        return await _load(runtime, frames, calls, turns)
    finally:
        gc.enable()


async def _load(runtime: Runtime, frames: Frames, calls: int, turns: int) -> dict[str, Any]:
    ticker = Ticker()
    ticking = asyncio.create_task(ticker.run())
    limits = httpx.Limits(max_connections=calls + 10)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        await runtime.reset()
        before = await runtime.metrics()
        idle_rss = runtime.rss_mb()
        cpu_before = runtime.cpu_seconds()
        tasks = []
        for _ in range(calls):  # ramp up: ~100 calls a second, as a busy trunk would
            tasks.append(asyncio.create_task(load_call(runtime, frames, ticker, turns, http)))
            await asyncio.sleep(0.01)
        await asyncio.sleep(1.0)
        peak_rss = runtime.rss_mb()
        results = await asyncio.gather(*tasks, return_exceptions=True)
    ticking.cancel()
    await asyncio.sleep(0.5)  # the runtime closes the last calls' records
    cpu_seconds = runtime.cpu_seconds() - cpu_before
    failures = [r for r in results if isinstance(r, BaseException)]
    heard = [r for r in results if isinstance(r, LoadCall)]
    received = sum(call.bot_frames for call in heard)
    call_seconds = sum(call.ended - call.started for call in heard) or 1.0
    latencies = sorted(ms for call in heard for ms in call.latencies)
    metrics = await runtime.metrics()
    sent = metrics["frames_sent"] - before["frames_sent"]
    return {
        "calls": calls,
        "failed": len(failures),
        "first_failure": repr(failures[0])[:200] if failures else None,
        "frames_lost": max(0, sent - received) if not failures else None,
        "rss_per_call_mb": round(max(0.0, peak_rss - idle_rss) / calls, 3),
        "caller_late_ticks": ticker.late_ticks,
        "caller_underruns": sum(call.underruns for call in heard),
        "cpu_ms_per_call_s": round(cpu_seconds * 1000 / call_seconds, 2),
        "latency_p50_ms": round(percentile(latencies, 50), 1),
        "latency_p95_ms": round(percentile(latencies, 95), 1),
        **metrics,
    }


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile of sorted `values` (nearest rank); 0 for none."""
    return values[min(len(values) - 1, int(len(values) * p / 100))] if values else 0.0


def meets_target(ours: dict[str, Any], reference: dict[str, Any]) -> bool:
    """No call failed, no frame lost, no underrun as the callers heard it, and the reply
    latency's median within LATENCY_BOUND_MS of the reference's at the same load."""
    return (
        not ours["failed"]
        and ours["frames_lost"] == 0
        and ours["caller_underruns"] == 0
        and latency_over(ours, reference) <= LATENCY_BOUND_MS
    )


def latency_over(ours: dict[str, Any], reference: dict[str, Any]) -> float:
    over: float = ours["latency_p50_ms"] - reference["latency_p50_ms"]
    return over


async def side_by_side(
    servers: tuple[Runtime, Runtime], frames: Frames, calls: int, turns: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """One load on the runtime, then the same on the reference, each printed."""
    results = []
    for name, server in zip(("runtime", "reference"), servers, strict=True):
        result = await load(server, frames, calls, turns)
        print(f"{calls} calls, {name}: {json.dumps(result)}", flush=True)
        results.append(result)
    return results[0], results[1]


async def find_capacity(
    servers: tuple[Runtime, Runtime], frames: Frames, start: int, most: int, turns: int
) -> tuple[int, dict[str, Any], dict[str, Any]]:
    """The capacity and the results (ours, the reference's) there: upwards from `start`
    in steps of a half while the target holds, downwards if not. Without any load that
    meets it: 0, and the results of the last load tried."""
    best, at_best = 0, None
    calls, tried = start, None
    while 0 < calls <= most:
        tried = await side_by_side(servers, frames, calls, turns)
        if meets_target(*tried):
            best, at_best = calls, tried
            if calls == most:
                break
            calls = min(most, calls + max(50, calls // 2))
        else:
            if best:
                break
            calls = calls * 3 // 4 if calls > 20 else 0
    assert tried is not None
    return best, *(at_best or tried)


async def offline_v2v(runtime: Runtime, question: bytes, turns: int) -> list[float]:
    latencies: list[float] = []
    async with SimulatedCall.dial(runtime.caller, to_number=NUMBER) as call:
        await call.wait_for_bot_quiet(timeout=60)
        for _ in range(turns):
            turn = await call.say(question, answer_timeout=30)
            if turn.latency_ms is not None:
                latencies.append(turn.latency_ms)
    return latencies


async def main(args: argparse.Namespace) -> None:
    pin_to(LOAD_CORE)
    question = await EspeakSynthesizer("en-US").synthesize_pcm8k("What are your opening hours?")
    frames = Frames(question)
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
    with tempfile.TemporaryDirectory() as folder:
        database_url = prepare_database(f"{folder}/bench.db", args.max_calls)

        async with (
            running(database_url, redis_url, "null") as runtime,
            running(database_url, redis_url, "reference") as reference,
        ):
            single = await load(runtime, frames, 1, args.turns)
            print(f"1 call: {json.dumps(single)}", flush=True)
            capacity, ours, theirs = await find_capacity(
                (runtime, reference), frames, args.calls, args.max_calls, args.turns
            )
            rss_before = runtime.rss_mb()
            for _ in range(args.sequential // 50):
                await load(runtime, frames, 50, 1)
            growth = runtime.rss_mb() - rss_before
            print(f"after {args.sequential} more calls, RSS grew {growth:.1f} MB", flush=True)

        async with running(database_url, redis_url, "offline") as offline:
            v2v = await offline_v2v(offline, question, args.turns)
            print(f"voice-to-voice with offline engines (ms): {[round(v) for v in v2v]}")

    cloud_v2v, cloud_overhead = await cloud_latency.measure(args.turns * 2, redis_url)
    overhead = max(single["overhead_p95_ms"], ours["overhead_p95_ms"])
    print(f"reply overhead in the runtime p95 {overhead:.1f} ms", flush=True)
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    print(
        f"capacity_calls={capacity} cpu_ms_per_call_s={ours['cpu_ms_per_call_s']:.2f} "
        f"cpu_ratio_to_reference={ours['cpu_ms_per_call_s'] / theirs['cpu_ms_per_call_s']:.2f} "
        f"latency_over_reference_ms={latency_over(ours, theirs):.0f} "
        f"underruns_at_capacity={ours['caller_underruns']} "
        f"rss_per_call_mb={ours['rss_per_call_mb']:.2f} "
        f"v2v_p50_ms={statistics.median(v2v):.0f} "
        f"cloud_v2v_p50_ms={cloud_v2v:.0f} cloud_overhead_ms={cloud_overhead:.0f}",
        flush=True,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run (20 to 40 calls)")
    parser.add_argument("--calls", type=int, default=300, help="the first load to try")
    parser.add_argument("--max-calls", type=int, default=500, help="stop searching here")
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--sequential", type=int, default=1000)
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.calls, arguments.max_calls = 20, 40
        arguments.turns, arguments.sequential = 2, 100
    run(main, arguments)
