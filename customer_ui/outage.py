"""While the database cannot be reached, every portal page and API call answers 503 with a
plain message (core/unavailable.py) instead of a stack trace; the first request after the
database is back is served again.

One middleware, twice: around the whole portal (pages, webhooks), answering with a page, and
around the REST API (customer_ui/api), answering with the API's error shape. Inside the API
it catches the error before the API's last-resort handler would turn it into a 500 — and
before Starlette re-raises it to the server, which would log a traceback for every request
of an outage.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.unavailable import RETRY_AFTER, UNAVAILABLE, unavailable_page
from customer_ui.i18n import texts
from models.database import is_database_unreachable

log = logging.getLogger(__name__)


def unavailable_html() -> Response:
    page = unavailable_page(texts("de-AT")(UNAVAILABLE), UNAVAILABLE)
    return HTMLResponse(page, status_code=503, headers=RETRY_AFTER)


class DatabaseOutage:
    """ASGI middleware: a request that fails because the database cannot be reached gets
    `answer()` (a 503), unless its response had started already."""

    def __init__(self, app: ASGIApp, answer: Callable[[], Response] = unavailable_html) -> None:
        self.app = app
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_tracking)
        except Exception as error:
            if started or not is_database_unreachable(error):
                raise
            # Not the path: a password-reset link's holds its token.
            log.warning("portal: the database cannot be reached (%s)", type(error).__name__)
            await self.answer()(scope, receive, send)
