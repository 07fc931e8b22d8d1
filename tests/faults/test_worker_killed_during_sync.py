"""The process syncing an invoice to Stripe SIGKILLed in the middle (the work horse of a real
`voiceagent worker`; the local Stripe behind a pass-through that holds one request): Stripe
made the draft, the dead process never heard back. The worker retries the killed job; the
invoice ends in Stripe once, with its total, and nothing is charged twice."""

from __future__ import annotations

import http.server
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import stripe
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.settings import Settings
from jobs import enqueue_invoice_sync
from models import Invoice, InvoiceStatus, PricePlan, Tenant
from services.billing import Period, run_invoices
from tests.billing.conftest import STRIPE_KEY
from tests.factories import SELLER, Factory
from tests.jobs.conftest import wait_until

MONTH = "2033-05"


def work_horse(worker_pid: int) -> int:
    """The process running the job: RQ forks it into a process group of its own."""
    children = Path(f"/proc/{worker_pid}/task/{worker_pid}/children").read_text().split()
    [horse] = [int(pid) for pid in children if os.getpgid(int(pid)) == int(pid)]
    return horse


class HoldingProxy:
    """Passes every request to the local Stripe, except that the first POST that creates an
    invoice waits until `release` — then reaches Stripe, whose answer goes to a dead worker."""

    def __init__(self, upstream: str) -> None:
        self.held = threading.Event()
        self.release = threading.Event()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._forward()

            def do_POST(self) -> None:
                self._forward()

            def do_DELETE(self) -> None:
                self._forward()

            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                creates_invoice = self.command == "POST" and self.path == "/v1/invoices"
                if creates_invoice and not proxy.held.is_set():
                    proxy.held.set()
                    proxy.release.wait(timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                answer = httpx.request(
                    self.command, upstream + self.path, content=body, headers=headers
                )
                try:
                    self.send_response(answer.status_code)
                    for name in ("Content-Type", "Idempotency-Key", "Request-Id"):
                        if name in answer.headers:
                            self.send_header(name, answer.headers[name])
                    self.send_header("Content-Length", str(len(answer.content)))
                    self.end_headers()
                    self.wfile.write(answer.content)
                except OSError:  # the worker is gone
                    pass

            def log_message(self, *_args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(local_stripe: str) -> Iterator[HoldingProxy]:
    holding = HoldingProxy(local_stripe)
    yield holding
    holding.close()


def test_a_worker_killed_mid_sync_leaves_one_invoice_in_stripe(
    committed: Session,
    make_committed: Factory,
    committed_plan: PricePlan,
    start_worker,
    worker_settings: Settings,
    redis_client,
    proxy: HoldingProxy,
    stripe_client: stripe.StripeClient,
) -> None:
    tenant = make_committed.tenant(price_plan_id=committed_plan.id)
    committed.commit()
    run_invoices(session=committed, period=Period.parse(MONTH), seller=SELLER)
    committed.commit()
    invoice = committed.scalar(select(Invoice).where(Invoice.tenant_id == tenant.id))
    assert invoice is not None and invoice.total_cents > 0
    stripe_env = {"STRIPE_API_BASE": proxy.url, "STRIPE_SECRET_KEY": STRIPE_KEY}

    worker = start_worker(**stripe_env)
    enqueue_invoice_sync(redis=redis_client, settings=worker_settings, invoice_id=invoice.id)
    assert proxy.held.wait(timeout=30), "the sync never asked Stripe for the invoice"
    horse = work_horse(worker.pid)
    os.kill(horse, signal.SIGKILL)  # mid-sync: the customer exists, the draft is being made
    proxy.release.set()  # Stripe makes the draft; its answer goes nowhere

    def opened() -> Invoice | None:
        committed.expire_all()
        row = committed.get(Invoice, invoice.id)
        return row if row is not None and row.status is InvoiceStatus.OPEN else None

    synced = wait_until(opened, timeout=60, what="the retried sync to open the invoice")
    assert isinstance(synced, Invoice) and synced.stripe_invoice_id
    invoices = stripe_client.v1.invoices.list(
        params={"customer": committed.get(Tenant, tenant.id).stripe_customer_id, "limit": 100}
    ).data
    # One invoice: the draft the killed attempt made was found again, not made twice.
    assert [(i.id, i.total) for i in invoices] == [(synced.stripe_invoice_id, synced.total_cents)]
