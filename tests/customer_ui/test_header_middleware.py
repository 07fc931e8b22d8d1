"""What NiceGUI's header middlewares did, customer_ui/header_middleware.py does as plain
ASGI: a redirect behind a proxy keeps the proxy's path prefix, NiceGUI's versioned files are
cached and its dynamic ones and the pages are not marked so."""

from __future__ import annotations

from nicegui import core
from nicegui.testing.user import User
from nicegui.version import __version__


async def test_a_redirect_behind_a_proxy_keeps_its_prefix(user: User) -> None:
    plain = await user.http_client.get("/bots")
    prefixed = await user.http_client.get("/bots", headers={"X-Forwarded-Prefix": "/portal"})

    assert plain.status_code == prefixed.status_code == 307
    assert plain.headers["location"] == "/login?redirect_to=/bots"
    assert prefixed.headers["location"] == "/portal/login?redirect_to=/bots"


async def test_nicegui_versioned_files_are_cached(user: User) -> None:
    asset = await user.http_client.get(f"/_nicegui/{__version__}/static/nicegui.css")
    page = await user.http_client.get("/login")

    assert asset.status_code == 200
    assert asset.headers["cache-control"] == core.app.config.cache_control_directives
    assert page.headers.get("cache-control") != core.app.config.cache_control_directives
