"""Billing jobs: the monthly invoice run, the Stripe sync of each invoice, and the hourly
dunning check (thin; see services.billing, services.stripe_invoices, services.stripe_webhooks).

The invoice run commits our invoices first, then enqueues one sync job per invoice (ids
only). A sync that fails is retried with back-off; one that gives up is in RQ's failed
registry and the audit log, its invoice stays a draft, and the hourly dispatcher tries again.
"""

from __future__ import annotations

import logging
from datetime import date

from integrations.payments import RedisRateLimiter, payments_from_settings
from jobs.context import job_context, will_retry
from jobs.queues import enqueue_invoice_run, enqueue_invoice_sync
from models.scoping import staff_session
from services.billing import Period
from services.invoice_run import run_invoices
from services.seller import Seller
from services.stripe_invoices import invoices_to_sync, record_sync_failure
from services.stripe_invoices import sync_invoice as sync_to_stripe
from services.stripe_webhooks import enforce_grace_period

log = logging.getLogger(__name__)


def invoice_run(period: str) -> dict[str, int]:
    """Invoice every tenant for `period` ("YYYY-MM"), then hand the new invoices to Stripe;
    running it again changes nothing."""
    with job_context() as ctx:
        with staff_session(ctx.session_factory) as session, session.begin():
            result = run_invoices(
                session=session,
                period=Period.parse(period),
                seller=Seller.from_settings(ctx.settings),
            )
        for invoice_id in result.invoice_ids:
            enqueue_invoice_sync(redis=ctx.redis, settings=ctx.settings, invoice_id=invoice_id)
        return {"created": result.created, "skipped": result.skipped}


def monthly_invoice_run() -> str | None:
    """The cron's entry on the 1st: put the run for the month that just ended on the queue as
    a job of its own, which is retried if its worker dies (a cron job is not, and the next
    one is a month away). Returns its RQ id, or None if that run is waiting or running."""
    with job_context() as ctx:
        period = f"{Period.previous(date.today()).start:%Y-%m}"
        job = enqueue_invoice_run(redis=ctx.redis, settings=ctx.settings, period=period)
        return job.id if job is not None else None


def sync_invoice(invoice_id: int) -> str:
    """Hand Invoice `invoice_id` to Stripe (customer, items, invoice, finalize)."""
    with job_context() as ctx:
        limiter = RedisRateLimiter(ctx.redis, ctx.settings.stripe_rate_limit_per_s)
        payments = payments_from_settings(ctx.settings, limiter=limiter)
        try:
            return sync_to_stripe(
                session_factory=ctx.session_factory, invoice_id=invoice_id, payments=payments
            )
        except Exception as error:
            retrying = will_retry()
            log.warning(
                "Stripe sync of invoice %s failed (retry: %s): %s", invoice_id, retrying, error
            )
            if not retrying:
                record_sync_failure(
                    session_factory=ctx.session_factory,
                    invoice_id=invoice_id,
                    error=f"{type(error).__name__}: {error}",
                )
            raise


def dispatch_invoice_sync() -> int:
    """Enqueue the sync of every invoice not in Stripe yet (hourly, from the cron): those whose
    enqueue after the run never happened, and those whose sync gave up. Returns how many."""
    with job_context() as ctx:
        with staff_session(ctx.session_factory) as session:
            invoice_ids = invoices_to_sync(session=session)
        enqueued = 0
        for invoice_id in invoice_ids:
            job = enqueue_invoice_sync(
                redis=ctx.redis, settings=ctx.settings, invoice_id=invoice_id
            )
            enqueued += job is not None
        return enqueued


def suspend_overdue_tenants() -> int:
    with job_context() as ctx, staff_session(ctx.session_factory) as session, session.begin():
        return enforce_grace_period(session=session, grace_days=ctx.settings.billing_grace_days)
