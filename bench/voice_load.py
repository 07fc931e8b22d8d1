"""Voice runtime load benchmark.

Starts the runtime in a child process (one process, as in production) on a scratch SQLite
database, with null engines (instant STT, dialogue, TTS) or the offline ones, and phones it
with simulated Twilio callers from this process. Prints:

    overhead_p95_ms   end of turn detected → first reply frame sent, null engines, at N calls
    capacity_calls    concurrent calls carried with pacing lateness p99 < 20 ms
    v2v_p50_ms        caller stops talking → first reply audio, offline engines, one call
    rss_per_call_mb   child RSS growth per concurrent call

    .venv/bin/python bench/voice_load.py [--quick] [--calls 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from integrations.speech.espeak_tts import EspeakSynthesizer  # noqa: E402
from voice_runtime.signatures import DEV_TWILIO_AUTH_TOKEN  # noqa: E402
from voice_runtime.simulator import CallerConfig, SimulatedCall  # noqa: E402

NUMBER = "+4315550999"


def serve(port: int, database_url: str, redis_url: str, engines: str) -> None:
    """Child process: the runtime with a metrics route the benchmark reads."""
    import uvicorn
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from core.settings import load_settings
    from voice_runtime.app import create_app
    from voice_runtime.engines import build_engines, null_engines

    settings = load_settings(
        database_url=database_url, redis_url=redis_url, public_base_url=f"http://127.0.0.1:{port}"
    )
    factory = null_engines() if engines == "null" else build_engines
    app = create_app(settings, engine_factory=factory)
    metrics = app.state.runtime.metrics

    async def read_metrics(_request):  # type: ignore[no-untyped-def]
        return JSONResponse(metrics.snapshot())

    async def reset(_request):  # type: ignore[no-untyped-def]
        metrics.reset_latencies()
        return JSONResponse({})

    app.router.routes += [Route("/_bench/metrics", read_metrics), Route("/_bench/reset", reset)]
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


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
    def __init__(self, database_url: str, redis_url: str, engines: str) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        root = str(Path(__file__).resolve().parent.parent)
        code = (
            f"import sys; sys.path.insert(0, {root!r}); from bench.voice_load import serve; "
            f"serve({self.port}, {database_url!r}, {redis_url!r}, {engines!r})"
        )
        env = {**os.environ, "LOG_LEVEL": "ERROR"}
        self.process = subprocess.Popen([sys.executable, "-c", code], env=env)  # noqa: S603
        self.caller = CallerConfig(self.url, self.url, DEV_TWILIO_AUTH_TOKEN)

    async def ready(self) -> None:
        async with httpx.AsyncClient() as http:
            for _ in range(200):
                try:
                    await http.get(self.url + "/_bench/metrics")
                    return
                except httpx.HTTPError:
                    await asyncio.sleep(0.05)
        raise RuntimeError("the runtime did not start")

    async def metrics(self) -> dict:
        async with httpx.AsyncClient() as http:
            return (await http.get(self.url + "/_bench/metrics")).json()

    async def reset(self) -> None:
        async with httpx.AsyncClient() as http:
            await http.get(self.url + "/_bench/reset")

    def rss_mb(self) -> float:
        return psutil.Process(self.process.pid).memory_info().rss / 2**20

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


async def one_call(runtime: Runtime, question: bytes, turns: int, http: httpx.AsyncClient):
    latencies = []
    async with SimulatedCall.dial(runtime.caller, to_number=NUMBER, http=http) as call:
        await call.wait_for_bot_quiet(timeout=60)
        for _ in range(turns):
            turn = await call.say(question, answer_timeout=30)
            if turn.latency_ms is not None:
                latencies.append(turn.latency_ms)
    return latencies


async def load(runtime: Runtime, calls: int, question: bytes, turns: int) -> dict:
    limits = httpx.Limits(max_connections=calls + 10)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        await runtime.reset()
        idle_rss = runtime.rss_mb()
        tasks = []
        for _ in range(calls):  # ramp up: ~100 calls a second, as a busy trunk would
            tasks.append(asyncio.create_task(one_call(runtime, question, turns, http)))
            await asyncio.sleep(0.01)
        await asyncio.sleep(1.0)
        peak_rss = runtime.rss_mb()
        results = await asyncio.gather(*tasks, return_exceptions=True)
    failures = [r for r in results if isinstance(r, BaseException)]
    metrics = await runtime.metrics()
    return {
        "calls": calls,
        "failed": len(failures),
        "rss_per_call_mb": max(0.0, peak_rss - idle_rss) / calls,
        **metrics,
    }


async def main(args: argparse.Namespace) -> None:
    question = await EspeakSynthesizer("en-US").synthesize_pcm8k("What are your opening hours?")
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
    with tempfile.TemporaryDirectory() as folder:
        database_url = prepare_database(f"{folder}/bench.db", args.calls)

        runtime = Runtime(database_url, redis_url, "null")
        await runtime.ready()
        try:
            single = await load(runtime, 1, question, args.turns)
            print(f"1 call:   {json.dumps(single)}")
            loaded = await load(runtime, args.calls, question, args.turns)
            print(f"{args.calls} calls: {json.dumps(loaded)}")
            rss_before = runtime.rss_mb()
            for _ in range(args.sequential // 20):
                await load(runtime, 20, question, 1)
            growth = runtime.rss_mb() - rss_before
            print(f"after {args.sequential} more calls, RSS grew {growth:.1f} MB")
        finally:
            runtime.stop()

        offline = Runtime(database_url, redis_url, "offline")
        await offline.ready()
        try:
            async with httpx.AsyncClient(timeout=30) as http:
                v2v = await one_call(offline, question, args.turns, http)
            print(f"voice-to-voice with offline engines (ms): {[round(v) for v in v2v]}")
        finally:
            offline.stop()

    overhead = max(single["overhead_p95_ms"], loaded["overhead_p95_ms"])
    capacity = args.calls if loaded["pacing_p99_ms"] < 20 and not loaded["failed"] else 0
    print(
        f"overhead_p95_ms={overhead:.1f} capacity_calls={capacity} "
        f"v2v_p50_ms={statistics.median(v2v):.0f} "
        f"rss_per_call_mb={loaded['rss_per_call_mb']:.2f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run (20 calls)")
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--sequential", type=int, default=1000)
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.calls, arguments.turns, arguments.sequential = 20, 2, 100
    asyncio.run(main(arguments))
