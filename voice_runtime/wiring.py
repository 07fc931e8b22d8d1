"""How the voice runtime's parts are made and closed, for its app factory
(voice_runtime/app.py `create_app`): the Runtime every call shares, the database engine and
Redis client it opens itself when none is handed in, and what runs while the app serves.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import redis
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.encryption import CredentialCipher
from core.settings import Settings
from core.tokens import TokenSigner
from integrations.speech.whisper_stt import WhisperPool
from jobs.on_commit import enqueue_on_commit
from models.database import make_engine, make_session_factory
from services.call_slots import CallSlots
from services.platform_keys import with_platform_keys
from voice_runtime.call_control import CallControl
from voice_runtime.call_desk import Desks
from voice_runtime.call_store import CallStore
from voice_runtime.cloud_engines import CloudServices
from voice_runtime.engines import EngineFactory
from voice_runtime.metrics import RuntimeMetrics
from voice_runtime.platform_account import PlatformAccount
from voice_runtime.runtime import Runtime, Timings
from voice_runtime.stream_tokens import StreamTokens


@dataclass(frozen=True)
class OwnClients:
    """The database and Redis a runtime uses; `engine` is set when the runtime opened the
    database itself (and so disposes of it at the end)."""

    session_factory: sessionmaker[Session]
    redis_client: redis.Redis
    engine: Engine | None = None

    @classmethod
    def open(
        cls,
        settings: Settings,
        session_factory: sessionmaker[Session] | None,
        redis_client: redis.Redis | None,
        db_workers: int,
    ) -> OwnClients:
        """Those handed in, the others opened from the settings."""
        engine = None
        if session_factory is None:
            # A connection kept for each database thread: beyond the pool's size, a connection
            # is opened for one step and closed after it, which a rush of bookings pays for.
            engine = make_engine(settings.database_url, pool_size=db_workers)
            session_factory = make_session_factory(engine)
        if redis_client is None:
            if settings.redis_url is None:
                raise RuntimeError("REDIS_URL is not set; the voice runtime needs Redis")
            redis_client = redis.Redis.from_url(settings.redis_url)
        return cls(session_factory, redis_client, engine)


def build_runtime(
    settings: Settings,
    *,
    session_factory: sessionmaker[Session],
    redis_client: redis.Redis,
    engine_factory: EngineFactory,
    call_control: CallControl | None,
    metrics: RuntimeMetrics | None,
    timings: Timings | None,
    db_workers: int,
) -> Runtime:
    # The stored platform keys win over the environment's, and are read again while the
    # runtime runs (voice_runtime/platform_account.py): a new token needs no restart.
    platform = PlatformAccount(
        settings,
        read=lambda: with_platform_keys(settings, session_factory),
        call_control=call_control,
    )
    # A booking made on the phone queues the caller's SMS when its transaction commits.
    enqueue_on_commit(session_factory, redis=redis_client, settings=settings)
    return Runtime(
        settings=settings,
        store=CallStore(session_factory, CredentialCipher.from_settings(settings)),
        slots=CallSlots(redis_client),
        tokens=StreamTokens(TokenSigner.from_settings(settings), redis_client),
        platform=platform,
        engine_factory=engine_factory,
        executor=ThreadPoolExecutor(max_workers=db_workers, thread_name_prefix="voice-db"),
        metrics=metrics or RuntimeMetrics(),
        desks=Desks(session_factory, settings.portal_base_url),
        timings=timings
        or Timings(
            end_of_turn_ms=settings.voice_end_of_turn_ms,
            barge_in_ms=settings.voice_barge_in_ms,
            flush_seconds=settings.voice_flush_seconds,
            heartbeat_seconds=settings.voice_heartbeat_seconds,
        ),
    )


@contextlib.asynccontextmanager
async def serving(
    runtime: Runtime, cloud: CloudServices, whisper: WhisperPool | None, engine: Engine | None
) -> AsyncIterator[None]:
    """The app's lifespan: Whisper loaded as it starts, and what the factory opened closed
    as it ends."""
    if whisper is not None:
        await asyncio.to_thread(whisper.start)  # each worker loads the model once
    yield
    await cloud.aclose()
    if whisper is not None:
        whisper.shutdown()
    if isinstance(runtime.executor, ThreadPoolExecutor):
        runtime.executor.shutdown(wait=False, cancel_futures=True)
    if engine is not None:
        engine.dispose()  # closes its connections, also for a runtime run in-process
