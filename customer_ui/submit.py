"""The portal's one way to send a form to a service: clear the last field errors, call the
service in a session bound to the person's company (committed when it succeeds), put the
service's field errors under their fields, else confirm with a notice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from nicegui import ui
from sqlalchemy.orm import Session

from customer_ui.context import PortalContext
from customer_ui.layout import MemberPage, clear_field_errors, show_field_errors
from models import User
from services.errors import ValidationFailed

T = TypeVar("T")


@dataclass(frozen=True)
class Sent(Generic[T]):
    """What the service answered; `submit` gives None instead when it refused the form."""

    value: T


def submit(
    ctx: PortalContext,
    page: MemberPage,
    inputs: dict[str, Any],
    call: Callable[[Session, User], T],
    *,
    done: str | None = None,
) -> Sent[T] | None:
    """`call(session, user)` with the form's fields cleared of old errors first; None (and the
    messages under their fields) when the service refused, else its answer, and `done` (a
    text already translated) notified. Other errors go on to the page's `guarded` handler."""
    clear_field_errors(inputs)
    try:
        with ctx.tenant_db(page.who) as (db, user):
            value = call(db, user)
    except ValidationFailed as error:
        show_field_errors(page.tr, inputs, error)
        return None
    if done is not None:
        ui.notify(done, type="positive")
    return Sent(value)
