"""The portal's one auth chokepoint, and what logging in and out stores.

`AuthMiddleware` sends every page that is not on the explicit public list to the login,
unless the session storage names a user whose auth epoch still matches the database.
The session storage (NiceGUI's `app.storage.user`: Redis when REDIS_URL is set, so every
portal process shares it) holds ids and the epoch only, never a password or token.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import app
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from core.client_address import client_address
from core.settings import Settings
from customer_ui.context import PortalContext, PortalUser
from models import User

PUBLIC_PATHS = frozenset({"/login", "/signup", "/forgot-password", "/terms", "/privacy"})
# NiceGUI's own assets and websocket, our stylesheet (customer_ui/styles.py), and the links
# that arrive by e-mail.
PUBLIC_PREFIXES = ("/_nicegui", "/styles/", "/reset-password/", "/invitation/", "/signup/")

_USER_ID, _TENANT_ID, _EPOCH = "user_id", "tenant_id", "auth_epoch"
LANGUAGE_KEY = "lang"


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def stored_user() -> PortalUser | None:
    storage = app.storage.user
    try:
        return PortalUser(
            id=int(storage[_USER_ID]),
            tenant_id=int(storage[_TENANT_ID]),
            auth_epoch=int(storage[_EPOCH]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def remember_login(user: User) -> None:
    app.storage.user.update(
        {_USER_ID: user.id, _TENANT_ID: user.tenant_id, _EPOCH: user.auth_epoch}
    )
    app.storage.user[LANGUAGE_KEY] = user.locale


def forget_login() -> None:
    for key in (_USER_ID, _TENANT_ID, _EPOCH):
        app.storage.user.pop(key, None)


def request_client_address(request: Request, settings: Settings) -> str | None:
    """The client behind TRUSTED_PROXY_HOPS proxies, by the back office's rule. The portal
    runs uvicorn without its own proxy-header handling (cli/portal.py), so the peer here is
    the connection's."""
    return client_address(
        request.client.host if request.client else None,
        request.headers.getlist("x-forwarded-for"),
        trusted_hops=settings.trusted_proxy_hops,
    )


def safe_redirect_target(target: str | None) -> str:
    """Only paths on this site: never `//evil.example` or a full URL."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def make_auth_middleware(ctx: PortalContext) -> type[BaseHTTPMiddleware]:
    class AuthMiddleware(BaseHTTPMiddleware):
        async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
            if is_public(request.url.path):
                return await call_next(request)
            who = stored_user()
            if who is None or not ctx.login_holds(who):
                forget_login()
                target = request.url.path
                if request.url.query:
                    target += "?" + request.url.query
                return RedirectResponse(f"/login?redirect_to={quote(target)}")
            return await call_next(request)

    return AuthMiddleware
