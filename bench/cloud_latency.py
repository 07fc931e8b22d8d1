"""Voice-to-voice latency on the cloud path (issue 14, goal 4).

The runtime runs in a child process pinned to one core, with a German bot on Google speech
recognition, an OpenAI-compatible chat model and ElevenLabs — each the local stand-in
(tests/integrations/cloud/local_cloud.py) in this process, set to a real service's speeds:
recognition answers 300 ms after it has the audio, the model's first token comes after
350 ms and then 40 tokens a second, ElevenLabs' first audio after 200 ms (then 4× real
time). One caller (the simulator: 20 ms frames in real time, marks echoed as played) asks
`--turns` questions, one call at a time. Prints per turn, then last:

    cloud_v2v_p50_ms   the caller's last voiced frame → the bot's first audible frame
    cloud_overhead_ms  the median of v2v minus what the services and the turn rule take:
                       end-of-turn silence + recognition + the model's time to its first
                       sentence + TTS time to first audio

    .venv/bin/python bench/cloud_latency.py [--quick] [--turns 12]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.cores import LOAD_CORE, SERVER_CORE, pin_to  # noqa: E402
from core.settings import DEV_TWILIO_AUTH_TOKEN  # noqa: E402
from integrations.speech.espeak_tts import EspeakSynthesizer  # noqa: E402
from integrations.speech.null_engines import tone_mulaw  # noqa: E402
from tests.integrations.cloud.local_cloud import LocalCloud, running_local_cloud  # noqa: E402
from voice_runtime.runtime import Timings  # noqa: E402
from voice_runtime.simulated_twilio import CallerConfig  # noqa: E402
from voice_runtime.simulator import SimulatedCall  # noqa: E402

NUMBER = "+4315550998"
RECOGNITION_S = 0.300
FIRST_TOKEN_S = 0.350
TOKEN_S = 1 / 40
TTS_FIRST_AUDIO_S = 0.200
TTS_SPEED = 4.0
QUESTION = "Wann haben Sie geöffnet?"
FIRST_SENTENCE = "Wir haben Montag bis Freitag von neun bis fünf Uhr geöffnet."
ANSWER = (
    FIRST_SENTENCE + " Am Samstag sind wir von neun bis zwölf da, am Sonntag ist geschlossen. "
    "Kann ich sonst noch etwas für Sie tun?"
)


def tokens(text: str) -> list[str]:
    """The answer as a model streams it: a word a token, each with its leading space."""
    words = text.split(" ")
    return [words[0]] + [" " + word for word in words[1:]]


def first_sentence_s() -> float:
    """When the model has written the first sentence's last token."""
    return FIRST_TOKEN_S + (len(tokens(FIRST_SENTENCE)) - 1) * TOKEN_S


def serve(port: int, database_url: str, redis_url: str, cloud_url: str) -> None:
    """Child process: the runtime with each bot's chosen engines, the cloud on `cloud_url`."""
    pin_to(SERVER_CORE)
    import uvicorn

    from core.settings import load_settings
    from voice_runtime.app import create_app
    from voice_runtime.cloud_engines import CloudServices
    from voice_runtime.engines import bot_engines

    settings = load_settings(
        database_url=database_url,
        redis_url=redis_url,
        public_base_url=f"http://127.0.0.1:{port}",
        google_speech_base_url=cloud_url,
        elevenlabs_base_url=cloud_url,
        openai_base_url=cloud_url + "/v1",
    )
    factory = bot_engines(CloudServices.from_settings(settings))  # no Whisper: Google hears
    app = create_app(settings, engine_factory=factory)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def prepare_database(path: str) -> str:
    from core.encryption import CredentialCipher
    from core.settings import load_settings
    from models import BotLanguage, BotStatus, Provider
    from models.database import make_engine, make_session_factory
    from models.migrate import upgrade
    from models.scoping import staff_session
    from services.credentials import store_credential
    from tests.factories import Factory
    from tests.integrations.cloud.local_cloud import ELEVENLABS_KEY, GOOGLE_KEY, OPENAI_KEY

    url = f"sqlite:///{path}"
    upgrade(database_url=url)
    session = staff_session(make_session_factory(make_engine(url)))
    make = Factory(session)
    tenant = make.tenant()
    cloud = {"stt_engine": "google", "tts_engine": "elevenlabs", "dialogue_engine": "openai"}
    bot = make.bot(tenant, status=BotStatus.LIVE, language=BotLanguage.DE_AT, **cloud)
    make.phone_number(tenant, bot, e164=NUMBER)
    cipher = CredentialCipher.from_settings(load_settings(database_url=url))
    for provider, key in [
        (Provider.GOOGLE, GOOGLE_KEY),
        (Provider.ELEVENLABS, ELEVENLABS_KEY),
        (Provider.OPENAI, OPENAI_KEY),
    ]:
        store_credential(
            session=session, cipher=cipher, provider=provider, value=key, tenant_id=tenant.id
        )
    session.commit()
    return url


@contextlib.asynccontextmanager
async def runtime(database_url: str, redis_url: str, cloud_url: str):  # type: ignore[no-untyped-def]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    root = str(Path(__file__).resolve().parent.parent)
    code = (
        f"import sys; sys.path.insert(0, {root!r}); from bench.cloud_latency import serve; "
        f"serve({port}, {database_url!r}, {redis_url!r}, {cloud_url!r})"
    )
    env = {**os.environ, "LOG_LEVEL": "ERROR"}
    process = subprocess.Popen([sys.executable, "-c", code], env=env)  # noqa: S603
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        async with httpx.AsyncClient() as http:
            while True:
                try:
                    await http.get(url + "/healthz")
                    break
                except httpx.HTTPError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("the runtime did not start") from None
                    await asyncio.sleep(0.05)
        yield CallerConfig(url, url, DEV_TWILIO_AUTH_TOKEN)
    finally:
        process.terminate()
        process.wait(timeout=30)


def set_speeds(cloud: LocalCloud) -> None:
    cloud.transcript = QUESTION
    cloud.recognition_s = RECOGNITION_S
    cloud.first_token_s = FIRST_TOKEN_S
    cloud.token_s = TOKEN_S
    cloud.answer_chunks = tokens(ANSWER)
    cloud.speech_pause_s = TTS_FIRST_AUDIO_S
    cloud.audio_speed = TTS_SPEED
    cloud.audio = tone_mulaw(1500)  # a sentence's audio


async def measure(turns: int, redis_url: str) -> tuple[float, float]:
    """`turns` questions on one call: the median v2v and its overhead over the services."""
    question = await EspeakSynthesizer("de-AT").synthesize_pcm8k(QUESTION)
    latencies: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        database_url = prepare_database(f"{folder}/bench.db")
        async with (
            running_local_cloud() as cloud,
            runtime(database_url, redis_url, cloud.url) as caller,
        ):
            set_speeds(cloud)
            async with SimulatedCall.dial(caller, to_number=NUMBER) as call:
                await call.wait_for_bot_quiet(timeout=60)
                for turn in range(turns):
                    said = await call.say(question, answer_timeout=30)
                    if said.latency_ms is not None:
                        latencies.append(said.latency_ms)
                    print(f"cloud turn {turn + 1}: v2v {said.latency_ms} ms", flush=True)
    if not latencies:
        raise SystemExit("the bot never answered on the cloud path")
    services_ms = (
        Timings().end_of_turn_ms + (RECOGNITION_S + first_sentence_s() + TTS_FIRST_AUDIO_S) * 1000
    )
    v2v = statistics.median(latencies)
    print(f"cloud path: services and turn rule take {services_ms:.0f} ms", flush=True)
    return v2v, v2v - services_ms


async def main(args: argparse.Namespace) -> None:
    pin_to(LOAD_CORE)
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
    v2v, overhead = await measure(args.turns, redis_url)
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"load average {load}", flush=True)
    print(f"cloud_v2v_p50_ms={v2v:.0f} cloud_overhead_ms={overhead:.0f}", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run (4 turns)")
    parser.add_argument("--turns", type=int, default=12)
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.turns = 4
    asyncio.run(main(arguments))
