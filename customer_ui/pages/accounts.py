"""Public pages: log in, sign up, forgotten password, the e-mailed reset and invitation links."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui
from sqlalchemy.orm import Session

from core.catalogue import N_
from core.tokens import InvalidTokenError
from customer_ui.auth import (
    forget_login,
    remember_login,
    request_client_address,
    safe_redirect_target,
    stored_user,
)
from customer_ui.context import PortalContext
from customer_ui.i18n import Texts
from customer_ui.layout import clear_field_errors, page_texts, public_card, show_field_errors
from customer_ui.text_fields import text_input
from models import User
from services import signup
from services.accounts import authenticate
from services.errors import AuthenticationFailed, ValidationFailed
from services.login_throttle import LOCKED_MESSAGE
from services.password_reset import (
    BAD_LINK,
    request_limiter,
    request_reset,
    reset_password,
    user_for_token,
)
from services.team import accept_invitation, invited_user
from services.text_input import EMAIL_LENGTH, NAME_LENGTH

STAFF_ACCOUNT = N_("This is a staff account. Please use the back office.")


def register(ctx: PortalContext) -> None:
    @ui.page("/login")
    def login_page(request: Request, redirect_to: str = "/") -> RedirectResponse | None:
        if stored_user() is not None and redirect_to == "/":
            return RedirectResponse("/")
        tr = page_texts(default=ctx.settings.default_locale)
        ip_address = request_client_address(request, ctx.settings)
        with public_card(tr, tr("Log in")):
            email = (
                ui.input(tr("E-mail")).props("type=email autocomplete=username").classes("w-full")
            )
            password = (
                ui.input(tr("Password"), password=True)
                .props("autocomplete=current-password")
                .classes("w-full")
            )
            problem = ui.label().classes("text-negative text-sm")

            def submit() -> None:
                address = (email.value or "").strip()
                # Counted before the password is checked (a failure until proven otherwise).
                lockout = ctx.throttle.admit(email=address, ip_address=ip_address)
                if lockout is not None:
                    problem.text = tr(LOCKED_MESSAGE)
                    return
                try:
                    with ctx.anonymous_db() as db:
                        user = authenticate(
                            session=db, email=address, password=password.value or ""
                        )
                        if user.is_staff:
                            raise AuthenticationFailed(STAFF_ACCOUNT)
                except AuthenticationFailed as error:
                    problem.text = tr(error.message)
                    password.value = ""
                    return
                ctx.throttle.record_success(email=address, ip_address=ip_address)
                remember_login(user)
                ui.navigate.to(safe_redirect_target(redirect_to))

            password.on("keydown.enter", submit)
            ui.button(tr("Log in"), on_click=submit).classes("w-full")
            with ui.row().classes("w-full justify-between text-sm"):
                ui.link(tr("Forgot your password?"), "/forgot-password")
                ui.link(tr("Create an account"), "/signup")
        return None

    signup_limiter = signup.request_limiter(ctx.redis)

    @ui.page("/signup")
    def signup_page(request: Request) -> None:
        tr = page_texts(default=ctx.settings.default_locale)
        ip_address = request_client_address(request, ctx.settings)
        with public_card(tr, tr("Create your account")):
            form = ui.column().classes("w-full gap-3")
            with form:
                inputs = {
                    "company_name": text_input(tr("Company"), max_length=NAME_LENGTH).classes(
                        "w-full"
                    ),
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
                accepts_terms = ui.checkbox(
                    tr(
                        "I accept the terms and conditions, the privacy policy and the data "
                        "processing agreement"
                    )
                )
                with ui.row().classes("gap-3 text-sm -mt-2"):
                    # New tabs, so what is typed here stays.
                    ui.link(tr("Terms and conditions"), "/terms", new_tab=True)
                    ui.link(tr("Privacy policy"), "/privacy", new_tab=True)
                terms_problem = ui.label().classes("text-negative text-xs")
            answer = ui.label().classes("text-sm text-positive")

            def submit() -> None:
                clear_field_errors(inputs)
                wish = signup.SignupRequest(
                    company_name=inputs["company_name"].value or "",
                    name=inputs["name"].value or "",
                    email=inputs["email"].value or "",
                    locale=inputs["locale"].value or "",
                    accepts_terms=bool(accepts_terms.value),
                )
                terms_problem.text = ""
                try:
                    with ctx.anonymous_db() as db:
                        message = signup.request_signup(
                            session=db,
                            signer=ctx.signer,
                            limiter=signup_limiter,
                            request=wish,
                            ip_address=ip_address,
                            portal_url=ctx.settings.portal_base_url,
                        )
                except ValidationFailed as error:
                    # A checkbox has no error slot: its message goes in the line below it.
                    if missing := error.fields.get("accepts_terms"):
                        terms_problem.text = tr(missing)
                    show_field_errors(tr, inputs, error, notify=False)
                    return
                # The same answer whether or not the address has an account.
                form.set_visibility(False)
                answer.text = tr(message)

            with form:
                ui.button(tr("Create account"), on_click=submit).classes("w-full")
                ui.link(tr("I already have an account"), "/login").classes("text-sm")

    @ui.page("/signup/{token}")
    def finish_signup_page(token: str) -> None:
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
            _password_form(
                ctx,
                tr,
                lambda db, pw: signup.complete_signup(
                    session=db, signer=ctx.signer, token=token, password=pw
                ),
                tr("Save password and log in"),
            )

    reset_limiter = request_limiter(ctx.redis)

    @ui.page("/forgot-password")
    def forgot_password_page(request: Request) -> None:
        tr = page_texts(default=ctx.settings.default_locale)
        ip_address = request_client_address(request, ctx.settings)
        with public_card(tr, tr("Forgot your password?")):
            ui.label(tr("We will e-mail you a link to choose a new one.")).classes("text-sm")
            email = ui.input(tr("E-mail")).props("type=email").classes("w-full")
            answer = ui.label().classes("text-sm text-positive")

            def submit() -> None:
                with ctx.anonymous_db() as db:
                    message = request_reset(
                        session=db,
                        signer=ctx.signer,
                        limiter=reset_limiter,
                        email=email.value or "",
                        ip_address=ip_address,
                        portal_url=ctx.settings.portal_base_url,
                    )
                answer.text = tr(message)

            ui.button(tr("Send link"), on_click=submit).classes("w-full")
            ui.link(tr("Back to log in"), "/login").classes("text-sm")

    @ui.page("/reset-password/{token}")
    def reset_password_page(token: str) -> None:
        tr = page_texts(default=ctx.settings.default_locale)
        with public_card(tr, tr("Choose a new password")):
            try:
                with ctx.anonymous_db() as db:
                    user_for_token(session=db, signer=ctx.signer, token=token)
            except InvalidTokenError:
                ui.label(tr(BAD_LINK))
                ui.link(tr("Ask for a new link"), "/forgot-password")
                return
            _password_form(
                ctx,
                tr,
                lambda db, pw: reset_password(
                    session=db, signer=ctx.signer, token=token, password=pw
                ),
                tr("Save password"),
            )

    @ui.page("/invitation/{token}")
    def invitation_page(token: str) -> None:
        tr = page_texts(default=ctx.settings.default_locale)
        with public_card(tr, tr("Welcome to VoiceAgent")):
            try:
                with ctx.anonymous_db() as db:
                    user = invited_user(session=db, signer=ctx.signer, token=token)
                    ui.label(tr("Hello {name}, please choose your password.", name=user.name))
            except InvalidTokenError as error:
                ui.label(tr(str(error)))
                ui.link(tr("Log in"), "/login")
                return
            _password_form(
                ctx,
                tr,
                lambda db, pw: accept_invitation(
                    session=db, signer=ctx.signer, token=token, password=pw
                ),
                tr("Save password and log in"),
            )


def _password_form(
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
        forget_login()
        remember_login(user)
        ui.navigate.to("/")

    ui.button(button_label, on_click=submit).classes("w-full")
