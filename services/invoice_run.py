"""The monthly invoice run: each tenant's bill for the month (services.billing) written as
an Invoice with its lines, numbered, once.

A tenant that already has an invoice for the period is skipped, so running the same period
again changes nothing. Our invoice is the source of truth; Stripe's copy collects the money
(services.stripe_invoices, run as one job per invoice after the run). Amounts below Stripe's
minimum charge are carried into the next invoice or written off (services.minimum_charge).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Invoice, InvoiceLine, InvoiceStatus, User
from models.base import utcnow
from services.audit import record_audit
from services.billing import Bill, Period, bills
from services.invoice_numbers import next_invoice_numbers
from services.job_requests import request_job
from services.minimum_charge import take_in_carried, write_off_stranded
from services.seller import Seller

PAYMENT_TERMS = timedelta(days=14)
INVOICE_RUN_JOB = "jobs.billing.invoice_run"


@dataclass(frozen=True)
class RunResult:
    created: int
    skipped: int
    invoice_ids: list[int]


def request_invoice_run(
    *, session: Session, period: Period, actor: User, ip_address: str | None = None
) -> None:
    """Staff ask for `period`'s invoice run on the billing queue (the cron runs it on the
    1st): it is enqueued as the caller's transaction commits, once while it is waiting or
    running; a rerun changes nothing for tenants invoiced already."""
    month = f"{period.start:%Y-%m}"
    request_job(session, name=INVOICE_RUN_JOB, argument=month)
    record_audit(
        session=session,
        actor=actor,
        action="invoice_run.requested",
        entity_type="Invoice",
        after={"period": month},
        ip_address=ip_address,
    )


def run_invoices(*, session: Session, period: Period, seller: Seller) -> RunResult:
    """Invoice every tenant with a price plan for `period`. Needs a staff session; the caller
    commits. Tenants invoiced for the period already are skipped, and so are those that owe
    nothing for it (no line: say, a sign-up whose trial filled the month without a number).
    The invoices get the next numbers of the issue year in tenant order
    (services.invoice_numbers), and the year's series stays locked until the caller's
    transaction ends. Each invoice keeps `seller` and its customer's billing details as
    they are now."""
    invoiced = set(
        session.scalars(
            select(Invoice.tenant_id).where(
                Invoice.period_start == period.start, Invoice.period_end == period.end
            )
        )
    )
    issued_at = utcnow()
    new = [
        bill
        for bill in bills(session=session, period=period)
        if bill.tenant_id not in invoiced and bill.priced.lines
    ]
    numbers = next_invoice_numbers(session=session, issued_at=issued_at, count=len(new))
    invoices = [
        invoice_for(bill, period=period, number=number, issued_at=issued_at, seller=seller)
        for number, bill in zip(numbers, new, strict=True)
    ]
    session.add_all(invoices)
    session.flush()
    take_in_carried(session=session, invoices=invoices)
    write_off_stranded(session=session, period_end=period.end, now=issued_at)
    return RunResult(len(invoices), len(invoiced), [invoice.id for invoice in invoices])


def invoice_for(
    bill: Bill, *, period: Period, number: str, issued_at: datetime, seller: Seller
) -> Invoice:
    """The draft invoice for `bill`, not yet added to the session: what the invoice run
    stores (and the demo loader, for months gone by)."""
    priced, tenant_id = bill.priced, bill.tenant_id
    return Invoice(
        tenant_id=tenant_id,
        number=number,
        period_start=period.start,
        period_end=period.end,
        status=InvoiceStatus.DRAFT,
        currency=bill.currency,
        subtotal_cents=priced.subtotal_cents,
        tax_rate_bp=priced.tax_rate_bp,
        tax_cents=priced.tax_cents,
        total_cents=priced.total_cents,
        reverse_charge=bill.reverse_charge,
        seller_details=seller.details(),
        customer_details=bill.customer_details,
        issued_at=issued_at,
        due_at=issued_at + PAYMENT_TERMS,
        lines=[
            InvoiceLine(
                tenant_id=tenant_id,
                position=position,
                kind=line.kind,
                description=line.description,
                quantity=line.quantity,
                unit_amount_cents=line.unit_amount_cents,
                amount_cents=line.amount_cents,
            )
            for position, line in enumerate(priced.lines, start=1)
        ],
    )
