"""The public REST API, `/api/v1`: a FastAPI app the portal mounts.

Organised by domain under routes/. Every route goes through `services` with a session scoped
to the caller's tenant, so another tenant's ids answer 404 like ids that do not exist.
OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs.
"""

from __future__ import annotations

import redis
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from core.tokens import TokenSigner
from customer_ui.api.errors import ERROR_RESPONSES, install_error_handlers
from customer_ui.api.limits import BodySizeLimit, RateLimiter
from customer_ui.api.routes import auth, billing, bots, calls, support, tenant, usage
from customer_ui.api.security import ApiContext
from jobs.on_commit import enqueue_on_commit

ROUTERS = (
    auth.router,
    tenant.router,
    bots.router,
    calls.router,
    usage.router,
    billing.router,
    support.router,
)


def create_api(
    *, settings: Settings, session_factory: sessionmaker[Session], redis_client: redis.Redis
) -> FastAPI:
    # A bot created, resumed or deleted here starts provisioning as the request commits.
    enqueue_on_commit(session_factory, redis=redis_client, settings=settings)
    api = FastAPI(
        title="VoiceAgent API",
        version="1.0",
        description="Manage your voice bots, calls, usage, invoices and support tickets.",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    api.state.api = ApiContext(
        session_factory=session_factory,
        read_session_factory=autocommit_factory(session_factory),
        limiter=RateLimiter(redis_client, settings.api_rate_limit_per_minute),
        signer=TokenSigner.from_settings(settings),
    )
    install_error_handlers(api)
    for router in ROUTERS:
        api.include_router(router, responses=ERROR_RESPONSES)
    api.add_middleware(BodySizeLimit, max_bytes=settings.api_max_body_bytes)
    return api


def autocommit_factory(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    """Sessions like `factory`'s whose connections autocommit, for requests that only read.
    A factory bound to a single connection (tests) is returned unchanged."""
    bind = factory.kw.get("bind")
    if not isinstance(bind, Engine):
        return factory
    return sessionmaker(
        **{**factory.kw, "bind": bind.execution_options(isolation_level="AUTOCOMMIT")}
    )
