"""Admission: at most `limit` REST API requests in one process at once, and a portal page
that could not be built in time answered as busy.

Each API request runs on a worker thread and holds a pooled database connection, costing a
few milliseconds of CPU. When more arrive than the process can serve, the rest used to
queue — for the thread pool, then for a connection — until every request was seconds late
(bench/api_load.py). Past the limit a request is answered 503 "busy, try again" with
Retry-After at once, in the caller's language, without touching the database: overload is
refused early and plainly, and the requests admitted stay fast.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


# What NiceGUI's page says when its builder missed `response_timeout` (nicegui/page.py).
_PAGE_TIMED_OUT = b"took longer than the response_timeout"


class SlowPageAsBusy:
    """ASGI middleware around the portal: a page NiceGUI gave up building within its
    response timeout (3 s; a loaded process queues the page's reads) is answered like any
    overload — 503 "busy, try again" with Retry-After, German first — instead of NiceGUI's
    500 that names its own setting. Only 500 answers are held back to be read."""

    def __init__(self, app: ASGIApp, *, answer: Answer) -> None:
        self.app = app
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: list[Message] = []

        async def send_or_hold(message: Message) -> None:
            if held or (message["type"] == "http.response.start" and message["status"] == 500):
                held.append(message)
                if message["type"] == "http.response.body" and not message.get("more_body"):
                    await self._release(held, scope, receive, send)
                return
            await send(message)

        await self.app(scope, receive, send_or_hold)

    async def _release(
        self, held: list[Message], scope: Scope, receive: Receive, send: Send
    ) -> None:
        body = b"".join(m.get("body", b"") for m in held if m["type"] == "http.response.body")
        if _PAGE_TIMED_OUT not in body:
            for message in held:
                await send(message)
            return
        busy_log.note("portal: a page was not built within its response timeout")
        await self.answer(Request(scope), True)(scope, receive, send)
