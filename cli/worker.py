"""`voiceagent worker` (RQ worker with scheduler), `voiceagent cron` (RQ's cron scheduler)
and `voiceagent billing run|sync` (an invoice run, and the Stripe sync, on demand)."""

from __future__ import annotations

import importlib
import os
import time

import click

from core.settings import Settings

JOB_MODULES = ("jobs.provisioning", "jobs.billing", "jobs.email")


@click.command()
@click.option("--burst", is_flag=True, help="Stop once the queues are empty.")
@click.pass_obj
def worker(settings: Settings, burst: bool) -> None:
    """Run jobs from the provisioning, billing and default queues."""
    from rq.serializers import JSONSerializer

    from jobs.queues import QUEUE_NAMES, queue, redis_from_settings
    from jobs.worker import Worker

    # Loaded here, in the parent, so each forked work horse starts with them imported.
    for module in JOB_MODULES:
        importlib.import_module(module)
    redis = redis_from_settings(settings)
    queues = [queue(name, redis) for name in QUEUE_NAMES]
    # No metrics port: each job's duration and result go to Redis, and the portal's /metrics
    # exports them (jobs/metrics.py) — Heroku routes nothing to a worker dyno.
    rq_worker = Worker(
        queues,
        connection=redis,
        serializer=JSONSerializer,
        lost_after_s=settings.job_lost_after_s,
    )
    # with_scheduler: retries with back-off and enqueue_in/at are moved onto their queue
    # (by this worker, or by whichever worker holds each queue's scheduler lock).
    rq_worker.work(burst=burst, with_scheduler=True, logging_level=settings.log_level)


@click.command()
@click.pass_obj
def cron(settings: Settings) -> None:
    """Enqueue the scheduled jobs of jobs/cron.py when they are due."""
    from jobs.queues import redis_from_settings
    from jobs.schedule import cron_scheduler

    # RQ reads cron expressions in the process's local time: make that Vienna's, so "02:00"
    # stays 02:00 across daylight saving time.
    os.environ["TZ"] = "Europe/Vienna"
    time.tzset()
    cron_scheduler(redis_from_settings(settings)).start()


@click.group()
def billing() -> None:
    """Invoices."""


@billing.command("run")
@click.option("--period", required=True, help="The month to invoice, as YYYY-MM.")
@click.pass_obj
def billing_run(settings: Settings, period: str) -> None:
    """Invoice every tenant for a month, now (tenants invoiced already are skipped)."""
    from models.database import make_engine, make_session_factory
    from models.scoping import staff_session
    from services.billing import Period
    from services.invoice_run import run_invoices
    from services.seller import Seller

    try:
        month = Period.parse(period)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--period") from None
    engine = make_engine(settings.database_url)
    try:
        with staff_session(make_session_factory(engine)) as session, session.begin():
            result = run_invoices(
                session=session, period=month, seller=Seller.from_settings(settings)
            )
    finally:
        engine.dispose()
    click.echo(f"{period}: {result.created} invoices created, {result.skipped} existed already.")
    if settings.redis_url is None:
        click.echo("REDIS_URL is not set: `voiceagent billing sync` hands them to Stripe.")
        return
    from jobs.queues import enqueue_invoice_sync, redis_from_settings

    redis = redis_from_settings(settings)
    for invoice_id in result.invoice_ids:
        enqueue_invoice_sync(redis=redis, settings=settings, invoice_id=invoice_id)
    click.echo(f"{len(result.invoice_ids)} Stripe syncs queued for the worker.")


@billing.command("sync")
@click.pass_obj
def billing_sync(settings: Settings) -> None:
    """Hand every invoice not in Stripe yet to Stripe, now, in this process."""
    from integrations.payments import LocalRateLimiter, PaymentsError, payments_from_settings
    from models.database import make_engine, make_session_factory
    from models.scoping import staff_session
    from services.errors import DomainError
    from services.platform_keys import with_platform_keys
    from services.stripe_invoices import invoices_to_sync, sync_invoice

    engine = make_engine(settings.database_url)
    failed = 0
    try:
        factory = make_session_factory(engine)
        payments = payments_from_settings(
            with_platform_keys(settings, factory),
            limiter=LocalRateLimiter(settings.stripe_rate_limit_per_s),
        )
        with staff_session(factory) as session:
            invoice_ids = invoices_to_sync(session=session)
        for invoice_id in invoice_ids:
            try:
                sync_invoice(session_factory=factory, invoice_id=invoice_id, payments=payments)
            except (PaymentsError, DomainError) as error:
                failed += 1
                click.echo(f"invoice {invoice_id}: {error}", err=True)
    finally:
        engine.dispose()
    click.echo(f"{len(invoice_ids) - failed} invoices in Stripe, {failed} failed.")
    if failed:
        raise SystemExit(1)
