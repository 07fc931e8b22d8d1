"""The process syncing an invoice to Stripe SIGKILLed in the middle (the local Stripe behind
a pass-through that holds one request): Stripe made the draft, the dead process never heard
back. Either the work horse of a real `voiceagent worker` dies and its worker retries the
job, or the whole worker dies and RQ's sweep in the next worker finds the job abandoned and
retries it — nobody enqueues it again. Either way the invoice ends in Stripe once, with its
total, and nothing is charged twice."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import stripe
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.settings import Settings
from jobs import enqueue_invoice_sync
from jobs.lost_worker import WORKER_LOST
from models import AuditEvent, Invoice, InvoiceStatus, PricePlan, Tenant
from services.billing import Period
from services.invoice_run import run_invoices
from tests.billing.conftest import STRIPE_KEY
from tests.factories import SELLER, Factory
from tests.faults.conftest import LOST_WORKER_ENV, RESUMED_WITHIN_S
from tests.faults.holding_stripe import HoldingProxy
from tests.jobs.conftest import kill_hard, wait_until

MONTH = "2033-05"


def work_horse(worker_pid: int) -> int:
    """The process running the job: RQ forks it into a process group of its own."""
    children = Path(f"/proc/{worker_pid}/task/{worker_pid}/children").read_text().split()
    [horse] = [int(pid) for pid in children if os.getpgid(int(pid)) == int(pid)]
    return horse


def _invoice(committed: Session, make_committed: Factory, plan: PricePlan) -> Invoice:
    tenant = make_committed.tenant(price_plan_id=plan.id)
    committed.commit()
    run_invoices(session=committed, period=Period.parse(MONTH), seller=SELLER)
    committed.commit()
    invoice = committed.scalar(select(Invoice).where(Invoice.tenant_id == tenant.id))
    assert invoice is not None and invoice.total_cents > 0
    return invoice


def _once_in_stripe(
    committed: Session, invoice: Invoice, stripe_client: stripe.StripeClient, timeout: float
) -> None:
    invoice_id, tenant_id = invoice.id, invoice.tenant_id

    def opened() -> Invoice | None:
        committed.expire_all()
        row = committed.get(Invoice, invoice_id)
        return row if row is not None and row.status is InvoiceStatus.OPEN else None

    synced = wait_until(opened, timeout=timeout, what="the retried sync to open the invoice")
    assert isinstance(synced, Invoice) and synced.stripe_invoice_id
    invoices = stripe_client.v1.invoices.list(
        params={"customer": committed.get_one(Tenant, tenant_id).stripe_customer_id, "limit": 100}
    ).data
    # One invoice: the draft the killed attempt made was found again, not made twice.
    assert [(i.id, i.total) for i in invoices] == [(synced.stripe_invoice_id, synced.total_cents)]


HeldSync = Callable[[Settings], tuple[Invoice, subprocess.Popen]]


def _worker_env(proxy: HoldingProxy) -> dict[str, str]:
    return {"STRIPE_API_BASE": proxy.url, "STRIPE_SECRET_KEY": STRIPE_KEY, **LOST_WORKER_ENV}


@pytest.fixture
def held_sync(
    committed: Session,
    make_committed: Factory,
    committed_plan: PricePlan,
    start_worker: Callable[..., subprocess.Popen],
    redis_client,
    proxy: HoldingProxy,
) -> HeldSync:
    """Starts a worker syncing a new invoice (under `settings`' retry policy) and returns
    the invoice and the worker once Stripe is asked to create the invoice (and held)."""

    def start(settings: Settings) -> tuple[Invoice, subprocess.Popen]:
        invoice = _invoice(committed, make_committed, committed_plan)
        worker = start_worker(**_worker_env(proxy))
        enqueue_invoice_sync(redis=redis_client, settings=settings, invoice_id=invoice.id)
        assert proxy.held.wait(timeout=30), "the sync never asked Stripe for the invoice"
        return invoice, worker

    return start


@pytest.mark.parametrize("whole_worker", [False, True], ids=["work horse", "whole worker"])
def test_a_sync_killed_midway_leaves_one_invoice_in_stripe(
    whole_worker: bool,
    committed: Session,
    start_worker: Callable[..., subprocess.Popen],
    worker_settings: Settings,
    proxy: HoldingProxy,
    held_sync: HeldSync,
    stripe_client: stripe.StripeClient,
) -> None:
    invoice, worker = held_sync(worker_settings)
    if whole_worker:
        kill_hard(worker)  # worker and work horse: RQ still says "started", nobody runs it
    else:
        os.kill(work_horse(worker.pid), signal.SIGKILL)  # its worker sees it die
    proxy.release.set()  # Stripe makes the draft; its answer goes nowhere
    if whole_worker:
        start_worker(**_worker_env(proxy))

    _once_in_stripe(committed, invoice, stripe_client, timeout=RESUMED_WITHIN_S)


def test_an_abandoned_sync_without_retries_left_is_in_the_audit_log(
    committed: Session,
    start_worker: Callable[..., subprocess.Popen],
    worker_settings: Settings,
    proxy: HoldingProxy,
    held_sync: HeldSync,
) -> None:
    no_retries = worker_settings.model_copy(update={"job_retry_intervals": ""})
    invoice, worker = held_sync(no_retries)
    kill_hard(worker)
    start_worker(**_worker_env(proxy))

    def recorded() -> AuditEvent | None:
        return committed.scalar(
            select(AuditEvent).where(
                AuditEvent.action == "invoice.stripe_sync_failed",
                AuditEvent.entity_id == str(invoice.id),
            )
        )

    event = wait_until(recorded, timeout=RESUMED_WITHIN_S, what="the audit event")
    assert isinstance(event, AuditEvent) and event.after == {"error": WORKER_LOST}
    committed.expire_all()
    assert (
        committed.get_one(Invoice, invoice.id).status is InvoiceStatus.DRAFT
    )  # for the dispatcher
