"""/healthz, /readyz and /metrics, and request timing by route, for the Starlette-based front
doors (portal with the REST API, voice runtime). The back office (Flask) has its own thin
wiring of the same pieces in admin_app/observability.py.

- /healthz: liveness — the process answers; nothing else is checked.
- /readyz: readiness — `ready()` lists what is unreachable; 503 with that list if anything is.
- /metrics: Prometheus text, behind METRICS_TOKEN (core.metrics.metrics_refusal).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from prometheus_client import CollectorRegistry
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core import log_context
from core.metrics import CONTENT_TYPE, UNMATCHED, RequestMetrics, exposition, metrics_refusal
from core.settings import Settings

ReadyCheck = Callable[[], list[str]]


def observability_routes(
    *, settings: Settings, registry: CollectorRegistry, ready: ReadyCheck
) -> list[Route]:
    async def healthz(_request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(_request: Request) -> Response:
        # The checks block (a database round trip): off the event loop, so calls go on.
        problems = await run_in_threadpool(ready)
        if problems:
            return JSONResponse({"status": "unavailable", "problems": problems}, status_code=503)
        return JSONResponse({"status": "ready"})

    async def metrics(request: Request) -> Response:
        refusal = metrics_refusal(settings, request.headers.get("authorization"))
        if refusal is not None:
            return JSONResponse({"error": refusal}, status_code=403)
        body = exposition(registry, settings.prometheus_multiproc_dir)
        return PlainTextResponse(body, media_type=CONTENT_TYPE)

    return [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
    ]


class TimedRoutes:
    """ASGI middleware: each HTTP request's latency and status, labelled by the template of
    the route that answered it (Starlette records it in the scope while routing); and the
    request's id for the log lines written meanwhile."""

    def __init__(self, app: ASGIApp, metrics: RequestMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets if the app raises before answering
        # Every line logged while answering carries the request's id (core/log_context.py).
        header = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
        log_context.request_id.set(log_context.request_id_from(header))

        async def send_and_note_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note_status)
        finally:
            self.metrics.observe(scope["method"], route_template(scope), status, started)


def route_template(scope: Scope) -> str:
    """ "/api/v1/calls/{call_id}" for a request routed there: the mount prefixes routing
    passed through (root_path) and the template of the route that matched last."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if path is None:
        return UNMATCHED
    prefix = scope.get("root_path", "")[len(scope.get("app_root_path", "")) :]
    if isinstance(route, Mount):
        # A mounted app without routes of its own (static files): its prefix stands for it.
        return prefix + "/{path}"
    return prefix + path
