"""A real voice runtime on a free local port, serving the test database and Redis, and a
simulated Twilio caller for it."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
import redis
import uvicorn
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.encryption import CredentialCipher
from core.settings import Settings
from integrations.dialogue.base import BotProfile
from integrations.speech.espeak_tts import EspeakSynthesizer
from integrations.speech.null_engines import NullTranscriber
from models import Bot, BotLanguage, BotStatus, Call, PhoneNumber, Provider, Tenant
from services.credentials import store_credential
from tests.factories import Factory
from tests.integrations.cloud.local_cloud import OPENAI_KEY
from voice_runtime.app import SERVER_OPTIONS, create_app
from voice_runtime.call_control import CallControl, LoggingCallControl
from voice_runtime.cloud_engines import CloudServices
from voice_runtime.engines import Credentials, EngineFactory, EngineSet, bot_engines, build_engines
from voice_runtime.metrics import RuntimeMetrics
from voice_runtime.runtime import Runtime, Timings
from voice_runtime.signatures import twilio_auth_token
from voice_runtime.simulated_twilio import CallerConfig
from voice_runtime.simulator import SimulatedCall

OPENING_HOURS_ANSWER = "We are open Monday to Friday from nine to five."
FAQ = [
    {"question": "What are your opening hours?", "answer": OPENING_HOURS_ANSWER},
    {"question": "How much is a haircut?", "answer": "A haircut costs twenty five euros."},
]


# Open every day from 8 to 20: a booking test's "tomorrow at ten" is bookable any day.
EVERY_DAY = {day: [["08:00", "20:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
CALLER = "+436641234567"


async def run_now(function: Callable[..., Any], *args: Any) -> Any:
    """A booking desk's `blocking` for tests without a runtime: the runtime runs desk steps
    on its executor; the test's sessions share one connection, so here they run in turn
    on the event loop's thread."""
    return function(*args)


def hearing(*callers: list[str], **engines: Any) -> EngineFactory:
    """The bot's own engines, except that each call hears the next caller's words, injected
    (the offline engines recognise no German, and Whisper mishears espeak-ng's short booking
    answers); one list: every call hears it. `engines` go to build_engines (e.g. `cloud`)."""
    lines = itertools.cycle(callers)

    def with_injected_words(profile: BotProfile, credentials: Credentials) -> EngineSet:
        built = build_engines(profile, credentials, **engines)
        built.transcriber = NullTranscriber(list(next(lines)), default="")
        return built

    return with_injected_words


@dataclass
class VoiceServer:
    caller: CallerConfig
    metrics: RuntimeMetrics
    call_control: CallControl | None  # None: the runtime's own, from the settings
    settings: Settings
    runtime: Runtime


@pytest.fixture
def engine_factory() -> EngineFactory | None:
    return None  # production wiring: each bot's chosen engines, offline by default


@pytest.fixture
def call_control() -> CallControl | None:
    """Hand-overs are recorded, not dialled; None wires the runtime's own from the settings."""
    return LoggingCallControl()


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Settings a test module changes for its runtime (e.g. cloud base URLs)."""
    return {}


@pytest.fixture
def timings() -> Timings:
    return Timings(start_timeout_seconds=2.0, send_timeout_seconds=2.0)


@pytest.fixture
async def voice_server(
    request: pytest.FixtureRequest,
    settings: Settings,
    session_factory: sessionmaker[Session],
    redis_client: redis.Redis,
    engine_factory: EngineFactory | None,
    timings: Timings,
    settings_overrides: dict[str, Any],
    call_control: CallControl | None,
) -> AsyncIterator[VoiceServer]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        settings = settings.model_copy(update={"public_base_url": base, **settings_overrides})
        metrics = RuntimeMetrics()
        cloud = CloudServices.from_settings(settings)
        if engine_factory is None:
            # The production factory, but Whisper's worker process is kept for the whole
            # test run (the runtime's shutdown would stop it).
            engine_factory = bot_engines(cloud, request.getfixturevalue("whisper"))
        app = create_app(
            settings,
            session_factory=session_factory,
            redis_client=redis_client,
            engine_factory=engine_factory,
            call_control=call_control,
            metrics=metrics,
            timings=timings,
            db_workers=1,  # the test's sessions share one connection: one thread at a time
        )
        server = uvicorn.Server(
            uvicorn.Config(app, log_level="warning", lifespan="on", **SERVER_OPTIONS)
        )
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:
            await asyncio.sleep(0.01)
        try:
            caller = CallerConfig(base, base, twilio_auth_token(settings))
            yield VoiceServer(caller, metrics, call_control, settings, app.state.runtime)
        finally:
            server.should_exit = True
            await task
            await cloud.aclose()


@pytest.fixture
def live_bot(make: Factory) -> Callable[..., tuple[Tenant, Bot, PhoneNumber]]:
    def build(**bot_fields: Any) -> tuple[Tenant, Bot, PhoneNumber]:
        tenant_fields = bot_fields.pop("tenant", {})
        tenant = make.tenant(**tenant_fields)
        fields = {
            "name": "Salon Anna",
            "language": BotLanguage.EN_US,
            "greeting": "Hello, this is Salon Anna.",
            "faq": FAQ,
            "status": BotStatus.LIVE,
            "handover_number": "+43155500999",
            **bot_fields,
        }
        bot = make.bot(tenant, **fields)
        number = make.phone_number(tenant, bot)
        make.session.commit()
        return tenant, bot, number

    return build


@pytest.fixture
def english_salon_call(
    voice_server: VoiceServer, live_bot: Callable[..., Any], make: Factory, staff_db: Session
) -> Callable[[list[str]], Awaitable[Call]]:
    """An English salon open every day (Haircut, Colouring; nobody to hand over to), and a
    call from CALLER that says each line once the bot is quiet: the call's row once closed."""
    tenant, _bot, number = live_bot(business_hours=EVERY_DAY, handover_number=None)
    make.service(tenant, name="Haircut", duration_minutes=30)
    make.service(tenant, name="Colouring", duration_minutes=120)
    make.session.commit()
    caller = dataclasses.replace(voice_server.caller, from_number=CALLER)

    async def say(lines: list[str]) -> Call:
        async with SimulatedCall.dial(caller, to_number=number.e164) as call:
            await call.wait_for_bot_quiet()
            for line in lines:
                turn = await call.say(await speech(line))
                assert turn.latency_ms is not None, f"no answer to {line!r}"
            sid = call.call_sid
        return await wait_for_closed_call(voice_server, staff_db, sid)

    return say


def store_openai_key(server: VoiceServer, staff_db: Session, tenant: Tenant) -> None:
    """The tenant's own key for the chat model (the local stand-in's)."""
    cipher = CredentialCipher.from_settings(server.settings)
    store_credential(
        session=staff_db, cipher=cipher, provider=Provider.OPENAI, value=OPENAI_KEY,
        tenant_id=tenant.id,
    )  # fmt: skip
    staff_db.commit()


async def speech(text: str, language: str = "en-US") -> bytes:
    """The caller's words as 8 kHz PCM, spoken by espeak-ng."""
    return await EspeakSynthesizer(language).synthesize_pcm8k(text)


async def wait_for_closed_call(
    server: VoiceServer, staff_db: Session, call_sid: str, closed: int = 1
) -> Call:
    """The call's row once the runtime has closed it. The test's session shares the runtime's
    database connection, so it waits on the runtime's counter before it reads."""
    for _ in range(400):
        if server.metrics.calls_closed >= closed:
            break
        await asyncio.sleep(0.025)
    else:
        raise AssertionError("the runtime did not close the call")
    staff_db.expire_all()
    return staff_db.scalars(select(Call).where(Call.provider_call_sid == call_sid)).one()
