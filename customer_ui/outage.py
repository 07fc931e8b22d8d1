"""While the database cannot be reached, every portal page and API call answers 503 with a
plain message (core/unavailable.py) instead of a stack trace; the first request after the
database is back is served again. Overload is answered the same way: a request that found
no pooled connection free within the pool's short wait (models.database.POOL_WAIT_SECONDS)
gets 503 "busy, try again" with Retry-After, never a 500; so does a portal page NiceGUI gave
up building within its response timeout (3 s; a loaded process queues the page's reads),
instead of NiceGUI's 500 that names its own setting.

One middleware, twice: around the whole portal (pages, webhooks), answering with a page, and
around the REST API (customer_ui/api), answering with the API's error shape. Inside the API
it catches the error before the API's last-resort handler would turn it into a 500 — and
before Starlette re-raises it to the server, which would log a traceback for every request
of an outage.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.unavailable import busy_log, refusal_page
from models.database import is_database_busy, is_database_unreachable

log = logging.getLogger(__name__)

# What a front door answers (a 503): given the request and whether the database is only busy.
Answer = Callable[[Request, bool], Response]


def unavailable_html(_request: Request, busy: bool) -> Response:
    """German first, then English: whose language it is lives in the database too."""
    page, retry_after = refusal_page(busy=busy)
    return HTMLResponse(page, status_code=503, headers=retry_after)


# What NiceGUI's page says when its builder missed `response_timeout` (nicegui/page.py).
_PAGE_TIMED_OUT = b"took longer than the response_timeout"


class DatabaseOutage:
    """ASGI middleware: a request that fails because the database cannot be reached, or
    because no pooled connection came free in time, gets `answer(request, busy)` (a 503),
    unless its response had started already; a page NiceGUI answered 500 for missing its
    response timeout gets the busy answer. Only 500 answers are held back to be read."""

    def __init__(self, app: ASGIApp, answer: Answer = unavailable_html) -> None:
        self.app = app
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        held: list[Message] = []

        async def send_or_hold(message: Message) -> None:
            nonlocal started
            if held or (message["type"] == "http.response.start" and message["status"] == 500):
                held.append(message)
                if message["type"] == "http.response.body" and not message.get("more_body"):
                    await self._release(held, scope, receive, send)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_or_hold)
        except Exception as error:
            busy = is_database_busy(error)
            if started or not (busy or is_database_unreachable(error)):
                raise
            # Not the path: a password-reset link's holds its token.
            if busy:
                busy_log.note("portal: no database connection came free in time")
            else:
                log.warning("portal: the database cannot be reached (%s)", type(error).__name__)
            await self.answer(Request(scope), busy)(scope, receive, send)

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
