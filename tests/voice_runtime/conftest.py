"""A real voice runtime on a free local port, serving the test database and Redis, and a
simulated Twilio caller for it."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest
import redis
import uvicorn
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from integrations.speech.espeak_tts import EspeakSynthesizer
from models import Bot, BotLanguage, BotStatus, Call, PhoneNumber, Tenant
from tests.factories import Factory
from voice_runtime.app import create_app
from voice_runtime.call_control import LoggingCallControl
from voice_runtime.engines import EngineFactory, build_engines
from voice_runtime.metrics import RuntimeMetrics
from voice_runtime.runtime import Timings
from voice_runtime.signatures import DEV_TWILIO_AUTH_TOKEN
from voice_runtime.simulator import CallerConfig

OPENING_HOURS_ANSWER = "We are open Monday to Friday from nine to five."
FAQ = [
    {"question": "What are your opening hours?", "answer": OPENING_HOURS_ANSWER},
    {"question": "How much is a haircut?", "answer": "A haircut costs twenty five euros."},
]


@dataclass
class VoiceServer:
    caller: CallerConfig
    metrics: RuntimeMetrics
    call_control: LoggingCallControl
    settings: Settings


@pytest.fixture
def engine_factory() -> EngineFactory:
    return build_engines


@pytest.fixture
def timings() -> Timings:
    return Timings(start_timeout_seconds=2.0, send_timeout_seconds=2.0)


@pytest.fixture
async def voice_server(
    settings: Settings,
    session_factory: sessionmaker[Session],
    redis_client: redis.Redis,
    engine_factory: EngineFactory,
    timings: Timings,
) -> AsyncIterator[VoiceServer]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    settings = settings.model_copy(update={"public_base_url": base})
    metrics, control = RuntimeMetrics(), LoggingCallControl()
    app = create_app(
        settings,
        session_factory=session_factory,
        redis_client=redis_client,
        engine_factory=engine_factory,
        call_control=control,
        metrics=metrics,
        timings=timings,
        db_workers=1,  # the test's sessions share one connection: one thread at a time
    )
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.01)
    try:
        yield VoiceServer(
            CallerConfig(base, base, DEV_TWILIO_AUTH_TOKEN), metrics, control, settings
        )
    finally:
        server.should_exit = True
        await task
        sock.close()


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
