"""The REST API as a front door of its own (`voiceagent api`, the Procfile's `api`): the
same app the portal mounts at /api/v1, at the same path, with the portal's /healthz,
/readyz and /metrics beside it, served by several uvicorn worker processes.

The portal runs one process (NiceGUI keeps its pages in it), so the API inside it gets one
core of a dyno. This front door has no pages: it takes WEB_CONCURRENCY workers, which
share nothing but the database and Redis (the rate limit is counted there), so any worker
may answer any request. /metrics merges the workers' figures through
PROMETHEUS_MULTIPROC_DIR, which `voiceagent api` makes fresh before they start.
"""

from __future__ import annotations

import redis
from fastapi import FastAPI

from core.settings import Settings
from customer_ui.api import create_api
from customer_ui.observability import observe
from models.database import make_engine, make_session_factory

PREFIX = "/api/v1"


def create_api_server(settings: Settings, redis_client: redis.Redis) -> FastAPI:
    """The API at PREFIX with the operators' endpoints at the root. `redis_client`: the
    Redis every worker counts each token's requests in."""
    session_factory = make_session_factory(make_engine(settings.database_url))
    server = FastAPI(title="VoiceAgent API server", docs_url=None, redoc_url=None, openapi_url=None)
    observe(server, settings=settings, session_factory=session_factory, redis_client=redis_client)
    server.mount(
        PREFIX,
        create_api(settings=settings, session_factory=session_factory, redis_client=redis_client),
    )
    return server
