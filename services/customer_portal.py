""" "Manage payment" on the portal's billing page: a link to Stripe's customer portal."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from core.catalogue import N_
from integrations.payments import PaymentsError, StripePayments
from models import Tenant
from services.errors import DomainError, NotFound

log = logging.getLogger(__name__)


class PaymentsUnavailable(DomainError):
    """Stripe could not help just now. The message is for the customer; what Stripe said is
    in the log, for staff."""


PAYMENTS_UNAVAILABLE = N_(
    "Payment details cannot be opened right now. Please try again in a few minutes; "
    "our team has been told."
)


def customer_portal_url(
    *, session: Session, tenant_id: int, payments: StripePayments, return_url: str
) -> str:
    """ "Manage payment" on the portal's billing page: a link to Stripe's customer portal.
    Creates the tenant's Stripe customer on first use. When Stripe refuses or cannot be
    reached, logs what it said (for staff) and raises PaymentsUnavailable (for the customer:
    a plain sentence, never Stripe's words)."""
    tenant = company(session=session, tenant_id=tenant_id)
    try:
        return payments.customer_portal_url(
            customer_id=stripe_customer_id(session=session, tenant=tenant, payments=payments),
            return_url=return_url,
        )
    except PaymentsError as error:
        log.warning("Stripe customer portal for tenant %s failed: %s", tenant_id, error)
        raise PaymentsUnavailable(PAYMENTS_UNAVAILABLE) from None


def company(*, session: Session, tenant_id: int, lock: bool = False) -> Tenant:
    """The tenant (locked for this transaction with `lock`); NotFound when it is gone."""
    tenant = session.get(Tenant, tenant_id, with_for_update=lock)
    if tenant is None:
        raise NotFound("This account does not exist.")
    return tenant


def stripe_customer_id(*, session: Session, tenant: Tenant, payments: StripePayments) -> str:
    """The tenant's Stripe customer, created on first use (raises PaymentsError)."""
    if tenant.stripe_customer_id is None:
        tenant.stripe_customer_id = payments.ensure_customer(
            tenant_id=tenant.id, name=tenant.name, email=tenant.billing_email, locale=tenant.locale
        )
        session.flush()
    return tenant.stripe_customer_id
