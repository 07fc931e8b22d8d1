"""The form where a new password is chosen, on the e-mailed sign-up, reset and invitation
links: on success the person is logged in with it."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui
from sqlalchemy.orm import Session

from core.catalogue import N_
from core.tokens import InvalidTokenError
from customer_ui.auth import forget_login, remember_login
from customer_ui.context import PortalContext
from customer_ui.i18n import Texts
from customer_ui.layout import clear_field_errors, show_field_errors
from models import User
from services.errors import Conflict, ValidationFailed
from services.password_reset import BAD_LINK


def password_form(
    ctx: PortalContext, tr: Texts, save: Callable[[Session, str], User], button_label: str
) -> None:
    """Two password fields; on success the person is logged in with the new password."""
    password = ui.input(tr("New password"), password=True).props("autocomplete=new-password")
    repeat = ui.input(tr("Repeat the password"), password=True).props("autocomplete=new-password")
    password.classes("w-full")
    repeat.classes("w-full")

    def submit() -> None:
        clear_field_errors({"password": password, "repeat": repeat})
        if (password.value or "") != (repeat.value or ""):
            show_field_errors(
                tr,
                {"repeat": repeat},
                ValidationFailed({"repeat": N_("The two passwords differ.")}),
            )
            return
        try:
            with ctx.anonymous_db() as db:
                user = save(db, password.value or "")
        except ValidationFailed as error:
            show_field_errors(tr, {"password": password}, error)
            return
        except InvalidTokenError:
            ui.notify(tr(BAD_LINK), type="warning")
            return
        except Conflict as error:  # e.g. the address got an account since the page opened
            ui.notify(tr(error.message), type="warning")
            return
        forget_login()
        remember_login(user)
        ui.navigate.to("/")

    ui.button(button_label, on_click=submit).classes("w-full")
