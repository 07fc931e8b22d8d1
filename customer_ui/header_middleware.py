"""NiceGUI's two middlewares that only touch an answer's headers, as plain ASGI.

NiceGUI 3.18 stacks `RedirectWithPrefixMiddleware` (a redirect's Location gets the
X-Forwarded-Prefix in front) and `SetCacheControlMiddleware` (its versioned assets are
cached) on every request, both on Starlette's BaseHTTPMiddleware, which runs the rest of
the request in a task of its own and streams its answer back through memory streams: ~2 %
of a busy portal's CPU a layer (py-spy, 2026-12-07). `replace_header_middleware` puts these
in their places, doing the same to the headers as the answer starts. A NiceGUI that no
longer has either middleware is left as it is (then this module can go).
"""

from __future__ import annotations

from fastapi import FastAPI
from nicegui import core, middlewares
from nicegui.version import __version__
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def replace_header_middleware(app: FastAPI) -> None:
    """Swap NiceGUI's two for these in `app`'s stack, in the same places. Before the app
    serves (Starlette builds its stack on the first request)."""
    ours: dict[object, type[PrefixedRedirects | CachedAssets]] = {
        getattr(middlewares, "RedirectWithPrefixMiddleware", None): PrefixedRedirects,
        getattr(middlewares, "SetCacheControlMiddleware", None): CachedAssets,
    }
    app.user_middleware = [
        Middleware(ours[entry.cls]) if entry.cls in ours else entry for entry in app.user_middleware
    ]


class PrefixedRedirects:
    """A redirect to a path on this site keeps the proxy's X-Forwarded-Prefix in front."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        prefix = Headers(scope=scope).get("x-forwarded-prefix", "") if _http(scope) else ""
        if not prefix:
            await self.app(scope, receive, send)
            return

        async def send_prefixed(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                location = headers.get("location")
                if location is not None and location.startswith("/"):
                    headers["location"] = prefix + location
            await send(message)

        await self.app(scope, receive, send_prefixed)


class CachedAssets:
    """NiceGUI's versioned files (not its dynamic resources) are cached as it configures."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.assets = f"/_nicegui/{__version__}/"
        self.dynamic = f"/_nicegui/{__version__}/dynamic_resources/"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"] if _http(scope) else ""
        if not path.startswith(self.assets) or path.startswith(self.dynamic):
            await self.app(scope, receive, send)
            return

        async def send_cached(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["cache-control"] = core.app.config.cache_control_directives
            await send(message)

        await self.app(scope, receive, send_cached)


def _http(scope: Scope) -> bool:
    return scope["type"] == "http"
