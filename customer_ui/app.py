"""The portal's app factory: a FastAPI app with the NiceGUI pages mounted at `/`.

Nothing happens at import time. `create_app(settings)` builds the shared clients (database
session factory, Redis, token signer, cipher), includes the public FastAPI routers (Stripe
webhook) and mounts the REST API at /api/v1 *before* mounting NiceGUI — a mount at `/`
would otherwise swallow their paths — and registers the pages. Tests pass their own session
factory (joined to the test transaction) and Redis client.

NiceGUI keeps its pages in one process-wide app, so one process serves one portal.
"""

from __future__ import annotations

import asyncio
import logging

import redis
from fastapi import APIRouter, FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from nicegui import app as nicegui_app
from nicegui import ui
from nicegui.storage import Storage
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp

from core.settings import Settings, load_settings
from customer_ui.api import create_api
from customer_ui.auth import make_auth_middleware
from customer_ui.context import PortalContext
from customer_ui.handler_arity import install as remember_handler_arity
from customer_ui.header_middleware import replace_header_middleware
from customer_ui.observability import observe
from customer_ui.outage import DatabaseOutage
from customer_ui.page_escaping import install as escape_pages_quickly
from customer_ui.pages import register_pages
from customer_ui.stripe_webhook import webhook_router
from customer_ui.styles import serve_compiled_tailwind
from customer_ui.unopened_pages import drop_unopened_pages, wait_for_browsers
from jobs.on_commit import enqueue_on_commit
from models.database import make_engine, make_session_factory

log = logging.getLogger(__name__)

# How long a page whose connection dropped waits for its browser to come back, with all that
# was typed into it. NiceGUI's default of 3 s reloads the page of a phone that loses the
# network for a few seconds (a lift, a train, a switch to another app to look up a number)
# and throws away the form. A page left for good is kept as long, ~0.3 MB each. NiceGUI
# pings every 0.8 x this and gives a missing answer 0.4 x this.
RECONNECT_SECONDS = 15.0


def create_app(
    settings: Settings | None = None,
    *,
    session_factory: sessionmaker[Session] | None = None,
    redis_client: redis.Redis | None = None,
    routers: tuple[APIRouter, ...] = (),
    shared_sessions: bool | None = None,
) -> FastAPI:
    """The portal app. `shared_sessions` keeps NiceGUI's per-user storage in Redis (the
    default when REDIS_URL is set); tests turn it off, since NiceGUI leaves Redis tab
    storage connections open at shutdown."""
    settings = settings or load_settings()
    remember_handler_arity()
    escape_pages_quickly()
    wait_for_browsers()
    if session_factory is None:
        session_factory = make_session_factory(make_engine(settings.database_url))
    if redis_client is None:
        redis_client = _redis_client(settings)
    enqueue_on_commit(session_factory, redis=redis_client, settings=settings)
    ctx = PortalContext.build(settings, session_factory, redis_client)

    fastapi_app = FastAPI(title="VoiceAgent", docs_url=None, redoc_url=None, openapi_url=None)
    fastapi_app.add_middleware(DatabaseOutage)
    fastapi_app.include_router(webhook_router(settings=settings, session_factory=session_factory))
    # /healthz, /readyz, /metrics and request timing (customer_ui/observability.py).
    observe(
        fastapi_app, settings=settings, session_factory=session_factory, redis_client=redis_client
    )
    for router in routers:
        fastapi_app.include_router(router)
    fastapi_app.mount(
        "/api/v1",
        create_api(settings=settings, session_factory=session_factory, redis_client=redis_client),
    )

    # Sessions of several portal processes live together in Redis.
    if shared_sessions is None:
        shared_sessions = settings.redis_url is not None
    Storage.redis_url = settings.redis_url if shared_sessions else None
    Storage.redis_key_prefix = "voiceagent:portal:"
    nicegui_app.add_middleware(make_auth_middleware(ctx))
    register_pages(ctx)
    drop_unopened_pages()
    serve_compiled_tailwind()
    nicegui_app.on_shutdown(_let_a_started_prune_finish)
    ui.run_with(
        fastapi_app,
        mount_path="/",
        title="VoiceAgent",
        favicon="📞",
        storage_secret=settings.secret_key.get_secret_value(),
        show_welcome_message=False,
        tailwind=False,  # customer_ui/styles.py serves it compiled
        reconnect_timeout=RECONNECT_SECONDS,
        gzip_middleware_factory=_quick_gzip,
    )
    replace_header_middleware(nicegui_app)
    return fastapi_app


def _quick_gzip(app: ASGIApp) -> GZipMiddleware:
    """Answers compressed at zlib's level 1 (nginx's default), not Starlette's 9: a page of
    ~30 KB then costs ~1 M instructions to compress instead of ~2.6 M (6 % of a dashboard,
    callgrind, 2026-12-07) and goes out ~10 % larger (7.2 KB instead of 6.5 KB)."""
    return GZipMiddleware(app, compresslevel=1)


async def _let_a_started_prune_finish() -> None:
    """NiceGUI 3.18's shutdown closes each user's storage while iterating the live dict of
    them, and its storage-pruning timer may have started a pass just before the shutdown
    began: the pass removed entries mid-iteration ("dictionary changed size during
    iteration", seen once as a portal stopped in a test run), so the shutdown failed and the
    storages after it were not closed. Runs before NiceGUI's own shutdown steps (registered
    earlier), and yields once: a pass already scheduled removes its entries now, and the
    timer starts no new pass while the app is stopping."""
    await asyncio.sleep(0)


def _redis_client(settings: Settings) -> redis.Redis:
    if not settings.redis_url:
        raise RuntimeError(
            "REDIS_URL is not set. The portal keeps sessions and login limits in Redis; "
            "`voiceagent dev` starts an embedded one for you."
        )
    return redis.Redis.from_url(settings.redis_url)
