"""The portal's one auth chokepoint, and what logging in and out stores.

The auth middleware sends every page that is not on the explicit public list to the login,
unless the session storage names a user whose auth epoch still matches the database.
The session storage (NiceGUI's `app.storage.user`: Redis when REDIS_URL is set, so every
portal process shares it) holds ids and the epoch only, never a password or token.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import app
from starlette.types import ASGIApp, Receive, Scope, Send

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


def make_auth_middleware(ctx: PortalContext) -> Callable[[ASGIApp], ASGIApp]:
    """The middleware, as a plain ASGI one: Starlette's BaseHTTPMiddleware runs the rest of
    the request in a task of its own and streams its answer back through memory streams,
    ~2 % of a busy portal's CPU a layer (py-spy), and NiceGUI already stacks three. It sits
    inside NiceGUI's RequestTrackingMiddleware, which makes `app.storage.user` this
    request's."""

    def auth_middleware(app: ASGIApp) -> ASGIApp:
        async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or is_public((url := Request(scope).url).path):
                await app(scope, receive, send)
                return
            who = stored_user()
            if who is None or not ctx.login_holds(who):
                forget_login()
                target = url.path + (f"?{url.query}" if url.query else "")
                login = RedirectResponse(f"/login?redirect_to={quote(target)}")
                await login(scope, receive, send)
                return
            await app(scope, receive, send)

        return guarded

    return auth_middleware
