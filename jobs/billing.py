"""Billing jobs: the monthly invoice run and the hourly dunning check (thin; see
services.billing and services.stripe_webhooks)."""

from __future__ import annotations

from datetime import date

from jobs.context import job_context
from models.scoping import staff_session
from services.billing import Period, run_invoices
from services.stripe_webhooks import enforce_grace_period


def invoice_run(period: str) -> dict[str, int]:
    """Invoice every tenant for `period` ("YYYY-MM"); running it again changes nothing."""
    with job_context() as ctx, staff_session(ctx.session_factory) as session, session.begin():
        result = run_invoices(session=session, period=Period.parse(period))
        return {"created": result.created, "skipped": result.skipped}


def monthly_invoice_run() -> dict[str, int]:
    """The cron's entry on the 1st: invoice the month that just ended."""
    return invoice_run(f"{Period.previous(date.today()).start:%Y-%m}")


def suspend_overdue_tenants() -> int:
    with job_context() as ctx, staff_session(ctx.session_factory) as session, session.begin():
        return enforce_grace_period(session=session, grace_days=ctx.settings.billing_grace_days)
