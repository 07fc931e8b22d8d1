"""Redis restarted (a throwaway redis-server of the test's own, without persistence):

- under a live call: the call goes on, its slot comes back at its next heartbeat, so the
  tenant's concurrent-call limit holds again — a second call is turned away as busy — and
  the call is recorded and closed;
- with work queued: the queues are empty afterwards, and the dispatchers (the cron's) put
  the work back from the database rows it was about — a provisioning request and an
  invoice's Stripe sync — which a real worker then carries out, once.

What else a restart loses is in README ("What a Redis restart loses")."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator

import httpx
import pytest
import redis
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from core.settings import Settings
from integrations.dialogue.phrases import phrase
from jobs import BILLING, PROVISIONING, enqueue_invoice_sync, enqueue_provisioning
from jobs.billing import dispatch_invoice_sync
from jobs.provisioning import dispatch_provisioning
from jobs.queues import queue
from models import (
    BotLanguage,
    BotStatus,
    CallOutcome,
    Invoice,
    InvoiceStatus,
    PricePlan,
    ProvisioningJob,
    ProvisioningStatus,
    Speaker,
)
from models.database import make_session_factory
from services.billing import Period
from services.call_slots import CallSlots
from services.invoice_run import run_invoices
from tests.billing.conftest import STRIPE_KEY
from tests.factories import SELLER, Factory
from tests.faults.conftest import until, until_closed
from tests.faults.throwaway_redis import ThrowawayRedis
from tests.faults.voice_process import VoiceProcess
from tests.jobs.conftest import wait_until
from tests.voice_runtime.conftest import FAQ, speech
from voice_runtime.signatures import DEV_TWILIO_AUTH_TOKEN
from voice_runtime.simulated_twilio import CallerConfig, post_voice_webhook
from voice_runtime.simulator import SimulatedCall


@pytest.fixture
def redis_server() -> Iterator[ThrowawayRedis]:
    server = ThrowawayRedis()
    yield server
    server.stop()


async def test_the_call_limit_heals_after_a_redis_restart(
    committed: Session,
    make_committed: Factory,
    engine: Engine,
    database_url: str,
    redis_server: ThrowawayRedis,
    start_runtime: Callable[..., VoiceProcess],
) -> None:
    tenant = make_committed.tenant(max_concurrent_calls=1)
    bot = make_committed.bot(
        tenant, status=BotStatus.LIVE, language=BotLanguage.EN_US, greeting="Hello.", faq=FAQ
    )
    number = make_committed.phone_number(tenant, bot).e164
    committed.commit()
    runtime = start_runtime(DATABASE_URL=database_url, REDIS_URL=redis_server.url)
    client = redis.Redis.from_url(redis_server.url)
    slots = CallSlots(client)
    caller = CallerConfig(runtime.url, runtime.url, DEV_TWILIO_AUTH_TOKEN)
    factory = make_session_factory(engine)

    async with SimulatedCall.dial(caller, to_number=number) as call:
        await call.wait_for_bot_quiet()
        sid = call.call_sid
        assert slots.live_calls(tenant_id=tenant.id) == 1
        client.set("before-the-restart", 1)

        redis_server.restart()
        assert client.get("before-the-restart") is None  # the restart lost what Redis held
        await until(lambda: slots.live_calls(tenant_id=tenant.id) == 1, "the slot to come back")
        async with httpx.AsyncClient(timeout=10) as http:
            twiml = await post_voice_webhook(
                caller, to_number=number, call_sid="CA" + secrets.token_hex(16), client=http
            )
        assert phrase("busy", "en-US") in twiml  # the limit of one holds again

        turn = await call.say(await speech("What are your opening hours?"))
        assert turn.latency_ms is not None  # the call went on

    row, turns, _ = await until_closed(factory, sid)
    assert row.outcome == CallOutcome.CALLER_HUNG_UP
    assert [t.speaker for t in turns] == [Speaker.BOT, Speaker.CALLER, Speaker.BOT]
    assert slots.live_calls(tenant_id=tenant.id) == 0
    client.close()


def test_queued_work_is_dispatched_again_after_a_redis_restart(
    committed: Session,
    make_committed: Factory,
    committed_plan: PricePlan,
    database_url: str,
    worker_settings: Settings,
    start_worker,
    local_stripe: str,
    redis_server: ThrowawayRedis,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tenant = make_committed.tenant(price_plan_id=committed_plan.id)
    bot = make_committed.bot(tenant, status=BotStatus.PROVISIONING)
    request = make_committed.provisioning_job(tenant, bot_id=bot.id)
    committed.commit()
    run_invoices(session=committed, period=Period.parse("2033-07"), seller=SELLER)
    committed.commit()
    invoice = committed.scalars(select(Invoice).where(Invoice.tenant_id == tenant.id)).one()
    client = redis.Redis.from_url(redis_server.url)
    enqueue_provisioning(redis=client, settings=worker_settings, job_id=request.id)
    enqueue_invoice_sync(redis=client, settings=worker_settings, invoice_id=invoice.id)
    assert queue(PROVISIONING, client).count == 1 and queue(BILLING, client).count == 1

    redis_server.restart()
    assert queue(PROVISIONING, client).count == 0 and queue(BILLING, client).count == 0

    # The cron's dispatchers, run here at once, as they run in this environment.
    for name, value in {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_server.url,
        "JOB_RETRY_INTERVALS": worker_settings.job_retry_intervals,
    }.items():
        monkeypatch.setenv(name, value)
    assert dispatch_provisioning() == 1
    assert dispatch_invoice_sync() == 1
    start_worker(
        REDIS_URL=redis_server.url, STRIPE_API_BASE=local_stripe, STRIPE_SECRET_KEY=STRIPE_KEY
    )

    def done() -> bool:
        committed.expire_all()
        provisioned = committed.get_one(ProvisioningJob, request.id).status
        synced = committed.get_one(Invoice, invoice.id).status
        return provisioned is ProvisioningStatus.SUCCEEDED and synced is InvoiceStatus.OPEN

    wait_until(done, what="the re-dispatched work to be done")
    assert committed.get_one(ProvisioningJob, request.id).attempts == 1
    client.close()
