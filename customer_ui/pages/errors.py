"""What a person sees when a page fails or does not exist: a friendly note in their
language and the portal's chrome, never a stack trace or NiceGUI's "HTTPException: 404"."""

from __future__ import annotations

import logging

from fastapi import Request, Response
from fastapi.exception_handlers import http_exception_handler
from nicegui import Client, app, ui
from nicegui.page import page
from starlette.exceptions import HTTPException

from customer_ui.auth import is_public, stored_user
from customer_ui.context import PortalContext, SessionEnded
from customer_ui.i18n import Texts
from customer_ui.layout import member_page, page_texts, public_card
from models.database import is_database_busy, is_database_unreachable

log = logging.getLogger(__name__)


def register(ctx: PortalContext) -> None:
    @app.on_page_exception
    def friendly_error(exception: Exception) -> None:
        if is_database_unreachable(exception) or is_database_busy(exception):
            raise exception  # a 503 with its own plain note (customer_ui/outage.py)
        tr = page_texts()
        if isinstance(exception, SessionEnded):
            with ui.column().classes("w-full items-center mt-24 gap-4"):
                ui.label(tr("Your session has ended. Please log in again.")).classes("text-xl")
                ui.link(tr("Log in"), "/login")
            return
        log.error("portal page failed: %s", type(exception).__name__, exc_info=exception)
        if stored_user() is not None and _apology_in_chrome(ctx):
            return
        with ui.column().classes("w-full items-center mt-24 gap-4"):
            _apology(tr)

    # Replaces NiceGUI's own 404 handler (the same key on the same app).
    @app.exception_handler(404)
    async def page_not_found(request: Request, exception: Exception) -> Response:
        endpoint = request.scope.get("endpoint")
        if (
            endpoint is not None
            and endpoint is not app
            and not request.scope.get("nicegui_page_path")
            and isinstance(exception, HTTPException)
        ):
            # NiceGUI's own files and endpoints answer 404 as JSON, as NiceGUI does.
            return await http_exception_handler(request, exception)
        with Client(page(""), request=request) as client:
            _not_found_page(ctx, request)
        return client.build_response(request, 404)


def _apology_in_chrome(ctx: PortalContext) -> bool:
    """The apology inside the member chrome, so the navigation stays at hand. False when
    the chrome itself cannot be built (it reads the person and company): then the plain
    note serves."""
    try:
        with member_page(ctx, "Sorry, something went wrong.") as view:
            _apology(view.tr, title_shown=True)
    except Exception as error:  # noqa: BLE001 — the page already failed and was logged
        log.warning("the error page could not show the portal's chrome: %s", type(error).__name__)
        return False
    return True


def _apology(tr: Texts, *, title_shown: bool = False) -> None:
    if not title_shown:
        ui.label(tr("Sorry, something went wrong.")).classes("text-xl")
    ui.label(tr("Please try again in a moment.")).classes("text-gray-600")
    ui.link(tr("Back to the dashboard"), "/")


def _not_found_page(ctx: PortalContext, request: Request) -> None:
    """Logged in: inside the member chrome. Otherwise (public paths, an ended session):
    the public card, in the language the browser asks for."""
    if stored_user() is not None and not is_public(request.url.path):
        try:
            with member_page(ctx, "Page not found") as view:
                _not_found_text(view.tr)
            return
        except SessionEnded:
            pass
    tr = page_texts(default=ctx.settings.default_locale)
    with public_card(tr, tr("Page not found")):
        _not_found_text(tr, home="/login")


def _not_found_text(tr: Texts, home: str = "/") -> None:
    ui.label(tr("This page does not exist. Perhaps the link is old or mistyped.")).classes(
        "text-gray-700"
    )
    ui.link(tr("Back to the start page"), home)
