"""Stripe's webhooks, and the dunning they drive.

Every event is verified with the stripe library (signature and a 5-minute timestamp window)
before anything is read from it, and processed at most once: its id is stored in
`webhook_events` in the same transaction as its effects, so a redelivery — even one
arriving at the same moment, which waits on the unique index — is a no-op.

Events may arrive in any order, so each one is applied only where it moves things forward:
a paid invoice stays paid whatever arrives later, and a failure reported for an invoice that
is already paid is ignored. Our invoice is found by the id we put in its Stripe metadata, so
even an event that outruns our own record of the Stripe id finds it.

Dunning: a failed payment makes the tenant past_due (and e-mails them); past_due longer than
the grace period suspends the tenant (`enforce_grace_period`, hourly from the cron), so
callers of its bots hear a polite message; paying every open invoice reactivates it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import stripe
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from models import Invoice, InvoiceStatus, Role, Tenant, TenantStatus, User, WebhookEvent
from models.base import utcnow
from models.scoping import staff_session
from services.email_outbox import queue_email
from services.errors import DomainError

PROVIDER = "stripe"
INVOICE_METADATA_KEY = "voiceagent_invoice_id"


class InvalidWebhook(DomainError):
    """The request is not a genuine, fresh Stripe event."""


def handle_event(
    *,
    session_factory: sessionmaker[Session],
    payload: bytes,
    signature: str | None,
    secret: str,
    grace_days: int = 7,
    tolerance_seconds: int = 300,
) -> str:
    """Verify and apply one delivery. Returns "processed" or "duplicate"; raises
    InvalidWebhook (and changes nothing) for a bad signature, a stale timestamp or junk."""
    try:
        event = stripe.Webhook.construct_event(
            payload, signature, secret, tolerance=tolerance_seconds
        )
    except stripe.SignatureVerificationError:
        raise InvalidWebhook("The Stripe signature is missing, wrong or too old.") from None
    except ValueError:
        raise InvalidWebhook("The body is not a Stripe event.") from None
    with staff_session(session_factory) as session:
        try:
            with session.begin():
                record = WebhookEvent(provider=PROVIDER, event_id=event.id, event_type=event.type)
                session.add(record)
                session.flush()  # a concurrent twin waits here, then fails on the unique id
                _apply(
                    session,
                    event.type,
                    event.data.object.to_dict(),
                    _when(event.created),
                    grace_days,
                )
                record.processed_at = utcnow()
        except IntegrityError:
            return "duplicate"
    return "processed"


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


def _apply(session: Session, kind: str, obj: Any, when: datetime, grace_days: int) -> None:
    if not kind.startswith("invoice."):
        return  # recorded as seen; nothing of ours depends on it
    invoice = _our_invoice(session, obj)
    if invoice is None:
        return
    if kind in ("invoice.paid", "invoice.payment_succeeded"):
        _paid(session, invoice, when)
    elif kind == "invoice.payment_failed":
        _payment_failed(session, invoice, when, grace_days)
    elif kind == "invoice.finalized" and invoice.status is InvoiceStatus.DRAFT:
        invoice.status = InvoiceStatus.OPEN
    elif kind == "invoice.voided" and invoice.status is not InvoiceStatus.PAID:
        invoice.status = InvoiceStatus.VOID
    if invoice.stripe_invoice_id is None and obj.get("id"):
        invoice.stripe_invoice_id = obj["id"]
    if obj.get("hosted_invoice_url"):
        invoice.hosted_invoice_url = obj["hosted_invoice_url"]


def _our_invoice(session: Session, obj: Any) -> Invoice | None:
    our_id = (obj.get("metadata") or {}).get(INVOICE_METADATA_KEY)
    if our_id and str(our_id).isdigit():
        found = session.get(Invoice, int(our_id), with_for_update=True)
        if found is not None:
            return found
    if not obj.get("id"):
        return None
    return session.scalars(
        select(Invoice).where(Invoice.stripe_invoice_id == obj["id"]).with_for_update()
    ).first()


def _paid(session: Session, invoice: Invoice, when: datetime) -> None:
    if invoice.status is InvoiceStatus.PAID:
        return
    invoice.status, invoice.paid_at = InvoiceStatus.PAID, when
    session.flush()
    tenant = session.get_one(Tenant, invoice.tenant_id, with_for_update=True)
    if tenant.status is TenantStatus.ACTIVE:
        return
    still_open = session.scalar(
        select(Invoice.id).where(
            Invoice.tenant_id == tenant.id, Invoice.status == InvoiceStatus.OPEN
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


def _when(created: int | None) -> datetime:
    return datetime.fromtimestamp(created, UTC) if created else utcnow()


_MESSAGES = {
    "de": {
        "past_due": (
            "Zahlung fehlgeschlagen: Rechnung {number}",
            "Guten Tag,\n\ndie Zahlung der Rechnung {number} über {amount} ist leider "
            "fehlgeschlagen. Bitte aktualisieren Sie Ihre Zahlungsdaten im Kundenportal unter "
            "„Abrechnung“. Ohne Zahlung innerhalb von {grace} Tagen werden Ihre Sprach-Bots "
            "pausiert.\n\nIhr VoiceAgent-Team",
        ),
        "suspended": (
            "Ihre Sprach-Bots sind pausiert",
            "Guten Tag,\n\nda eine Rechnung offen geblieben ist, haben wir Ihre Sprach-Bots "
            "pausiert. Anrufer hören eine kurze Ansage. Sobald die Zahlung eingeht, sind die "
            "Bots sofort wieder erreichbar.\n\nIhr VoiceAgent-Team",
        ),
        "reactivated": (
            "Danke – Ihre Sprach-Bots sind wieder aktiv",
            "Guten Tag,\n\nvielen Dank für Ihre Zahlung. Ihre Sprach-Bots nehmen wieder "
            "Anrufe an.\n\nIhr VoiceAgent-Team",
        ),
    },
    "en": {
        "past_due": (
            "Payment failed: invoice {number}",
            "Hello,\n\nthe payment of invoice {number} for {amount} did not go through. "
            "Please update your payment details under Billing in the customer portal. "
            "Without payment within {grace} days your voice bots will be paused."
            "\n\nThe VoiceAgent team",
        ),
        "suspended": (
            "Your voice bots are paused",
            "Hello,\n\nas an invoice is still unpaid, we have paused your voice bots. Callers "
            "hear a short message. As soon as the payment arrives, the bots answer again."
            "\n\nThe VoiceAgent team",
        ),
        "reactivated": (
            "Thank you – your voice bots are back",
            "Hello,\n\nthank you for your payment. Your voice bots take calls again."
            "\n\nThe VoiceAgent team",
        ),
    },
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
    subject, body = _MESSAGES["de" if tenant.locale.startswith("de") else "en"][what]
    values = {"grace": grace_days, "number": "", "amount": ""}
    if invoice is not None:
        euros = f"{invoice.total_cents // 100},{invoice.total_cents % 100:02d} €"
        values.update(number=invoice.number, amount=euros)
    queue_email(
        session=session,
        to=to,
        subject=subject.format(**values),
        body=body.format(**values),
        tenant_id=tenant.id,
    )
