"""While the database cannot be reached, every portal page and API call answers 503 with a
plain message — German first, then English, since whose language it is lives in the database
too — instead of a stack trace; the first request after the database is back is served again.
"""

from __future__ import annotations

from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from customer_ui.api.errors import UNAVAILABLE, error_response
from customer_ui.i18n import texts
from models.database import is_database_unreachable

RETRY_AFTER = {"Retry-After": "30"}


def unavailable_response(path: str) -> Response:
    if path.startswith("/api/"):
        response: Response = error_response(503, UNAVAILABLE, headers=RETRY_AFTER)
        return response
    lines = "".join(f"<p>{texts(locale)(UNAVAILABLE)}</p>" for locale in ("de-AT", "en-US"))
    page = (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>VoiceAgent</title></head><body style="font-family: sans-serif; margin: 2rem">'
        f"<h1>VoiceAgent</h1>{lines}</body></html>"
    )
    return HTMLResponse(page, status_code=503, headers=RETRY_AFTER)


class DatabaseOutage:
    """ASGI middleware around the whole portal (pages, API, webhooks)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

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
            await unavailable_response(scope["path"])(scope, receive, send)
