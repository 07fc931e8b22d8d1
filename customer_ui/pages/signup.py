"""Public pages: sign up, and the e-mailed link where the new account's password is chosen
(the rules are services/signup.py's)."""

from __future__ import annotations

from nicegui import ui

from core.tokens import InvalidTokenError
from customer_ui.context import PortalContext
from customer_ui.i18n import Texts
from customer_ui.layout import clear_field_errors, page_texts, public_card, show_field_errors
from customer_ui.pages.password_form import password_form
from customer_ui.text_fields import text_input
from services import signup
from services.errors import ValidationFailed
from services.login_throttle import EmailRequestLimiter
from services.text_input import EMAIL_LENGTH, NAME_LENGTH


def signup_card(ctx: PortalContext, limiter: EmailRequestLimiter, ip_address: str | None) -> None:
    tr = page_texts(default=ctx.settings.default_locale)
    with public_card(tr, tr("Create your account")):
        form = ui.column().classes("w-full gap-3")
        with form:
            fields = _SignupFields(tr)
        answer = ui.label().classes("text-sm text-positive")

        def submit() -> None:
            inputs = fields.inputs
            clear_field_errors(inputs)
            wish = fields.read()
            fields.terms_problem.text = ""
            try:
                with ctx.anonymous_db() as db:
                    message = signup.request_signup(
                        session=db,
                        signer=ctx.signer,
                        limiter=limiter,
                        request=wish,
                        ip_address=ip_address,
                        portal_url=ctx.settings.portal_base_url,
                    )
            except ValidationFailed as error:
                # A checkbox has no error slot: its message goes in the line below it.
                if missing := error.fields.get("accepts_terms"):
                    fields.terms_problem.text = tr(missing)
                show_field_errors(tr, inputs, error, notify=False)
                return
            # The same answer whether or not the address has an account.
            form.set_visibility(False)
            answer.text = tr(message)

        with form:
            ui.button(tr("Create account"), on_click=submit).classes("w-full")
            ui.link(tr("I already have an account"), "/login").classes("text-sm")


class _SignupFields:
    """The sign-up form's fields, and the terms checkbox with its line for a problem."""

    def __init__(self, tr: Texts) -> None:
        self.inputs = {
            "company_name": text_input(tr("Company"), max_length=NAME_LENGTH).classes("w-full"),
            "name": text_input(tr("Your name"), max_length=NAME_LENGTH).classes("w-full"),
            "email": text_input(tr("E-mail"), max_length=EMAIL_LENGTH)
            .props("type=email")
            .classes("w-full"),
            "locale": ui.select(
                {"de-AT": "Deutsch (Österreich)", "en-US": "English"},
                value=tr.locale,
                label=tr("Language"),
            ).classes("w-full"),
        }
        self.accepts_terms = ui.checkbox(
            tr(
                "I accept the terms and conditions, the privacy policy and the data "
                "processing agreement"
            )
        )
        with ui.row().classes("gap-3 text-sm -mt-2"):
            # New tabs, so what is typed here stays.
            ui.link(tr("Terms and conditions"), "/terms", new_tab=True)
            ui.link(tr("Privacy policy"), "/privacy", new_tab=True)
        self.terms_problem = ui.label().classes("text-negative text-xs")

    def read(self) -> signup.SignupRequest:
        return signup.SignupRequest(
            company_name=self.inputs["company_name"].value or "",
            name=self.inputs["name"].value or "",
            email=self.inputs["email"].value or "",
            locale=self.inputs["locale"].value or "",
            accepts_terms=bool(self.accepts_terms.value),
        )


def finish_signup_card(ctx: PortalContext, token: str) -> None:
    tr = page_texts(default=ctx.settings.default_locale)
    with public_card(tr, tr("Choose your password")):
        try:
            with ctx.anonymous_db() as db:
                wish = signup.pending_signup(session=db, signer=ctx.signer, token=token)
        except InvalidTokenError:
            ui.label(tr(signup.LINK_USED))
            ui.link(tr("Log in"), "/login")
            return
        ui.label(tr("Hello {name}, please choose your password.", name=wish.name)).classes(
            "text-sm"
        )
        password_form(
            ctx,
            tr,
            lambda db, pw: signup.complete_signup(
                session=db, signer=ctx.signer, token=token, password=pw
            ),
            tr("Save password and log in"),
        )
