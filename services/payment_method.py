"""A sign-up's payment method: saved through Stripe Checkout in setup mode, and needed before a
second phone number and for the bots to answer after the trial.

Who is asked: a self-service sign-up (a company with a trial). Companies that staff set up are
invoiced as agreed with them and never asked.
- Before a second number: each bot gets its own number, so a new bot while the company has
  one already is refused with a message (the bot page says so before the form; the API
  answers 409) until a payment method is saved.
- At the trial's end without one, the bots take no calls: callers hear the short "not
  reachable right now" message every turned-away call gets and the call is recorded as
  rejected, at no cost. Bots, numbers and settings stay as they are (the numbers' fees run
  on as the price list says, until the bots are deleted); saving a payment method lets calls
  in at once, since each call checks.
What happens is told in advance on the dashboard (days left, "Add payment method") and in the
e-mail three days before the end (services/trial.py).

Saving one: "Add payment method" opens Stripe Checkout in setup mode for the company's Stripe
customer; Stripe sends the browser back with the session's id, which is read back from Stripe
(never trusted from the address: the session must belong to this company's customer and its
SetupIntent must have succeeded). The card becomes the default for invoices and the time is
stored. The signed `checkout.session.completed` webhook records it through the same function
(services/stripe_webhooks.py), for a customer who closes the tab before coming back.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.catalogue import N_
from integrations.payments import PaymentsError, StripePayments
from models import Bot, BotStatus, Tenant
from models.base import utcnow
from services.customer_portal import (
    PAYMENTS_UNAVAILABLE,
    PaymentsUnavailable,
    company,
    stripe_customer_id,
)
from services.errors import Conflict

log = logging.getLogger(__name__)

CHECKOUT_SESSION_PLACEHOLDER = "{CHECKOUT_SESSION_ID}"  # Stripe fills in the session's id
MAX_SESSION_ID = 255


class PaymentMethodRequired(Conflict):
    """The company must save a payment method before this."""


SECOND_NUMBER_NEEDS_PAYMENT_METHOD = N_(
    "Please add a payment method first (Billing → Add payment method): each further bot "
    "gets a phone number of its own, which costs a monthly fee."
)


def needs_payment_method(tenant: Tenant) -> bool:
    """A sign-up (it has a trial) that has not saved a payment method yet."""
    return tenant.trial_ends_at is not None and tenant.payment_method_added_at is None


def paused_for_payment_method(tenant: Tenant, *, now: datetime | None = None) -> bool:
    """Its trial is over and no payment method was saved: its bots take no calls."""
    return (
        needs_payment_method(tenant)
        and tenant.trial_ends_at is not None
        and tenant.trial_ends_at <= (now or utcnow())
    )


def may_add_number(*, session: Session, tenant: Tenant) -> bool:
    """Whether another bot (and so another number) may be created now."""
    if not needs_payment_method(tenant):
        return True
    bots = session.scalar(
        select(func.count())
        .select_from(Bot)
        .where(Bot.tenant_id == tenant.id, Bot.status != BotStatus.DELETED)
    )
    return not bots


def require_room_for_a_number(*, session: Session, tenant_id: int) -> None:
    """Raises PaymentMethodRequired when a sign-up without a payment method has a bot (and
    so a number) already. Locks the company's row, so two new bots at once cannot both pass."""
    tenant = company(session=session, tenant_id=tenant_id, lock=True)
    if not may_add_number(session=session, tenant=tenant):
        raise PaymentMethodRequired(SECOND_NUMBER_NEEDS_PAYMENT_METHOD)


def payment_method_setup_url(
    *, session: Session, tenant_id: int, payments: StripePayments, return_url: str
) -> str:
    """Stripe Checkout (setup mode) for the company's customer; Stripe sends the browser to
    `return_url` with `?session_id=…` afterwards, or back to `return_url` when cancelled.
    Raises PaymentsUnavailable (a sentence for the customer; Stripe's words go to the log)."""
    tenant = company(session=session, tenant_id=tenant_id)
    try:
        return payments.setup_checkout_url(
            customer_id=stripe_customer_id(session=session, tenant=tenant, payments=payments),
            currency=tenant.currency,
            locale=tenant.locale,
            success_url=f"{return_url}?session_id={CHECKOUT_SESSION_PLACEHOLDER}",
            cancel_url=return_url,
        )
    except PaymentsError as error:
        log.warning("Stripe Checkout for tenant %s failed: %s", tenant_id, error)
        raise PaymentsUnavailable(PAYMENTS_UNAVAILABLE) from None


def record_payment_method(
    *, session: Session, tenant_id: int, payments: StripePayments, checkout_session_id: str
) -> bool:
    """After Checkout: read the session back from Stripe and, when it saved a payment method
    for this company's customer, make it the default for invoices and store the time.
    Returns whether one was saved. Raises PaymentsUnavailable when Stripe cannot answer."""
    tenant = company(session=session, tenant_id=tenant_id, lock=True)
    if (
        tenant.stripe_customer_id is None
        or not checkout_session_id.startswith("cs_")
        or len(checkout_session_id) > MAX_SESSION_ID
    ):
        return False
    try:
        setup = payments.completed_setup(checkout_session_id=checkout_session_id)
        if setup is None or setup.customer_id != tenant.stripe_customer_id:
            return False
        payments.make_default_payment_method(
            customer_id=setup.customer_id, payment_method_id=setup.payment_method_id
        )
    except PaymentsError as error:
        if error.status == 404:  # no such session: an address somebody typed
            return False
        log.warning("Saving the payment method of tenant %s failed: %s", tenant_id, error)
        raise PaymentsUnavailable(PAYMENTS_UNAVAILABLE) from None
    tenant.payment_method_added_at = utcnow()
    session.flush()
    return True
