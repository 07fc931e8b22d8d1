"""What operators see of the portal process: /healthz, /readyz (PostgreSQL and Redis),
/metrics — request latency by route template (pages, REST API, Stripe webhook), and the
background jobs: queue depths and each job's duration and result, which the workers keep in
Redis (jobs/metrics.py) because on Heroku only a web process can be scraped (worker dynos
get no traffic).

The routes are FastAPI's, ahead of NiceGUI's mount at "/", so the login middleware of the
pages never sees them; /metrics checks METRICS_TOKEN itself."""

from __future__ import annotations

import redis
from fastapi import FastAPI
from prometheus_client import CollectorRegistry
from sqlalchemy.orm import Session, sessionmaker

from core.asgi_observability import TimedRoutes, observability_routes
from core.metrics import RequestMetrics
from core.settings import Settings
from jobs.metrics import JobCollector, QueueCollector
from services.readiness import readiness_problems


def observe(
    app: FastAPI,
    *,
    settings: Settings,
    session_factory: sessionmaker[Session],
    redis_client: redis.Redis,
) -> None:
    registry = CollectorRegistry()
    registry.register(QueueCollector(redis_client))
    registry.register(JobCollector(redis_client))
    routes = observability_routes(
        settings=settings,
        registry=registry,
        ready=lambda: readiness_problems(
            session_factory=session_factory, redis_client=redis_client
        ),
    )
    for route in routes:
        # As FastAPI routes: FastAPI's router records only its own routes in the scope, which
        # is where the request timing reads the route template from.
        app.add_api_route(
            route.path, route.endpoint, methods=list(route.methods or ()), include_in_schema=False
        )
    app.add_middleware(TimedRoutes, metrics=RequestMetrics(registry))
