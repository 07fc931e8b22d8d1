"""Invoices carried below Stripe's minimum (services.minimum_charge): paying or writing off
the last one reaches every invoice carried into it, and a write-off names the VAT to
correct (§ 16 (3) UStG), that of every invoice not collected."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Invoice, InvoiceStatus, Tenant
from services.minimum_charge import settle_carried, write_off
from tests.factories import Factory

NOW = datetime(2026, 12, 1, 6, tzinfo=UTC)


def _chain(make: Factory, tenant: Tenant) -> tuple[Invoice, Invoice, Invoice]:
    """0,16 € carried into an invoice of 0,12 € (0,28 € due), carried into one of 0,10 €:
    0,38 € due on the last, each invoice with its own VAT."""
    open_ = {"status": InvoiceStatus.OPEN, "carried_forward_at": NOW}
    first = make.invoice(tenant, subtotal_cents=13, tax_cents=3, total_cents=16, **open_)
    second = make.invoice(tenant, subtotal_cents=10, tax_cents=2, total_cents=12, **open_)
    last = make.invoice(tenant, subtotal_cents=8, tax_cents=2, total_cents=10, **open_)
    first.carried_to, second.carried_in_cents = second, 16
    second.carried_to, last.carried_in_cents = last, 28
    make.session.flush()
    make.session.expire_all()  # carried_from read fresh, as a later transaction would
    return first, second, last


def test_a_write_off_corrects_the_vat_of_every_invoice_not_collected(
    staff_db: Session, make: Factory
) -> None:
    tenant = make.tenant()
    chain = _chain(make, tenant)
    last = chain[-1]
    assert last.amount_due_cents == 38

    write_off(staff_db, last, now=NOW)

    assert [invoice.status for invoice in chain] == [InvoiceStatus.UNCOLLECTIBLE] * 3
    audit = staff_db.scalars(
        select(AuditEvent.after).where(
            AuditEvent.tenant_id == tenant.id, AuditEvent.action == "invoice.written_off"
        )
    ).all()
    assert audit == [{"number": last.number, "amount_cents": 38, "vat_corrected_cents": 7}]


def test_paying_the_last_invoice_pays_every_invoice_carried_into_it(
    staff_db: Session, make: Factory
) -> None:
    chain = _chain(make, make.tenant())
    chain[-1].status = InvoiceStatus.PAID

    settle_carried(chain[-1], when=NOW)

    assert [(invoice.status, invoice.paid_at) for invoice in chain[:2]] == [
        (InvoiceStatus.PAID, NOW)
    ] * 2
