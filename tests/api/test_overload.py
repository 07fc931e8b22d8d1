"""Overload is refused early and plainly: with every pooled connection taken, a request waits
the pool's short wait, then gets 503 with Retry-After and a message in the caller's language —
never a 500 after SQLAlchemy's 30 s, never a stack trace; and beyond the process's in-flight
limit a request is refused at once. A real pool of one connection."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
import redis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from core.settings import Settings
from customer_ui.admission import InFlightLimit
from customer_ui.api import create_api
from models.database import make_engine, make_session_factory

GERMAN = (
    "VoiceAgent ist gerade sehr ausgelastet. "
    "Bitte versuchen Sie es in ein paar Sekunden noch einmal."
)
ENGLISH = "VoiceAgent is very busy right now. Please try again in a few seconds."


@pytest.fixture
def one_connection(database_url: str) -> Iterator[Engine]:
    """A pool of exactly one connection that waits 0.1 s for it."""
    engine = make_engine(database_url, pool_size=1, max_overflow=0, pool_timeout=0.1)
    yield engine
    engine.dispose()


@pytest.mark.parametrize(("language", "message"), [("de-AT", GERMAN), ("en", ENGLISH)])
def test_a_request_finding_no_free_connection_is_refused_as_busy(
    one_connection: Engine,
    settings: Settings,
    redis_client: redis.Redis,
    language: str,
    message: str,
) -> None:
    api = create_api(
        settings=settings,
        session_factory=make_session_factory(one_connection),
        redis_client=redis_client,
    )
    client = TestClient(api, raise_server_exceptions=False)
    headers = {"Authorization": "Bearer va_not-a-token", "Accept-Language": language}

    with one_connection.connect():  # someone else holds the only connection
        answer = client.get("/calls", headers=headers)
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "5"
    assert answer.json() == {"error": {"code": "unavailable", "message": message, "fields": {}}}

    # The connection back in the pool: served again (this token is unknown: 401).
    assert client.get("/calls", headers=headers).status_code == 401


async def test_requests_beyond_the_in_flight_limit_are_refused_at_once(
    database_url: str, settings: Settings, redis_client: redis.Redis
) -> None:
    """One request admitted (it waits for the held connection); the next is refused with
    the busy answer before it needs a thread or a connection, and the first is then served."""
    engine = make_engine(database_url, pool_size=1, max_overflow=0, pool_timeout=30)
    api = create_api(
        settings=settings.model_copy(update={"api_max_in_flight": 1}),
        session_factory=make_session_factory(engine),
        redis_client=redis_client,
    )
    headers = {"Authorization": "Bearer va_not-a-token", "Accept-Language": "en"}
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(api), base_url="http://test"
        ) as client:
            held = engine.connect()
            first = asyncio.create_task(client.get("/calls", headers=headers))

            async def first_admitted() -> None:
                while (limit := admission(api)) is None or limit.in_flight == 0:
                    await asyncio.sleep(0.01)

            # Fails, rather than hangs the run, if the limit never counts the first request.
            await asyncio.wait_for(first_admitted(), timeout=10)

            refused = await client.get("/calls", headers=headers)
            assert refused.status_code == 503
            assert refused.headers["Retry-After"] == "5"
            assert refused.json()["error"]["message"] == ENGLISH
            assert not first.done()

            held.close()
            assert (await first).status_code == 401  # admitted and served: an unknown token
    finally:
        engine.dispose()


def admission(api: FastAPI) -> InFlightLimit | None:
    """The API's in-flight limit, once its middleware stack is built (at the first request)."""
    app = api.middleware_stack
    while app is not None and not isinstance(app, InFlightLimit):
        app = getattr(app, "app", None)
    return app
