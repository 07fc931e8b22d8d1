"""Handing our invoices to Stripe, which collects the money.

Our invoice (services.billing) is the source of truth; Stripe gets a copy, made directly
with its lines and no subscription behind it (a subscription would make a €0 invoice every
month): the tenant's customer (once per tenant), an empty draft, all our lines plus one for
the VAT in one `add_lines` request, then finalized — at most four requests per invoice.
VAT is a line of its own because Stripe's tax rates round per line while we round once on
the subtotal: this way Stripe charges exactly our total, to the cent, and a copy whose total
differs is never finalized. An invoice of ours that totals 0 € is not sent at all: there is
nothing to collect, so it is marked paid here. One below Stripe's minimum charge (0,50 €) is
not sent either: it is carried to the company's next invoice, whose copy at Stripe gets it as
a line of its own, or written off when no invoice follows (services/minimum_charge.py).

A sync may be interrupted anywhere and run again; it never bills twice:
- every Stripe id is committed as soon as Stripe hands it back, and a later run starts
  from what is stored (an invoice open already costs no call at all);
- every creating request carries an idempotency key derived from our invoice's id, so
  Stripe answers a retry with the first object;
- before the draft is asked for, the invoice is marked as started; a run that finds the
  mark but no Stripe id (its predecessor died waiting for the answer, perhaps beyond the
  keys' 24 hours) looks for a draft carrying our invoice id in its metadata and adopts it;
- lines are added only to a draft that has none, in one request that adds all or nothing.
No database transaction is held open while Stripe is asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from core.catalogue import Phrase
from integrations.payments import NewLine, PaymentsError, StripeInvoice, StripePayments
from models import Invoice, InvoiceStatus, Tenant
from models.base import utcnow
from models.scoping import staff_session
from services.audit import record_audit
from services.billing import Period
from services.errors import DomainError, NotFound
from services.minimum_charge import below_minimum, carry_forward, invoices_follow, write_off
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
    total_cents: int  # what Stripe is to charge: ours and what was carried into it
    stripe_invoice_id: str | None
    tenant_id: int
    tenant_name: str
    billing_email: str | None
    locale: str
    customer_id: str | None
    lines: list[_Line]
    period_start: int  # Unix seconds, inclusive, for Stripe's line periods
    period_end: int
    sync_started: bool


def sync_invoice(
    *, session_factory: sessionmaker[Session], invoice_id: int, payments: StripePayments
) -> str:
    """Bring invoice `invoice_id` to Stripe, as far as it has not got yet. Returns "synced",
    or "unchanged" when there was nothing left to do. Raises PaymentsError (Stripe refused or
    is down: retry later), SyncMismatch, or NotFound."""
    invoice = _snapshot(session_factory, invoice_id)
    if invoice.status is not InvoiceStatus.DRAFT:
        return "unchanged"  # finalized (or paid, or voided) already: Stripe has it
    if invoice.total_cents == 0:
        _close_without_stripe(session_factory, invoice)
        return "nothing to collect"
    if below_minimum(invoice.total_cents, invoice.currency):
        return _carry_forward(session_factory, invoice)
    customer_id = invoice.customer_id or _ensure_customer(session_factory, invoice, payments)
    draft = _draft(session_factory, invoice, customer_id, payments)
    if draft.status == "draft" and draft.line_count == 0:
        draft = payments.add_lines(
            invoice_id=draft.id,
            lines=[_new_line(invoice, line) for line in invoice.lines if line.amount_cents],
            idempotency_key=f"{_key(invoice)}-lines",
        )
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
            raise NotFound(Phrase("Invoice {id} does not exist.", id=invoice_id))
        tenant = session.get_one(Tenant, invoice.tenant_id)
        english = not tenant.locale.startswith("de")
        vat = f"{'VAT' if english else 'USt.'} {invoice.tax_rate_bp / 100:g} %"
        carried = "Carried over from invoice" if english else "Übertrag aus Rechnung"
        period = Period(invoice.period_start, invoice.period_end)
        return _Snapshot(
            invoice_id=invoice.id,
            number=invoice.number,
            status=invoice.status,
            currency=invoice.currency,
            total_cents=invoice.amount_due_cents,
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
                *(
                    _Line(
                        f"carried-{small.id}", f"{carried} {small.number}", small.amount_due_cents
                    )
                    for small in invoice.carried_from
                ),
            ],
            period_start=int(period.starts_at.timestamp()),
            period_end=int(period.ends_at.timestamp()) - 1,
            sync_started=invoice.stripe_sync_started_at is not None,
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


def _draft(
    session_factory: sessionmaker[Session],
    invoice: _Snapshot,
    customer_id: str,
    payments: StripePayments,
) -> StripeInvoice:
    """Stripe's draft of our invoice: the stored one, one an interrupted run created, or a
    new one."""
    if invoice.stripe_invoice_id is not None:
        return payments.retrieve_invoice(invoice_id=invoice.stripe_invoice_id)
    ours = str(invoice.invoice_id)
    draft = None
    if invoice.sync_started:
        draft = payments.find_invoice(
            customer_id=customer_id, metadata_key=INVOICE_METADATA_KEY, value=ours
        )
    else:
        _mark_started(session_factory, invoice.invoice_id)
    if draft is None:
        draft = payments.create_invoice(
            customer_id=customer_id,
            currency=invoice.currency,
            description=f"VoiceAgent {invoice.number}",
            metadata={INVOICE_METADATA_KEY: ours, "voiceagent_invoice_number": invoice.number},
            idempotency_key=f"{_key(invoice)}-invoice",
        )
    with staff_session(session_factory) as session, session.begin():
        row = session.get_one(Invoice, invoice.invoice_id, with_for_update=True)
        row.stripe_invoice_id = draft.id
    return draft


def _key(invoice: _Snapshot) -> str:
    # Our invoice's id, not its number: a number given back by a rolled-back transaction is
    # given out again, a PostgreSQL id never is.
    return f"voiceagent-invoice-{invoice.invoice_id}"


def _mark_started(session_factory: sessionmaker[Session], invoice_id: int) -> None:
    with staff_session(session_factory) as session, session.begin():
        row = session.get_one(Invoice, invoice_id, with_for_update=True)
        row.stripe_sync_started_at = utcnow()


def _new_line(invoice: _Snapshot, line: _Line) -> NewLine:
    return NewLine(
        amount_cents=line.amount_cents,
        description=line.description,
        metadata={INVOICE_METADATA_KEY: str(invoice.invoice_id), LINE_METADATA_KEY: line.key},
        period_start=invoice.period_start,
        period_end=invoice.period_end,
    )


def _close_without_stripe(session_factory: sessionmaker[Session], invoice: _Snapshot) -> None:
    with staff_session(session_factory) as session, session.begin():
        row = session.get_one(Invoice, invoice.invoice_id, with_for_update=True)
        if row.status is InvoiceStatus.DRAFT:
            row.status = InvoiceStatus.PAID
            row.paid_at = utcnow()


def _carry_forward(session_factory: sessionmaker[Session], invoice: _Snapshot) -> str:
    """Below the minimum: carried to the next invoice, or written off when none follows."""
    with staff_session(session_factory) as session, session.begin():
        row = session.get_one(Invoice, invoice.invoice_id, with_for_update=True)
        if row.status is not InvoiceStatus.DRAFT:
            return "unchanged"
        if invoices_follow(session, row.tenant_id, row.period_end):
            carry_forward(row, now=utcnow())
            return "carried forward"
        write_off(session, row, now=utcnow())
        return "written off"


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
    due = draft.amount_due_cents
    if draft.status == "draft" and due is not None and due != invoice.total_cents:
        # The customer has a balance at Stripe (set there by hand): Stripe would charge
        # more or less than our invoice says. Staff settle it first.
        raise SyncMismatch(
            f"Stripe invoice {draft.id} would charge {due} cents, ours {invoice.number} "
            f"{invoice.total_cents}: the customer has a balance at Stripe; left as a draft "
            "for staff to check."
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
            invoice_id=stripe_id, idempotency_key=f"{_key(invoice)}-finalize"
        )
    except PaymentsError as error:
        # Finalized by an earlier run whose answer never reached us: Stripe refuses a second.
        current = payments.retrieve_invoice(invoice_id=stripe_id)
        if error.status == 400 and current.status != "draft":
            return current
        raise
