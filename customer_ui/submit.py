"""The portal's one way to send a form to a service: clear the last field errors, call the
service in a session bound to the person's company (committed when it succeeds), put the
service's field errors under their fields, else confirm with a notice.

A form sent again with the same values within REPEAT_SECONDS of being sent is taken as sent
once: a double click (or a tap a phone repeats) opened two support tickets and made two API
tokens. The browser sends both clicks before the first answer arrives, so only the server
can tell; a form sent again after a refusal, or with anything changed, is sent as usual.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from weakref import WeakKeyDictionary

from nicegui import ui
from sqlalchemy.orm import Session

from customer_ui.context import PortalContext
from customer_ui.layout import MemberPage, clear_field_errors, show_field_errors
from models import User
from services.errors import ValidationFailed

T = TypeVar("T")

REPEAT_SECONDS = 3.0
# Per form (its first field, which lives as long as the page): the values last sent, when.
_last_sent: WeakKeyDictionary[Any, tuple[list[Any], float]] = WeakKeyDictionary()


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
    fields = [field for field in inputs.values() if hasattr(field, "value")]
    form = fields[0] if fields else None
    values = [field.value for field in fields]
    if form is not None and _sent_just_now(form, values):
        return None
    clear_field_errors(inputs)
    try:
        with ctx.tenant_db(page.who) as (db, user):
            value = call(db, user)
    except ValidationFailed as error:
        show_field_errors(page.tr, inputs, error)
        return None
    if form is not None:
        _last_sent[form] = (values, time.monotonic())
    if done is not None:
        ui.notify(done, type="positive")
    return Sent(value)


def _sent_just_now(form: Any, values: list[Any]) -> bool:  # noqa: ANN401
    last = _last_sent.get(form)
    return last is not None and last[0] == values and time.monotonic() - last[1] < REPEAT_SECONDS
