"""A voice runtime of its own for a caller who types (`voiceagent call --typed`): the same
runtime, WebSocket, dialogue, booking desk and database as a real call, but the recogniser
hears each utterance as the next typed line. German cannot be recognised offline here, so
this is how a German bot is tried end to end on a development machine.

    async with typed_runtime(settings, lines) as (runtime_url, runtime):
        ...  # dial runtime_url with voice_runtime.simulator.SimulatedCall

The runtime listens on a free local port for as long as the block runs; without REDIS_URL
it starts an embedded Redis for its call slots and stream tokens, and stops it after.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Iterator

import redis
import uvicorn

from cli.dev import embedded_redis
from core.settings import Settings
from integrations.dialogue.base import BotProfile
from integrations.speech.null_engines import NullTranscriber
from voice_runtime.app import SERVER_OPTIONS, create_app
from voice_runtime.engines import Credentials, EngineFactory, EngineSet, build_engines
from voice_runtime.runtime import Runtime


def typed_engines(lines: list[str]) -> EngineFactory:
    """The bot's offline engines; the recogniser hears the typed lines in order."""

    def factory(profile: BotProfile, credentials: Credentials) -> EngineSet:
        engines = build_engines(profile, credentials)
        engines.transcriber = NullTranscriber(lines, default="")
        return engines

    return factory


@contextlib.asynccontextmanager
async def typed_runtime(settings: Settings, lines: list[str]) -> AsyncIterator[tuple[str, Runtime]]:
    with _free_socket() as sock, _redis(settings) as redis_client:
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        app = create_app(
            settings.model_copy(update={"public_base_url": url}),
            redis_client=redis_client,
            engine_factory=typed_engines(lines),
        )
        server = uvicorn.Server(
            uvicorn.Config(app, log_level="warning", lifespan="on", **SERVER_OPTIONS)
        )
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:
            if task.done():
                task.result()  # raises why it could not start
            await asyncio.sleep(0.01)
        try:
            yield url, app.state.runtime
        finally:
            server.should_exit = True
            await task


@contextlib.contextmanager
def _free_socket() -> Iterator[socket.socket]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock


@contextlib.contextmanager
def _redis(settings: Settings) -> Iterator[redis.Redis]:
    if settings.redis_url is not None:
        yield redis.Redis.from_url(settings.redis_url)
        return
    with embedded_redis() as client:
        yield client
