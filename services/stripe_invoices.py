"""Handing our invoices to Stripe, which collects the money.

Our invoice (services.billing) is the source of truth; Stripe gets a copy: the tenant's
customer, one invoice item per line plus one for the VAT, an invoice holding them, then
finalized. VAT is an item of its own because Stripe's tax rates round per line while we
round once on the subtotal: this way Stripe charges exactly our total, to the cent, and a
copy whose total differs is never finalized.

A sync may be interrupted anywhere and run again; it never bills twice:
- every Stripe id is committed as soon as Stripe hands it back, and a later run starts
  from what is stored (an invoice open already costs no call at all);
- every creating request carries an idempotency key derived from the invoice number (tenant
  and period) and the line, so Stripe answers a retry with the first object;
- items carry our invoice id and line in their metadata; a run finds those an interrupted
  run created (beyond the keys' 24 hours) and reuses them, or adopts the invoice they sit on.
No database transaction is held open while Stripe is asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from integrations.payments import PaymentsError, StripeInvoice, StripePayments
from models import Invoice, InvoiceStatus, Tenant
from models.scoping import staff_session
from services.audit import record_audit
from services.errors import DomainError, NotFound
from services.stripe_webhooks import INVOICE_METADATA_KEY

LINE_METADATA_KEY = "voiceagent_line"
VAT_LINE = "vat"


class SyncMismatch(DomainError):
    """Stripe's copy of an invoice does not add up to ours; it is left as a draft."""


@dataclass(frozen=True)
class _Line:
    key: str  # the position, or "vat"
    description: str
    amount_cents: int


@dataclass(frozen=True)
class _Snapshot:
    """What the sync needs of our invoice, read in one short transaction."""

    invoice_id: int
    number: str
    status: InvoiceStatus
    currency: str
    total_cents: int
    stripe_invoice_id: str | None
    tenant_id: int
    tenant_name: str
    billing_email: str | None
    locale: str
    customer_id: str | None
    lines: list[_Line]


def sync_invoice(
    *, session_factory: sessionmaker[Session], invoice_id: int, payments: StripePayments
) -> str:
    """Bring invoice `invoice_id` to Stripe, as far as it has not got yet. Returns "synced",
    or "unchanged" when there was nothing left to do. Raises PaymentsError (Stripe refused or
    is down: retry later), SyncMismatch, or NotFound."""
    invoice = _snapshot(session_factory, invoice_id)
    if invoice.status is not InvoiceStatus.DRAFT:
        return "unchanged"  # finalized (or paid, or voided) already: Stripe has it
    customer_id = invoice.customer_id or _ensure_customer(session_factory, invoice, payments)
    if invoice.stripe_invoice_id is None:
        draft = _create_invoice(session_factory, invoice, customer_id, payments)
    else:
        draft = payments.retrieve_invoice(invoice_id=invoice.stripe_invoice_id)
    _finalize(session_factory, invoice, draft, payments)
    return "synced"


def invoices_to_sync(*, session: Session) -> list[int]:
    """Draft invoices: issued by a run, not handed to Stripe (or not finalized) yet. Needs a
    staff session."""
    return list(
        session.scalars(
            select(Invoice.id).where(Invoice.status == InvoiceStatus.DRAFT).order_by(Invoice.id)
        )
    )


def record_sync_failure(
    *, session_factory: sessionmaker[Session], invoice_id: int, error: str
) -> None:
    """Put a sync that gave up into the audit log, where staff look for what went wrong."""
    with staff_session(session_factory) as session, session.begin():
        tenant_id = session.scalar(select(Invoice.tenant_id).where(Invoice.id == invoice_id))
        record_audit(
            session=session,
            actor=None,
            action="invoice.stripe_sync_failed",
            entity_type="invoice",
            entity_id=invoice_id,
            tenant_id=tenant_id,
            after={"error": error[:500]},
        )


def _snapshot(session_factory: sessionmaker[Session], invoice_id: int) -> _Snapshot:
    with staff_session(session_factory) as session:
        invoice = session.scalar(
            select(Invoice).where(Invoice.id == invoice_id).options(selectinload(Invoice.lines))
        )
        if invoice is None:
            raise NotFound(f"Invoice {invoice_id} does not exist.")
        tenant = session.get_one(Tenant, invoice.tenant_id)
        english = not tenant.locale.startswith("de")
        vat = f"{'VAT' if english else 'USt.'} {invoice.tax_rate_bp / 100:g} %"
        return _Snapshot(
            invoice_id=invoice.id,
            number=invoice.number,
            status=invoice.status,
            currency=invoice.currency,
            total_cents=invoice.total_cents,
            stripe_invoice_id=invoice.stripe_invoice_id,
            tenant_id=tenant.id,
            tenant_name=tenant.name,
            billing_email=tenant.billing_email,
            locale=tenant.locale,
            customer_id=tenant.stripe_customer_id,
            lines=[
                *(
                    _Line(str(line.position), line.description, line.amount_cents)
                    for line in invoice.lines
                ),
                _Line(VAT_LINE, vat, invoice.tax_cents),
            ],
        )


def _ensure_customer(
    session_factory: sessionmaker[Session], invoice: _Snapshot, payments: StripePayments
) -> str:
    customer_id = payments.ensure_customer(
        tenant_id=invoice.tenant_id,
        name=invoice.tenant_name,
        email=invoice.billing_email,
        locale=invoice.locale,
    )
    with staff_session(session_factory) as session, session.begin():
        tenant = session.get_one(Tenant, invoice.tenant_id, with_for_update=True)
        # "Manage payment" may have created it meanwhile, with the same idempotency key.
        tenant.stripe_customer_id = tenant.stripe_customer_id or customer_id
        return tenant.stripe_customer_id


def _create_invoice(
    session_factory: sessionmaker[Session],
    invoice: _Snapshot,
    customer_id: str,
    payments: StripePayments,
) -> StripeInvoice:
    subscription_id = payments.ensure_base_subscription(
        customer_id=customer_id, tenant_id=invoice.tenant_id
    )
    ours = [
        item
        for item in payments.invoice_items(customer_id=customer_id)
        if item.metadata.get(INVOICE_METADATA_KEY) == str(invoice.invoice_id)
    ]
    adopted = next((item.invoice_id for item in ours if item.invoice_id), None)
    if adopted is not None:
        # An interrupted run created the invoice: do not make another.
        draft = payments.retrieve_invoice(invoice_id=adopted)
    else:
        pending = {item.metadata.get(LINE_METADATA_KEY) for item in ours}
        for line in invoice.lines:
            if line.key in pending:
                continue
            payments.create_invoice_item(
                customer_id=customer_id,
                subscription_id=subscription_id,
                amount_cents=line.amount_cents,
                currency=invoice.currency,
                description=line.description,
                metadata={
                    INVOICE_METADATA_KEY: str(invoice.invoice_id),
                    LINE_METADATA_KEY: line.key,
                },
                idempotency_key=f"voiceagent-{invoice.number}-line-{line.key}",
            )
        draft = payments.create_invoice(
            customer_id=customer_id,
            subscription_id=subscription_id,
            description=f"VoiceAgent {invoice.number}",
            metadata={
                INVOICE_METADATA_KEY: str(invoice.invoice_id),
                "voiceagent_invoice_number": invoice.number,
            },
            idempotency_key=f"voiceagent-{invoice.number}-invoice",
        )
    with staff_session(session_factory) as session, session.begin():
        row = session.get_one(Invoice, invoice.invoice_id, with_for_update=True)
        row.stripe_invoice_id = draft.id
    return draft


def _finalize(
    session_factory: sessionmaker[Session],
    invoice: _Snapshot,
    draft: StripeInvoice,
    payments: StripePayments,
) -> None:
    if draft.total_cents != invoice.total_cents:
        raise SyncMismatch(
            f"Stripe invoice {draft.id} totals {draft.total_cents} cents, ours "
            f"{invoice.number} {invoice.total_cents}: left as a draft for staff to check."
        )
    finalized = draft
    if draft.status == "draft":
        finalized = _finalize_once(payments, invoice, draft.id)
    with staff_session(session_factory) as session, session.begin():
        row = session.get_one(Invoice, invoice.invoice_id, with_for_update=True)
        if row.status is InvoiceStatus.DRAFT:  # a webhook may have moved it on already
            row.status = InvoiceStatus.OPEN
        row.hosted_invoice_url = finalized.hosted_invoice_url or row.hosted_invoice_url


def _finalize_once(payments: StripePayments, invoice: _Snapshot, stripe_id: str) -> StripeInvoice:
    try:
        return payments.finalize_invoice(
            invoice_id=stripe_id, idempotency_key=f"voiceagent-{invoice.number}-finalize"
        )
    except PaymentsError as error:
        # Finalized by an earlier run whose answer never reached us: Stripe refuses a second.
        current = payments.retrieve_invoice(invoice_id=stripe_id)
        if error.status == 400 and current.status != "draft":
            return current
        raise
