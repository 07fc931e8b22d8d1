"""What a person sees when a page itself fails: a friendly note, never a stack trace."""

from __future__ import annotations

import logging

from nicegui import app, ui

from customer_ui.context import PortalContext, SessionEnded
from customer_ui.layout import page_texts

log = logging.getLogger(__name__)


def register(_ctx: PortalContext) -> None:
    @app.on_page_exception
    def friendly_error(exception: Exception) -> None:
        tr = page_texts()
        with ui.column().classes("w-full items-center mt-24 gap-4"):
            if isinstance(exception, SessionEnded):
                ui.label(tr("Your session has ended. Please log in again.")).classes("text-xl")
                ui.link(tr("Log in"), "/login")
                return
            log.error("portal page failed: %s", type(exception).__name__, exc_info=exception)
            ui.label(tr("Sorry, something went wrong.")).classes("text-xl")
            ui.label(tr("Please try again in a moment.")).classes("text-gray-600")
            ui.link(tr("Back to the dashboard"), "/")
