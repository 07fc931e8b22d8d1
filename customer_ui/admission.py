"""Admission: at most `limit` REST API requests in one process at once.

Each API request runs on a worker thread and holds a pooled database connection, costing a
few milliseconds of CPU. When more arrive than the process can serve, the rest used to
queue — for the thread pool, then for a connection — until every request was seconds late
(bench/api_load.py). Past the limit a request is answered 503 "busy, try again" with
Retry-After at once, in the caller's language, without touching the database: overload is
refused early and plainly, and the requests admitted stay fast.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from core.unavailable import busy_log
from customer_ui.outage import Answer


class InFlightLimit:
    """ASGI middleware: HTTP requests beyond `limit` at once get `answer(request, True)`."""

    def __init__(self, app: ASGIApp, *, limit: int, answer: Answer) -> None:
        self.app = app
        self.limit = limit
        self.answer = answer
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:
            busy_log.note(f"API: more than {self.limit} requests at once")
            await self.answer(Request(scope), True)(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
