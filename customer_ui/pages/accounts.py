"""Public pages: their addresses (as in NiceGUI's modularization example: the page function
names what builds it), log in, forgotten password, the e-mailed reset and invitation links.
Sign-up is customer_ui/pages/signup.py."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from core.catalogue import N_
from core.tokens import InvalidTokenError
from customer_ui.auth import (
    remember_login,
    request_client_address,
    safe_redirect_target,
    stored_user,
)
from customer_ui.context import PortalContext
from customer_ui.enter_key import on_enter
from customer_ui.layout import page_texts, public_card
from customer_ui.pages.password_form import password_form
from customer_ui.pages.signup import finish_signup_card, signup_card
from services import signup
from services.accounts import authenticate
from services.errors import AuthenticationFailed
from services.login_throttle import LOCKED_MESSAGE, EmailRequestLimiter
from services.password_reset import (
    BAD_LINK,
    request_limiter,
    request_reset,
    reset_password,
    user_for_token,
)
from services.team import (
    ADDRESS_TAKEN,
    accept_invitation,
    address_has_account,
    invitation_for,
)

STAFF_ACCOUNT = N_("This is a staff account. Please use the back office.")


def register(ctx: PortalContext) -> None:
    """The public pages' addresses; each page is built by the function it names."""
    signup_limiter = signup.request_limiter(ctx.redis)
    reset_limiter = request_limiter(ctx.redis)

    @ui.page("/login")
    def login_page(request: Request, redirect_to: str = "/") -> RedirectResponse | None:
        if stored_user() is not None and redirect_to == "/":
            return RedirectResponse("/")
        login_card(ctx, request_client_address(request, ctx.settings), redirect_to)
        return None

    @ui.page("/signup")
    def signup_page(request: Request) -> None:
        signup_card(ctx, signup_limiter, request_client_address(request, ctx.settings))

    @ui.page("/signup/{token}")
    def finish_signup_page(token: str) -> None:
        finish_signup_card(ctx, token)

    @ui.page("/forgot-password")
    def forgot_password_page(request: Request) -> None:
        forgot_password_card(ctx, reset_limiter, request_client_address(request, ctx.settings))

    @ui.page("/reset-password/{token}")
    def reset_password_page(token: str) -> None:
        reset_password_card(ctx, token)

    @ui.page("/invitation/{token}")
    def invitation_page(token: str) -> None:
        invitation_card(ctx, token)


def login_card(ctx: PortalContext, ip_address: str | None, redirect_to: str) -> None:
    tr = page_texts(default=ctx.settings.default_locale)
    with public_card(tr, tr("Log in")):
        email = ui.input(tr("E-mail")).props("type=email autocomplete=username").classes("w-full")
        password = (
            ui.input(tr("Password"), password=True)
            .props("autocomplete=current-password")
            .classes("w-full")
        )
        problem = ui.label().classes("text-negative text-sm")

        def submit(typed_password: str) -> None:
            address = (email.value or "").strip()
            # Counted before the password is checked (a failure until proven otherwise).
            lockout = ctx.throttle.admit(email=address, ip_address=ip_address)
            if lockout is not None:
                problem.text = tr(LOCKED_MESSAGE)
                return
            try:
                with ctx.anonymous_db() as db:
                    user = authenticate(session=db, email=address, password=typed_password)
                    if user.is_staff:
                        raise AuthenticationFailed(STAFF_ACCOUNT)
            except AuthenticationFailed as error:
                problem.text = tr(error.message)
                password.value = ""
                return
            ctx.throttle.record_success(email=address, ip_address=ip_address)
            remember_login(user)
            ui.navigate.to(safe_redirect_target(redirect_to))

        on_enter(password, submit)
        ui.button(tr("Log in"), on_click=lambda: submit(password.value or "")).classes("w-full")
        with ui.row().classes("w-full justify-between text-sm"):
            ui.link(tr("Forgot your password?"), "/forgot-password")
            ui.link(tr("Create an account"), "/signup")


def forgot_password_card(
    ctx: PortalContext, limiter: EmailRequestLimiter, ip_address: str | None
) -> None:
    tr = page_texts(default=ctx.settings.default_locale)
    with public_card(tr, tr("Forgot your password?")):
        ui.label(tr("We will e-mail you a link to choose a new one.")).classes("text-sm")
        email = ui.input(tr("E-mail")).props("type=email").classes("w-full")
        answer = ui.label().classes("text-sm text-positive")

        def submit() -> None:
            with ctx.anonymous_db() as db:
                message = request_reset(
                    session=db,
                    signer=ctx.signer,
                    limiter=limiter,
                    email=email.value or "",
                    ip_address=ip_address,
                    portal_url=ctx.settings.portal_base_url,
                )
            answer.text = tr(message)

        ui.button(tr("Send link"), on_click=submit).classes("w-full")
        ui.link(tr("Back to log in"), "/login").classes("text-sm")


def reset_password_card(ctx: PortalContext, token: str) -> None:
    tr = page_texts(default=ctx.settings.default_locale)
    with public_card(tr, tr("Choose a new password")):
        try:
            with ctx.anonymous_db() as db:
                user_for_token(session=db, signer=ctx.signer, token=token)
        except InvalidTokenError:
            ui.label(tr(BAD_LINK))
            ui.link(tr("Ask for a new link"), "/forgot-password")
            return
        password_form(
            ctx,
            tr,
            lambda db, pw: reset_password(session=db, signer=ctx.signer, token=token, password=pw),
            tr("Save password"),
        )


def invitation_card(ctx: PortalContext, token: str) -> None:
    tr = page_texts(default=ctx.settings.default_locale)
    with public_card(tr, tr("Welcome to VoiceAgent")):
        try:
            with ctx.anonymous_db() as db:
                invitation = invitation_for(session=db, signer=ctx.signer, token=token)
                if address_has_account(session=db, invitation=invitation):
                    raise InvalidTokenError(ADDRESS_TAKEN)
                ui.label(tr("Hello {name}, please choose your password.", name=invitation.name))
        except InvalidTokenError as error:
            ui.label(tr(str(error)))
            ui.link(tr("Log in"), "/login")
            return
        password_form(
            ctx,
            tr,
            lambda db, pw: accept_invitation(
                session=db, signer=ctx.signer, token=token, password=pw
            ),
            tr("Save password and log in"),
        )
