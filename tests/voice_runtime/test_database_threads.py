"""The voice runtime's database threads each keep a pooled connection."""

from __future__ import annotations

import asyncio
import threading

from sqlalchemy import Engine

from voice_runtime.app import create_app
from voice_runtime.call_control import LoggingCallControl
from voice_runtime.engines import EngineSet

THREADS = 12
WAIT_S = 30  # a limit for a condition, never a measured time


def no_engines(*_args: object) -> EngineSet:
    raise AssertionError("no call reaches this runtime")


async def test_every_database_thread_keeps_its_connection(settings, redis_client) -> None:
    """A rush of bookings runs on every database thread at once; each step's connection goes
    back to the pool for the next step, none is opened and closed per step (the pool was
    smaller than the threads: 5 of 12 kept)."""
    app = create_app(
        settings,
        redis_client=redis_client,
        engine_factory=no_engines,
        call_control=LoggingCallControl(),
        db_workers=THREADS,
    )
    runtime = app.state.runtime
    assert runtime.desks is not None
    factory = runtime.desks.factory
    engine = factory.kw["bind"]
    assert isinstance(engine, Engine)
    all_in = threading.Barrier(THREADS)

    def step() -> None:
        with factory() as session:
            session.connection()
            all_in.wait(timeout=WAIT_S)  # every thread holds a connection at once

    try:
        await asyncio.gather(*(runtime.blocking(step) for _ in range(THREADS)))
        assert engine.pool.checkedin() == THREADS
    finally:
        runtime.executor.shutdown(wait=False)
        engine.dispose()
