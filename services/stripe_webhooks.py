"""Stripe's webhooks, and the dunning they drive.

Every event is verified with the stripe library (signature, and a 5-minute window around
its timestamp, both ways) and checked for the shape we rely on (`services/stripe_events.py`)
before anything is read from it, and processed at most once: its id is stored in
`webhook_events` in the same transaction as its effects, so a redelivery — even one
arriving at the same moment, which waits on the unique index — is a no-op.

Events may arrive in any order, so each one is applied only where it moves things forward:
a paid invoice stays paid whatever arrives later, and a failure reported for an invoice that
is already paid is ignored. Our invoice is found by the id we put in its Stripe metadata, so
even an event that outruns our own record of the Stripe id finds it. An event that
contradicts our records (its Stripe invoice is stored on another invoice of ours) is stored
but not applied, and reported to staff in the audit log (`stripe.webhook_not_applied`):
Stripe never resends an event we answered, so nothing may be dropped silently.

Dunning: a failed payment makes the tenant past_due (and e-mails them); past_due longer than
the grace period suspends the tenant (`enforce_grace_period`, hourly from the cron), so
callers of its bots hear a polite message; paying every open invoice reactivates it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from core.catalogue import N_, translate
from integrations.payments import StripePayments
from models import Invoice, InvoiceStatus, Role, Tenant, TenantStatus, User, WebhookEvent
from models.base import utcnow
from models.scoping import staff_session
from services.audit import record_audit
from services.email_outbox import queue_email
from services.local_formats import money
from services.minimum_charge import settle_carried
from services.payment_method import record_payment_method
from services.stripe_events import (
    INVOICE_METADATA_KEY,
    TOLERANCE_SECONDS,
    InvalidWebhook,
    StripeEvent,
    verified_event,
)

__all__ = ["INVOICE_METADATA_KEY", "InvalidWebhook", "enforce_grace_period", "handle_event"]

PROVIDER = "stripe"
PROCESSED, DUPLICATE, NOT_APPLIED = "processed", "duplicate", "not applied"


def handle_event(
    *,
    session_factory: sessionmaker[Session],
    payload: bytes,
    signature: str | None,
    secret: str,
    payments: StripePayments,
    grace_days: int = 7,
    tolerance_seconds: int = TOLERANCE_SECONDS,
) -> str:
    """Verify and apply one delivery. Returns "processed", "duplicate" (seen before: nothing
    done) or "not applied" (stored, but it contradicts our records: staff decide, see
    `_contradiction`); raises InvalidWebhook, changing nothing, for a bad or stale signature
    or a body that is not a well-formed event, and PaymentsUnavailable, changing nothing,
    when Stripe is needed (a saved payment method is read back) and cannot answer."""
    event = verified_event(payload, signature, secret, tolerance=tolerance_seconds)
    with staff_session(session_factory) as session, session.begin():
        record = WebhookEvent(provider=PROVIDER, event_id=event.id, event_type=event.type)
        try:
            # A concurrent twin waits here on the unique id, then fails; only this insert is
            # undone, so any other integrity error is a real error (and Stripe retries).
            with session.begin_nested():
                session.add(record)
        except IntegrityError:
            return DUPLICATE
        if event.setup_customer_id is not None:
            _payment_method_saved(session, event, payments)
        if not event.about_invoice:
            record.processed_at = utcnow()  # recorded as seen; nothing else of ours depends on it
            return PROCESSED
        invoice, problem = _our_invoice(session, event)
        if problem is not None:
            _report_not_applied(session, event, problem)
            return NOT_APPLIED
        if invoice is not None:
            _apply(session, event, invoice, grace_days)
        record.processed_at = utcnow()
    return PROCESSED


def enforce_grace_period(*, session: Session, grace_days: int, now: datetime | None = None) -> int:
    """Suspend tenants past due for longer than the grace period. Needs a staff session;
    returns how many were suspended."""
    now = now or utcnow()
    overdue = session.scalars(
        select(Tenant).where(
            Tenant.status == TenantStatus.PAST_DUE,
            Tenant.past_due_since <= now - timedelta(days=grace_days),
        )
    ).all()
    for tenant in overdue:
        tenant.status, tenant.suspended_at = TenantStatus.SUSPENDED, now
        _tell(session, tenant, "suspended")
    session.flush()
    return len(overdue)


def _apply(session: Session, event: StripeEvent, invoice: Invoice, grace_days: int) -> None:
    if event.type in ("invoice.paid", "invoice.payment_succeeded"):
        _paid(session, invoice, event.created)
    elif event.type == "invoice.payment_failed":
        _payment_failed(session, invoice, event.created, grace_days)
    elif event.type == "invoice.finalized" and invoice.status is InvoiceStatus.DRAFT:
        invoice.status = InvoiceStatus.OPEN
    elif event.type == "invoice.voided" and invoice.status is not InvoiceStatus.PAID:
        invoice.status = InvoiceStatus.VOID
    if invoice.stripe_invoice_id is None and event.stripe_invoice_id:
        invoice.stripe_invoice_id = event.stripe_invoice_id
    if event.hosted_invoice_url:
        invoice.hosted_invoice_url = event.hosted_invoice_url


def _payment_method_saved(session: Session, event: StripeEvent, payments: StripePayments) -> None:
    """Checkout saved a payment method: recorded as the return page records it (read back
    from Stripe, made the default for invoices), for a customer who closed the tab before
    coming back. Raises PaymentsUnavailable when Stripe cannot answer: the event is then not
    stored, and Stripe delivers it again."""
    tenant_id = session.scalar(
        select(Tenant.id).where(Tenant.stripe_customer_id == event.setup_customer_id)
    )
    if tenant_id is not None and event.setup_session_id is not None:
        record_payment_method(
            session=session,
            tenant_id=tenant_id,
            payments=payments,
            checkout_session_id=event.setup_session_id,
        )


def _our_invoice(session: Session, event: StripeEvent) -> tuple[Invoice | None, str | None]:
    """Our invoice for the event's Stripe invoice — by the id in its metadata, else by the
    Stripe id we stored — or None (e.g. an invoice made by hand in Stripe's dashboard), and what
    contradicts our records if anything does."""
    stripe_id = event.stripe_invoice_id
    by_stripe_id = (
        session.scalars(
            select(Invoice).where(Invoice.stripe_invoice_id == stripe_id).with_for_update()
        ).first()
        if stripe_id
        else None
    )
    our_id = event.our_invoice_id
    if our_id is None:
        return by_stripe_id, None
    by_metadata = session.get(Invoice, our_id, with_for_update=True)
    if by_metadata is None:
        return by_stripe_id, None
    return by_metadata, _contradiction(by_metadata, by_stripe_id, stripe_id)


def _contradiction(
    invoice: Invoice, by_stripe_id: Invoice | None, stripe_id: str | None
) -> str | None:
    """An event naming our invoice A through its metadata, while its Stripe invoice is stored
    on our invoice B — or A is linked to another Stripe invoice — cannot be applied safely
    (voiding or paying the wrong invoice moves money and dunning). It is kept, not applied,
    and shown to staff in the audit log."""
    if by_stripe_id is not None and by_stripe_id.id != invoice.id:
        return "stripe_invoice_belongs_to_another_invoice"
    if stripe_id and invoice.stripe_invoice_id not in (None, stripe_id):
        return "invoice_linked_to_another_stripe_invoice"
    return None


def _report_not_applied(session: Session, event: StripeEvent, problem: str) -> None:
    our_id = event.our_invoice_id
    holder = session.scalar(
        select(Invoice.id).where(Invoice.stripe_invoice_id == event.stripe_invoice_id)
    )
    record_audit(
        session=session,
        actor=None,
        action="stripe.webhook_not_applied",
        entity_type="webhook_event",
        entity_id=event.id,
        after={
            "reason": problem,
            "event_type": event.type,
            "stripe_invoice_id": event.stripe_invoice_id,
            "invoice_id_in_metadata": our_id,
            "invoice_id_with_that_stripe_id": holder,
        },
    )


def _paid(session: Session, invoice: Invoice, when: datetime) -> None:
    if invoice.status is InvoiceStatus.PAID:
        return
    invoice.status, invoice.paid_at = InvoiceStatus.PAID, when
    settle_carried(invoice, when=when)
    session.flush()
    tenant = session.get_one(Tenant, invoice.tenant_id, with_for_update=True)
    if tenant.status is TenantStatus.ACTIVE:
        return
    still_open = session.scalar(
        select(Invoice.id).where(
            Invoice.tenant_id == tenant.id,
            Invoice.status == InvoiceStatus.OPEN,
            Invoice.carried_forward_at.is_(None),  # waits for the next invoice: not overdue
        )
    )
    if still_open is None:
        tenant.status = TenantStatus.ACTIVE
        tenant.past_due_since = tenant.suspended_at = None
        _tell(session, tenant, "reactivated")


def _payment_failed(session: Session, invoice: Invoice, when: datetime, grace_days: int) -> None:
    if invoice.status in (InvoiceStatus.PAID, InvoiceStatus.VOID):
        return  # an older failure, overtaken by the payment or the voiding
    invoice.status = InvoiceStatus.OPEN
    tenant = session.get_one(Tenant, invoice.tenant_id, with_for_update=True)
    if tenant.status is TenantStatus.ACTIVE:
        tenant.status, tenant.past_due_since = TenantStatus.PAST_DUE, when
        _tell(session, tenant, "past_due", invoice=invoice, grace_days=grace_days)


# Subject and body of each e-mail, in the catalogue (core/locale) with their German.
_MESSAGES = {
    "past_due": (
        N_("Payment failed: invoice {number}"),
        N_(
            "Hello,\n\nthe payment of invoice {number} for {amount} did not go through. "
            "Please update your payment details under Billing in the customer portal. "
            "Without payment within {grace} days your voice bots will be paused."
            "\n\nThe VoiceAgent team"
        ),
    ),
    "suspended": (
        N_("Your voice bots are paused"),
        N_(
            "Hello,\n\nas an invoice is still unpaid, we have paused your voice bots. Callers "
            "hear a short message. As soon as the payment arrives, the bots answer again."
            "\n\nThe VoiceAgent team"
        ),
    ),
    "reactivated": (
        N_("Thank you – your voice bots are back"),
        N_(
            "Hello,\n\nthank you for your payment. Your voice bots take calls again."
            "\n\nThe VoiceAgent team"
        ),
    ),
}


def _tell(
    session: Session,
    tenant: Tenant,
    what: str,
    *,
    invoice: Invoice | None = None,
    grace_days: int = 0,
) -> None:
    to = tenant.billing_email or session.scalar(
        select(User.email)
        .where(User.tenant_id == tenant.id, User.role == Role.CUSTOMER_ADMIN)
        .order_by(User.id)
    )
    if to is None:
        return
    subject, body = _MESSAGES[what]
    values: dict[str, object] = {"grace": grace_days, "number": "", "amount": ""}
    if invoice is not None:
        values.update(number=invoice.number, amount=money(invoice.total_cents, tenant.locale))
    queue_email(
        session=session,
        to=to,
        subject=translate(tenant.locale, subject, values),
        body=translate(tenant.locale, body, values),
        tenant_id=tenant.id,
    )
