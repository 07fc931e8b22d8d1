"""Error pages in plain words: no stack trace, no database message, ever."""

from __future__ import annotations

import logging

from flask import Flask, Response, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from admin_app.i18n import t
from core.unavailable import busy_log, refusal_page
from models.database import is_database_busy, is_database_unreachable

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, csrf_refused)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected)


def csrf_refused(_error: CSRFError) -> tuple[str, int]:
    return page(t("The form has expired. Please try again."), 400)


def http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
    if error.code is None or error.code < 400:
        return error
    messages = {
        403: t("You may not do this."),
        404: t("This page does not exist."),
    }
    return page(messages.get(error.code, error.name), error.code)


def unexpected(error: Exception) -> tuple[str, int] | Response:
    if is_database_busy(error):
        busy_log.note("back office: no database connection came free in time")
        return unavailable(busy=True)
    if is_database_unreachable(error):
        log.warning("back office: the database cannot be reached (%s)", type(error).__name__)
        return unavailable()
    log.exception("unexpected error in the back office", exc_info=error)
    return page(
        t("Something went wrong. Please try again; if it keeps happening, tell the platform team."),
        500,
    )


def unavailable(*, busy: bool = False) -> Response:
    """503 while the database cannot be reached, or (`busy`) while no pooled connection
    comes free in time. Plain, with no template: the staff member and their language live
    in the database too, so both languages show."""
    body, retry_after = refusal_page(busy=busy)
    return Response(body, status=503, headers=retry_after, mimetype="text/html")


def page(message: str, status: int) -> tuple[str, int]:
    return render_template("error.html", message=message, status=status), status
