"""The public REST API, `/api/v1`: a FastAPI app the portal mounts.

Organised by domain under routes/. Every route goes through `services` with a session scoped
to the caller's tenant, so another tenant's ids answer 404 like ids that do not exist.
OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs.
"""

from __future__ import annotations

from collections.abc import Iterable

import redis
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from core.tokens import TokenSigner
from customer_ui.admission import InFlightLimit
from customer_ui.api.errors import ERROR_RESPONSES, install_error_handlers, unavailable_response
from customer_ui.api.limits import BodySizeLimit, RateLimiter
from customer_ui.api.routes import (
    auth,
    billing,
    booking_rules,
    bookings,
    bots,
    calls,
    messages,
    privacy,
    support,
    tenant,
    usage,
)
from customer_ui.api.security import ApiContext, Requires, bearer
from customer_ui.outage import DatabaseOutage
from jobs.on_commit import enqueue_on_commit
from services.permissions import Action

# Each operation names the action it needs (services.permissions) with `requires`, on its
# router (calls, usage …) or on itself (bots, bookings, booking rules). In the order a new
# user reads them: the documentation's sections follow it (`openapi_tags`).
ROUTERS: tuple[APIRouter, ...] = (
    auth.router,
    tenant.router,
    bots.router,
    calls.router,
    usage.router,
    billing.router,
    support.router,
    bookings.services_router,
    bookings.router,
    booking_rules.router,
    messages.router,
    privacy.router,
)
# Included first. FastAPI looks for a request's route router by router, trying every route
# of each, so a list of calls behind the auth, tenant and bots routers and the
# documentation's four routes cost ~4 % more (bench/api_instructions.py).
MOST_ASKED: tuple[APIRouter, ...] = (calls.router, bots.router)
# Operations anyone may call: presenting a token is how a caller becomes known.
PUBLIC = {("POST", "/auth/token")}


def create_api(
    *, settings: Settings, session_factory: sessionmaker[Session], redis_client: redis.Redis
) -> FastAPI:
    # A bot created, resumed or deleted here starts provisioning as the request commits.
    enqueue_on_commit(session_factory, redis=redis_client, settings=settings)
    # FastAPIOffline: FastAPI whose /docs loads Swagger UI from the package, not from a CDN
    # the browser may not reach.
    api = FastAPIOffline(
        title="VoiceAgent API",
        version="1.0",
        description="Manage your voice bots, calls, usage, invoices and support tickets.",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        static_url="/docs-assets",
        openapi_tags=[{"name": tag} for tag in dict.fromkeys(t for r in ROUTERS for t in r.tags)],
    )
    api.state.api = ApiContext(
        session_factory=session_factory,
        limiter=RateLimiter(redis_client, settings.api_rate_limit_per_minute),
        signer=TokenSigner.from_settings(settings),
    )
    install_error_handlers(api)
    # The database unreachable: a 503 in the API's error shape (customer_ui/outage.py).
    api.add_middleware(DatabaseOutage, answer=unavailable_response)
    documentation = list(api.router.routes)  # FastAPI's own: /openapi.json, /docs and its files
    for router in (*MOST_ASKED, *(r for r in ROUTERS if r not in MOST_ASKED)):
        api.include_router(router, responses=ERROR_RESPONSES)
    # Tried after the API's routes, which nearly every request is for.
    api.router.routes[:] = [r for r in api.router.routes if r not in documentation] + documentation
    document_permissions(api, permissions_of(ROUTERS, public=PUBLIC))
    api.add_middleware(BodySizeLimit, max_bytes=settings.api_max_body_bytes)
    # Outermost: overload is refused before any other work (customer_ui/admission.py).
    api.add_middleware(InFlightLimit, limit=settings.api_max_in_flight, answer=unavailable_response)
    return api


def permissions_of(
    routers: Iterable[APIRouter], *, public: set[tuple[str, str]]
) -> dict[tuple[str, str], Action]:
    """(method, path) → the action each operation needs. Raises RuntimeError for an
    operation that is not public and names no action, or more than one: no route can be
    added without deciding who may use it."""
    found: dict[tuple[str, str], Action] = {}
    for router in routers:
        for route in router.routes:
            if not isinstance(route, APIRoute):
                continue
            actions = [*getattr(route, "actions", ())]  # ThreadedRoute keeps them
            actions += [
                d.dependency.action
                for d in route.dependencies
                if isinstance(d.dependency, Requires)
            ]
            for method in sorted(route.methods or ()):
                if (method, route.path) in public:
                    continue
                if len(actions) != 1:
                    raise RuntimeError(f"{method} {route.path} must name exactly one permission")
                found[method, route.path] = actions[0]
    return found


def document_permissions(api: FastAPI, permissions: dict[tuple[str, str], Action]) -> None:
    """Each operation in the OpenAPI document names its action as `x-permission` and the
    bearer token as its security (FastAPI's documented way of extending the generated
    document; the route checks the token itself, so FastAPI does not see it)."""
    generate = api.openapi

    def openapi() -> dict[str, object]:
        schema = generate()
        components = schema.setdefault("components", {})
        components.setdefault("securitySchemes", {})[bearer.scheme_name] = bearer.model.model_dump(
            by_alias=True, exclude_none=True, mode="json"
        )
        paths = schema["paths"]
        for (method, path), action in permissions.items():
            operation = paths[path][method.lower()]
            operation["x-permission"] = action.value
            operation["security"] = [{bearer.scheme_name: []}]
        return schema

    api.openapi = openapi  # type: ignore[method-assign]
