"""Saving a payment method (services/payment_method.py): the button that opens Stripe Checkout
in setup mode, the page Stripe sends the browser back to, and the notice a sign-up without one
sees where it matters (billing, a new bot)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from nicegui import ui
from sqlalchemy.orm import Session

from core.catalogue import N_
from customer_ui.context import PortalContext
from customer_ui.layout import MemberView, guarded, member_page
from services.customer_portal import PaymentsUnavailable
from services.payment_method import payment_method_setup_url, record_payment_method
from services.permissions import Action
from services.platform_keys import PlatformPayments, platform_payments, with_platform_keys

RETURN_PATH = "/billing/payment-method"


class StripePage(Protocol):
    """A service that makes the address of a Stripe page for a company."""

    def __call__(
        self, *, session: Session, tenant_id: int, payments: PlatformPayments, return_url: str
    ) -> str: ...


def register(ctx: PortalContext) -> None:
    @ui.page(RETURN_PATH)
    def payment_method_page(session_id: str = "") -> None:
        """Where Stripe Checkout sends the browser back: with the session's id when a payment
        method was saved, without it when the customer cancelled."""
        with member_page(ctx, N_("Payment method")) as page:
            if page.refused(Action.BILLING):
                return
            tr = page.tr
            saved = False
            if session_id:
                try:
                    saved = record_payment_method(
                        session=page.db,
                        tenant_id=page.tenant.id,
                        payments=_payments(ctx),
                        checkout_session_id=session_id,
                    )
                except PaymentsUnavailable as error:  # Stripe's words are in the log
                    ui.label(tr(error.message)).mark("payment-method-result")
                    ui.link(tr("Back to billing"), "/billing")
                    return
            with ui.card().classes("w-full").mark("payment-method-result"):
                if saved:
                    ui.label(tr("Thank you: your payment method is saved.")).classes(
                        "text-lg font-semibold"
                    )
                    ui.label(
                        tr("Your bots keep answering after the trial, and you can add more bots.")
                    )
                else:
                    ui.label(tr("No payment method was saved.")).classes("text-lg font-semibold")
                    add_payment_method_button(ctx, page)
            ui.link(tr("Back to billing"), "/billing")


def add_payment_method_button(ctx: PortalContext, page: MemberView) -> None:
    """Opens Stripe Checkout (setup mode); administrators only, others are told whom to ask."""
    tr = page.tr
    if not page.may(Action.BILLING):
        ui.label(tr("An administrator of your company can add a payment method.")).classes(
            "text-sm"
        )
        return

    opens = to_stripe(ctx, page, payment_method_setup_url, return_path=RETURN_PATH)
    ui.button(tr("Add payment method"), icon="add_card", on_click=opens).mark("add-payment-method")


def to_stripe(
    ctx: PortalContext, page: MemberView, stripe_page: StripePage, *, return_path: str
) -> Callable[[], None]:
    """A click handler that asks `stripe_page` (a service) for the address of a Stripe page
    for the company and goes there. When Stripe cannot help, the customer reads a plain
    sentence; Stripe's own words are in the log, for staff."""

    def go() -> None:
        try:
            with ctx.tenant_db(page.who) as (db, user):
                url = stripe_page(
                    session=db,
                    tenant_id=user.customer_tenant_id,
                    payments=_payments(ctx),
                    return_url=f"{ctx.settings.portal_base_url}{return_path}",
                )
        except PaymentsUnavailable as error:
            ui.notify(page.tr(error.message), type="warning")
            return
        ui.navigate.to(url)

    return guarded(page.tr, go)


def _payments(ctx: PortalContext) -> PlatformPayments:
    # The platform's Stripe key stored in the back office wins (services/platform_keys.py).
    return platform_payments(with_platform_keys(ctx.settings, ctx.session_factory))


def second_number_notice(ctx: PortalContext, page: MemberView) -> None:
    """On the new-bot page of a sign-up that has its one bot and no payment method. Its own
    sentence: the API's (SECOND_NUMBER_NEEDS_PAYMENT_METHOD) says where the button is, and
    here the button is right below it."""
    with ui.card().classes("w-full bg-amber-50").mark("payment-method-needed"):
        ui.label(
            page.tr(
                "Each further bot gets a phone number of its own, which costs a monthly fee. "
                "Please add a payment method first."
            )
        )
        add_payment_method_button(ctx, page)
