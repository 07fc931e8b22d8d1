"""Overload is refused early and plainly: with every pooled connection taken, a request waits
the pool's short wait, then gets 503 with Retry-After and a message in the caller's language —
never a 500 after SQLAlchemy's 30 s, never a stack trace. A real pool of one connection."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from core.settings import Settings
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
