"""Billing run speed: one month's invoice run over many usage events, then the Stripe sync.

    .venv/bin/python bench/billing_run.py [--events 10000000] [--tenants 1000]
                                          [--stripe-invoices N] [--rate 25]

Creates a scratch PostgreSQL database (migrated with the real Alembic history), loads the
tenants, a number for each (half of them bought mid-month) and the usage events with COPY —
nine in ten inside the month, the rest just before and after it — and times the invoice run
for that month (services.invoice_run.run_invoices: one GROUP BY, then the invoice rows). Then a
local Stripe (`voiceagent local-stripe`) is started and the new invoices are synced to it
(services.stripe_invoices.sync_invoice) under the rate limit, and the database is dropped.
Target on the 2-core machine: the run under 20 s for 10,000,000 events and 1,000 tenants;
Stripe calls per second at or under the limit, at most 4 per invoice (customer, invoice,
its lines in one call, finalize). The last line is
`aggregate_s=A events_per_s=B stripe_calls_per_s=C stripe_calls_per_invoice=D`.
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from core.settings import Settings  # noqa: E402
from integrations.payments import LocalRateLimiter, StripePayments  # noqa: E402
from models import Invoice, InvoiceLine  # noqa: E402
from models.database import make_engine, make_session_factory  # noqa: E402
from models.migrate import upgrade  # noqa: E402
from models.scoping import staff_session  # noqa: E402
from services.billing import Period
from services.invoice_run import run_invoices  # noqa: E402
from services.seller import Seller  # noqa: E402
from services.stripe_invoices import sync_invoice  # noqa: E402

ADMIN_DSN = os.environ.get(
    "BENCH_POSTGRES_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
)
VOICEAGENT = Path(sys.executable).with_name("voiceagent")
PERIOD = Period.parse("2031-03")
STRIPE_KEY = "sk_test_voiceagent_bench"
SELLER = Seller.from_settings(Settings())
COPY_CHUNK = 200_000


def load(dsn: str, *, tenants: int, events: int) -> None:
    """The plan, `tenants` tenants with a number each, and `events` call-seconds events."""
    with psycopg.connect(dsn) as db:
        plan_id = db.execute(
            "INSERT INTO price_plans (code, name, currency, monthly_fee_cents, included_minutes,"
            " per_minute_cents, number_monthly_fee_cents, is_active)"
            " VALUES ('bench', 'Bench', 'EUR', 2900, 100, 12, 500, true) RETURNING id"
        ).fetchone()[0]
        with db.cursor().copy(
            "COPY tenants (name, slug, status, locale, country, currency, price_plan_id,"
            " max_concurrent_calls) FROM STDIN"
        ) as copy:
            for n in range(tenants):
                locale = "de-AT" if n % 3 else "en-US"
                copy.write_row(
                    (f"Bench {n} GmbH", f"bench-{n}", "active", locale, "AT", "EUR", plan_id, 5)
                )
        tenant_ids = [row[0] for row in db.execute("SELECT id FROM tenants ORDER BY id")]
        # On the plan all along (the run bills the time inside each tenant's plan terms).
        db.execute(
            "INSERT INTO plan_terms (tenant_id, price_plan_id, starts_at)"
            " SELECT id, price_plan_id, '2000-01-01' FROM tenants"
        )
        with db.cursor().copy(
            "COPY phone_numbers (tenant_id, e164, provider, country, status, created_at) FROM STDIN"
        ) as copy:
            for n, tenant_id in enumerate(tenant_ids):
                bought = PERIOD.starts_at + timedelta(days=15 if n % 2 else -40)
                copy.write_row((tenant_id, f"+4319999{n:05d}", "local", "AT", "active", bought))
        db.commit()
        _copy_usage(db, tenant_ids, events)
        db.execute("ANALYZE")


def _copy_usage(db: psycopg.Connection, tenant_ids: list[int], events: int) -> None:
    """Events spread over the month and a few days either side, written as COPY text in big
    chunks (write_row per event would take most of the benchmark's time)."""
    first = PERIOD.starts_at - timedelta(days=2)
    span = int((PERIOD.ends_at - PERIOD.starts_at).total_seconds()) + 4 * 86400
    step = span / events
    count = len(tenant_ids)
    with db.cursor().copy(
        "COPY usage_events (tenant_id, kind, quantity, occurred_at, idempotency_key) FROM STDIN"
    ) as copy:
        for start in range(0, events, COPY_CHUNK):
            out = io.StringIO()
            for i in range(start, min(events, start + COPY_CHUNK)):
                when = first + timedelta(seconds=int(i * step))
                out.write(
                    f"{tenant_ids[i * 7919 % count]}\tcall_seconds\t{10 + i % 290}\t"
                    f"{when.isoformat()}\tbench:{i}\n"
                )
            copy.write(out.getvalue())
    db.commit()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_local_stripe(port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRIPE_")}
    env.update(ENV="development", LOG_LEVEL="WARNING")
    process = subprocess.Popen(  # noqa: S603 (our own script, fixed arguments)
        [str(VOICEAGENT), "local-stripe", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the local Stripe did not start") from None
            time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--tenants", type=int, default=1_000)
    parser.add_argument(
        "--stripe-invoices", type=int, default=None, help="sync only this many (default: all)"
    )
    parser.add_argument("--rate", type=float, default=25.0, help="Stripe requests per second")
    args = parser.parse_args()

    name = f"voiceagent_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    dsn = f"{ADMIN_DSN.rsplit('/', 1)[0]}/{name}"
    url = dsn.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = make_engine(url)
    stripe = None
    try:
        upgrade(database_url=url)
        t0 = time.perf_counter()
        load(dsn, tenants=args.tenants, events=args.events)
        print(
            f"loaded {args.tenants} tenants and {args.events} events in "
            f"{time.perf_counter() - t0:.1f} s",
            flush=True,
        )
        factory = make_session_factory(engine)

        started = time.perf_counter()
        with staff_session(factory) as session, session.begin():
            result = run_invoices(session=session, period=PERIOD, seller=SELLER)
        aggregate_s = time.perf_counter() - started
        with staff_session(factory) as session:
            lines = session.scalar(select(func.count()).select_from(InvoiceLine))
            total = session.scalar(select(func.sum(Invoice.total_cents)))
        print(
            f"invoice run: {result.created} invoices, {lines} lines, "
            f"{total / 100:,.2f} EUR in {aggregate_s:.2f} s",
            flush=True,
        )
        with staff_session(factory) as session, session.begin():
            again = run_invoices(session=session, period=PERIOD, seller=SELLER)
        print(f"rerun: {again.created} created, {again.skipped} skipped", flush=True)

        port = free_port()
        stripe = start_local_stripe(port)
        payments = StripePayments(
            STRIPE_KEY, api_base=f"http://127.0.0.1:{port}", limiter=LocalRateLimiter(args.rate)
        )
        to_sync = result.invoice_ids[: args.stripe_invoices]
        started = time.perf_counter()
        for invoice_id in to_sync:
            sync_invoice(session_factory=factory, invoice_id=invoice_id, payments=payments)
        sync_s = time.perf_counter() - started
        calls_per_s = payments.calls / sync_s if sync_s else 0.0
        calls_per_invoice = payments.calls / len(to_sync) if to_sync else 0.0
        print(
            f"stripe sync: {len(to_sync)} invoices, {payments.calls} calls in {sync_s:.1f} s "
            f"(limit {args.rate:g}/s)",
            flush=True,
        )
    finally:
        if stripe is not None:
            stripe.send_signal(signal.SIGINT)
            stripe.wait(timeout=10)
        engine.dispose()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    print(
        f"aggregate_s={aggregate_s:.2f} events_per_s={int(args.events / aggregate_s)} "
        f"stripe_calls_per_s={calls_per_s:.1f} stripe_calls_per_invoice={calls_per_invoice:.2f}"
    )


if __name__ == "__main__":
    main()
