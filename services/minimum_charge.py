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
next invoice is carried again, with it. A company that never gets another invoice (it left)
owes the few cents it was shown; we do not chase them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Invoice, InvoiceStatus

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
    for small in invoice.carried_from:
        if small.status is InvoiceStatus.OPEN:
            small.status, small.paid_at = InvoiceStatus.PAID, when
            settle_carried(small, when=when)
