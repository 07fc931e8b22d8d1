"""A portal page that finds every pooled connection taken, or that is not built within
NiceGUI's response timeout, answers 503 "busy, try again" with Retry-After, German first —
not NiceGUI's error page, not a stack trace, and not after SQLAlchemy's 30 s. A real pool of
one connection."""

from __future__ import annotations

import asyncio

import httpx
import redis
from nicegui import ui
from nicegui.testing.general import nicegui_reset_globals
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from core.tokens import TokenSigner
from customer_ui.app import create_app
from models.database import make_engine, make_session_factory
from services.password_reset import PURPOSE
from tests.api.test_overload import ENGLISH, GERMAN


async def test_a_page_finding_no_free_connection_says_busy_in_german_first(
    database_url: str, settings: Settings, redis_client: redis.Redis
) -> None:
    engine = make_engine(database_url, pool_size=1, max_overflow=0, pool_timeout=0.1)
    reset_link = "/reset-password/" + TokenSigner.from_settings(settings).sign(
        PURPOSE, {"u": 1, "f": "x"}
    )
    try:
        with nicegui_reset_globals():
            app = create_app(
                settings,
                session_factory=make_session_factory(engine),
                redis_client=redis_client,
                shared_sessions=False,
            )
            async with (
                app.router.lifespan_context(app),
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app), base_url="http://test"
                ) as client,
            ):
                with engine.connect():  # someone else holds the only connection
                    page = await client.get(reset_link)
                assert page.status_code == 503
                assert page.headers["Retry-After"] == "5"
                assert page.text.index(GERMAN) < page.text.index(ENGLISH)
                assert "Traceback" not in page.text and "QueuePool" not in page.text
                # The connection back: the page is served again.
                assert (await client.get(reset_link)).status_code == 200
    finally:
        engine.dispose()


async def test_a_page_not_built_within_its_response_timeout_says_busy(
    settings: Settings, session_factory: sessionmaker[Session], redis_client: redis.Redis
) -> None:
    """NiceGUI gives up on a page its builder has not finished within `response_timeout`
    (a loaded process queues the page's reads): the person gets the busy 503, not NiceGUI's
    500 naming its setting."""
    with nicegui_reset_globals():
        app = create_app(
            settings,
            session_factory=session_factory,
            redis_client=redis_client,
            shared_sessions=False,
        )

        @ui.page("/invitation/test/slow", response_timeout=0.1)
        async def slow() -> None:  # a public path: no login needed
            await asyncio.sleep(0.5)

        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://test") as client,
        ):
            page = await client.get("/invitation/test/slow")
    assert page.status_code == 503
    assert page.headers["Retry-After"] == "5"
    assert page.text.index(GERMAN) < page.text.index(ENGLISH)
    assert "response_timeout" not in page.text
