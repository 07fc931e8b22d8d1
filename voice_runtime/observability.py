"""What operators see of a voice runtime: /healthz, /readyz (PostgreSQL and Redis), /metrics
(the runtime's figures and the webhooks' latency), wired onto its Starlette app.

The runtime is one process per dyno (its calls live in its event loop), so its figures stay
in memory: no multiprocess folder."""

from __future__ import annotations

import redis
from prometheus_client import CollectorRegistry
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette

from core.asgi_observability import TimedRoutes, observability_routes
from core.metrics import RequestMetrics
from services.readiness import readiness_problems
from voice_runtime.prometheus import RuntimeCollector
from voice_runtime.runtime import Runtime


def observe(
    app: Starlette,
    runtime: Runtime,
    *,
    session_factory: sessionmaker[Session],
    redis_client: redis.Redis,
) -> None:
    registry = CollectorRegistry()
    registry.register(RuntimeCollector(runtime.metrics))
    app.router.routes.extend(
        observability_routes(
            settings=runtime.settings,
            registry=registry,
            ready=lambda: readiness_problems(
                session_factory=session_factory, redis_client=redis_client
            ),
        )
    )
    app.add_middleware(TimedRoutes, metrics=RequestMetrics(registry))
