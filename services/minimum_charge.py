"""Amounts below Stripe's minimum charge (0,50 € for euro payments): carried to the next
invoice, as Stripe itself does with a customer balance, but shown on both invoices.

An invoice of ours is issued for every month a company owes something, however little (a
sign-up's trial month with one number-day is 0,12 €): it has its number and every § 11 UStG
field like any other. Stripe cannot charge less than 0,50 €, so such an invoice is not handed
to Stripe. The sync marks it carried forward instead (`carried_forward_at`; status open, no
"Jetzt bezahlen"), and its document says the amount will be collected with the next invoice.
The next invoice the run makes for the company takes it in (`carried_in_cents`, the gross
amount: its VAT is on the first invoice, so it is no new supply and carries no VAT again);
that document lists "Übertrag aus Rechnung …" below its own total, and what is to be paid;
Stripe's copy gets the same line, so Stripe charges both together. When that invoice is paid,
the carried one is marked paid with it. An amount that is still below the minimum with the
next invoice is carried again, with it.

No invoice follows once the company holds no plan term past an invoice's period (it
cancelled, or staff took its plan away): its last invoice takes in what waits, and is
charged with it when the sum reaches the minimum. What stays below it then cannot be
charged at all, so it is written off, visibly: those invoices become uncollectible
(`write_off`; the portal says "Erlassen", the document that no further invoice follows and
the amount is not collected), and the audit log has `invoice.written_off` for staff. The
sync does this for a last invoice below the minimum; the invoice run for invoices still
waiting when the month it ran for brought the company no invoice.

The VAT of a write-off is corrected (§ 16 (3) Z 1 UStG), and this is why: every cent written
off was invoiced. The run issues an invoice, its VAT shown, for every month a company owes
anything, however little; carrying only postpones collecting it, and the invoice that takes
it in adds the gross amount without new VAT. So the VAT on written-off cents was charged on
an issued invoice and is owed to the tax office unless corrected: when the amount becomes
uncollectible, the VAT due falls by the VAT of the invoices not collected, for the VAT
period of the write-off. The invoices stay as issued (an uncollectible amount needs no new
document); `invoice.written_off` says what to correct: `vat_corrected_cents`, the VAT of
the written-off invoice and of every invoice carried into it (0 for reverse charge, where
the customer owes the VAT), dated by the audit entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Invoice, InvoiceStatus, PlanTerm
from services.audit import record_audit
from services.vienna_time import vienna_midnight

# Stripe's minimum charge amounts per currency (docs.stripe.com/currencies#minimum-and-
# maximum-charge-amounts); only euros are sold here.
MINIMUM_CHARGE_CENTS = {"EUR": 50}


def below_minimum(amount_cents: int, currency: str) -> bool:
    """Something is owed, but less than Stripe can charge."""
    return 0 < amount_cents < MINIMUM_CHARGE_CENTS.get(currency.upper(), 50)


def carry_forward(invoice: Invoice, *, now: datetime) -> None:
    """The invoice waits for the company's next one (the invoice run's `take_in_carried`)."""
    invoice.status = InvoiceStatus.OPEN
    invoice.carried_forward_at = now


def take_in_carried(*, session: Session, invoices: list[Invoice]) -> None:
    """In the invoice run, `invoices` just made (flushed): each takes in its company's
    invoices that wait to be carried."""
    by_tenant = {invoice.tenant_id: invoice for invoice in invoices}
    if not by_tenant:
        return
    waiting = session.scalars(
        select(Invoice)
        .where(
            Invoice.tenant_id.in_(by_tenant),
            Invoice.carried_forward_at.is_not(None),
            Invoice.carried_to_invoice_id.is_(None),
            Invoice.status == InvoiceStatus.OPEN,
        )
        .order_by(Invoice.id)
    )
    for small in waiting:
        target = by_tenant[small.tenant_id]
        target.carried_in_cents += small.amount_due_cents
        small.carried_to = target
    session.flush()


def settle_carried(invoice: Invoice, *, when: datetime) -> None:
    """`invoice` was paid: so were the invoices carried into it (and into those)."""
    for small in _carried_open(invoice):
        small.status, small.paid_at = InvoiceStatus.PAID, when


def _carried_open(invoice: Invoice) -> Iterator[Invoice]:
    """The open invoices carried into `invoice`, and into those (depth first): what is paid
    or written off with it. Each is handed out before the ones carried into it are read."""
    for small in invoice.carried_from:
        if small.status is InvoiceStatus.OPEN:
            yield small
            yield from _carried_open(small)


def invoices_follow(session: Session, tenant_id: int, period_end: date) -> bool:
    """Whether the company holds a plan term past `period_end` (exclusive), so that a
    later month may bring another invoice."""
    after = vienna_midnight(period_end)
    later = session.scalar(
        select(PlanTerm.id)
        .where(
            PlanTerm.tenant_id == tenant_id,
            PlanTerm.ends_at.is_(None) | (PlanTerm.ends_at > after),
        )
        .limit(1)
    )
    return later is not None


def write_off(session: Session, invoice: Invoice, *, now: datetime) -> None:
    """`invoice` is below the minimum and no invoice follows: it, and what was carried
    into it, is not collected. Audited for staff with the VAT to correct (module docstring)."""
    written_off = [invoice, *_carried_open(invoice)]
    for row in written_off:
        row.status = InvoiceStatus.UNCOLLECTIBLE
    invoice.carried_forward_at = invoice.carried_forward_at or now
    vat_corrected = sum(row.tax_cents for row in written_off)
    record_audit(
        session=session,
        actor=None,
        action="invoice.written_off",
        entity_type="invoice",
        entity_id=invoice.id,
        tenant_id=invoice.tenant_id,
        after={
            "number": invoice.number,
            "amount_cents": invoice.amount_due_cents,
            "vat_corrected_cents": vat_corrected,
        },
    )


def write_off_stranded(*, session: Session, period_end: date, now: datetime) -> int:
    """In the invoice run for the month ending `period_end`, after `take_in_carried`: the
    invoices still waiting of companies that hold no plan term past it are written off,
    since no invoice will come to take them in. Returns how many."""
    waiting = session.scalars(
        select(Invoice)
        .where(
            Invoice.carried_forward_at.is_not(None),
            Invoice.carried_to_invoice_id.is_(None),
            Invoice.status == InvoiceStatus.OPEN,
            Invoice.period_end <= period_end,
        )
        .order_by(Invoice.id)
    ).all()
    stranded = [
        invoice
        for invoice in waiting
        if not invoices_follow(session, invoice.tenant_id, period_end)
    ]
    for invoice in stranded:
        write_off(session, invoice, now=now)
    session.flush()
    return len(stranded)
