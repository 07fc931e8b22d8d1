"""Austrian numbers from Twilio through a real `voiceagent worker`: the real twilio SDK
against the local stand-in (cli/local_twilio.py), which refuses an Austrian purchase
without its regulatory bundle and Address as Twilio does. A missing or refused bundle or
address fails the job at once, with the reason kept for staff and the customer's page.
The platform's Twilio account stored in the back office wins over the environment's; a
tenant that brought its own account has its numbers bought and released in it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from subprocess import Popen

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cli.local_twilio import LocalTwilio, running
from core.encryption import CredentialCipher
from core.settings import Settings
from jobs import enqueue_provisioning
from models import (
    ApiKey,
    AuditEvent,
    Bot,
    BotStatus,
    PhoneNumber,
    PhoneNumberStatus,
    ProvisioningJob,
    ProvisioningKind,
    ProvisioningStatus,
    Role,
    Tenant,
)
from services.number_moves import numbers_in_platform_account, replace_in_own_account
from services.number_requests import request_number, request_release
from tests.factories import Factory
from tests.jobs.conftest import wait_until

SID, TOKEN = "AC" + "e" * 32, "worker-twilio-token"
OWN_SID, OWN_TOKEN = "AC" + "d" * 32, "tenant-own-twilio-token"
ENV_TOKEN = "environment-token-twilio-refuses"
TENANT_BUNDLE, PLATFORM_BUNDLE = "BU" + "1" * 32, "BU" + "2" * 32
ADDRESS = {"billing_street": "Neubaugasse 2", "billing_postal_code": "1070", "billing_city": "Wien"}


@pytest.fixture
def twilio() -> Iterator[LocalTwilio]:
    with running(LocalTwilio(account_sid=SID, auth_token=TOKEN)) as server:
        server.available = ["+43160001234"]
        yield server


@pytest.fixture
def start_twilio_worker(
    start_worker: Callable[..., Popen], twilio: LocalTwilio
) -> Callable[..., Popen]:
    def start(**env: str) -> Popen:
        account = {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN}
        return start_worker(
            TELEPHONY_PROVIDER="twilio", TWILIO_API_BASE_URL=twilio.url, **(account | env)
        )

    return start


@pytest.fixture
def provision(
    committed: Session, make_committed: Factory, worker_settings: Settings, redis_client
) -> Callable[..., tuple[Bot, ProvisioningJob]]:
    """A new bot of a new tenant (with these columns), its number requested and enqueued."""

    def request(**tenant: object) -> tuple[Bot, ProvisioningJob]:
        bot = make_committed.bot(make_committed.tenant(name="Salon Anna GmbH", **tenant))
        job = request_number(session=committed, bot=bot)
        committed.commit()
        enqueue_provisioning(redis=redis_client, settings=worker_settings, job_id=job.id)
        return bot, job

    return request


def _finished(session: Session, job_id: int) -> ProvisioningJob | None:
    session.expire_all()
    job = session.get_one(ProvisioningJob, job_id)
    done = (ProvisioningStatus.SUCCEEDED, ProvisioningStatus.FAILED)
    return job if job.status in done else None


def _purchases(twilio: LocalTwilio) -> list[dict]:
    return [
        r
        for r in twilio.requests
        if r["method"] == "POST" and r["path"].endswith("/IncomingPhoneNumbers.json")
    ]


def test_the_number_is_bought_with_the_business_address_and_the_tenants_bundle(
    committed: Session, provision, start_twilio_worker, twilio: LocalTwilio
) -> None:
    start_twilio_worker(TWILIO_BUNDLE_SID=PLATFORM_BUNDLE)
    bot, job = provision(twilio_bundle_sid=TENANT_BUNDLE, **ADDRESS)

    done = wait_until(lambda: _finished(committed, job.id), what="the job")

    assert done.status is ProvisioningStatus.SUCCEEDED, done.last_error
    [address] = twilio.addresses.values()
    assert (address["customer_name"], address["street"], address["postal_code"]) == (
        "Salon Anna GmbH",
        "Neubaugasse 2",
        "1070",
    )
    assert (address["city"], address["iso_country"]) == ("Wien", "AT")
    [purchase] = _purchases(twilio)
    assert purchase["form"]["AddressSid"] == [address["sid"]]
    assert purchase["form"]["BundleSid"] == [TENANT_BUNDLE]
    assert committed.get_one(Bot, bot.id).status is BotStatus.LIVE


def test_the_platforms_bundle_serves_a_tenant_without_its_own(
    committed: Session, provision, start_twilio_worker, twilio: LocalTwilio
) -> None:
    start_twilio_worker(TWILIO_BUNDLE_SID=PLATFORM_BUNDLE)
    _, job = provision(**ADDRESS)

    done = wait_until(lambda: _finished(committed, job.id), what="the job")

    assert done.status is ProvisioningStatus.SUCCEEDED, done.last_error
    [purchase] = _purchases(twilio)
    assert purchase["form"]["BundleSid"] == [PLATFORM_BUNDLE]


def test_what_is_missing_or_refused_fails_the_job_at_once_with_the_reason(
    committed: Session, provision, start_twilio_worker, twilio: LocalTwilio
) -> None:
    twilio.approved_bundles = {TENANT_BUNDLE}
    start_twilio_worker()  # no platform bundle
    cases = {
        "address_missing": {"twilio_bundle_sid": TENANT_BUNDLE},
        "bundle_missing": ADDRESS,
        "bundle_refused": {"twilio_bundle_sid": "BU" + "9" * 32, **ADDRESS},
    }
    jobs = {reason: provision(**tenant) for reason, tenant in cases.items()}

    for reason, (bot, job) in jobs.items():
        done = wait_until(lambda j=job: _finished(committed, j.id), what=reason)
        assert done.status is ProvisioningStatus.FAILED
        assert done.failure_reason == reason
        assert done.attempts == 1  # no back-off: nothing changes until someone acts
        assert committed.get_one(Bot, bot.id).status is BotStatus.FAILED
    missing_address = committed.get_one(ProvisioningJob, jobs["address_missing"][1].id)
    assert "business address" in missing_address.last_error
    missing_bundle = committed.get_one(ProvisioningJob, jobs["bundle_missing"][1].id)
    assert "regulatory bundle" in missing_bundle.last_error
    refused = committed.get_one(ProvisioningJob, jobs["bundle_refused"][1].id).last_error
    assert "code 21649" in refused and SID not in refused and TOKEN not in refused
    # Only the refused bundle reached Twilio's purchase; the others stopped before it.
    assert len(_purchases(twilio)) == 1 and twilio.incoming == {}


def test_a_customer_who_enters_the_address_and_resumes_gets_the_number(
    committed: Session,
    provision,
    start_twilio_worker,
    worker_settings: Settings,
    redis_client,
) -> None:
    start_twilio_worker(TWILIO_BUNDLE_SID=PLATFORM_BUNDLE)
    bot, job = provision()
    wait_until(lambda: _finished(committed, job.id), what="the failure")

    tenant = committed.get_one(Tenant, bot.tenant_id)
    for column, value in ADDRESS.items():
        setattr(tenant, column, value)
    again = request_number(session=committed, bot=committed.get_one(Bot, bot.id))
    committed.commit()
    enqueue_provisioning(redis=redis_client, settings=worker_settings, job_id=again.id)

    done = wait_until(lambda: _finished(committed, again.id), what="the second job")
    assert done.status is ProvisioningStatus.SUCCEEDED, done.last_error
    assert committed.get_one(Bot, bot.id).status is BotStatus.LIVE


@pytest.fixture
def store_platform_twilio(
    committed: Session, make_committed: Factory, worker_settings: Settings
) -> Iterator[Callable[[str], None]]:
    """Stores the stand-in's account as the platform's, with this token, in the back office's
    credentials; deletes the platform's credentials afterwards (they belong to no tenant)."""

    def store(token: str) -> None:
        make_committed.twilio_account(None, SID, token, settings=worker_settings)
        committed.commit()

    yield store
    committed.rollback()
    committed.execute(delete(ApiKey).where(ApiKey.tenant_id.is_(None)))
    # Storing them was audited as the platform's, which no tenant's deletion takes along.
    committed.execute(
        delete(AuditEvent).where(AuditEvent.tenant_id.is_(None), AuditEvent.entity_type == "ApiKey")
    )
    committed.commit()


def test_the_platform_account_stored_in_the_back_office_wins_over_the_environment(
    committed: Session, provision, start_twilio_worker, twilio: LocalTwilio, store_platform_twilio
) -> None:
    store_platform_twilio(TOKEN)
    # The environment's token is one the stand-in refuses: only the stored one gets through.
    start_twilio_worker(TWILIO_AUTH_TOKEN=ENV_TOKEN, TWILIO_BUNDLE_SID=PLATFORM_BUNDLE)
    _, job = provision(**ADDRESS)

    done = wait_until(lambda: _finished(committed, job.id), what="the job")

    assert done.status is ProvisioningStatus.SUCCEEDED, done.last_error
    assert {r["account"] for r in twilio.requests} == {SID}


def test_a_stored_token_twilio_refuses_shows_nowhere(
    committed: Session, provision, start_twilio_worker, store_platform_twilio, tmp_path: Path
) -> None:
    stored = "stored-token-twilio-refuses-7f3a"
    store_platform_twilio(stored)
    start_twilio_worker(TWILIO_BUNDLE_SID=PLATFORM_BUNDLE, LOG_LEVEL="DEBUG")
    _, job = provision(**ADDRESS)

    done = wait_until(lambda: _finished(committed, job.id), what="the failure")

    assert done.status is ProvisioningStatus.FAILED
    assert "401 (code 20003)" in done.last_error
    worker_log = "".join(log.read_text() for log in tmp_path.glob("worker-*.log"))
    assert "401" in worker_log  # the failure is logged …
    for secret in (stored, TOKEN, ENV_TOKEN):  # … and no token with it
        assert secret not in worker_log and secret not in done.last_error


def test_a_tenant_with_its_own_account_buys_and_releases_its_number_there(
    committed: Session,
    make_committed: Factory,
    provision,
    start_twilio_worker,
    worker_settings: Settings,
    twilio: LocalTwilio,
    redis_client,
) -> None:
    bot, job = provision(**ADDRESS)
    # The stand-in knows only the tenant's account: the platform's would be refused.
    make_committed.twilio_account(
        committed.get_one(Tenant, bot.tenant_id), SID, TOKEN, settings=worker_settings
    )
    committed.commit()
    start_twilio_worker(
        TWILIO_ACCOUNT_SID="AC" + "f" * 32,
        TWILIO_AUTH_TOKEN=ENV_TOKEN,
        TWILIO_BUNDLE_SID=PLATFORM_BUNDLE,
    )

    done = wait_until(lambda: _finished(committed, job.id), what="the purchase")
    assert done.status is ProvisioningStatus.SUCCEEDED, done.last_error
    [number] = committed.scalars(select(PhoneNumber).where(PhoneNumber.bot_id == bot.id))
    assert number.provider_account == SID

    bot = committed.get_one(Bot, bot.id)
    bot.status = BotStatus.DELETED
    release = request_release(session=committed, bot=bot)
    committed.commit()
    enqueue_provisioning(redis=redis_client, settings=worker_settings, job_id=release.id)

    released = wait_until(lambda: _finished(committed, release.id), what="the release")
    assert released.status is ProvisioningStatus.SUCCEEDED, released.last_error
    assert twilio.incoming == {}
    assert {r["account"] for r in twilio.requests} == {SID}


def test_a_number_from_before_the_own_account_is_replaced_there_and_the_old_one_released(
    committed: Session,
    make_committed: Factory,
    provision,
    start_twilio_worker,
    worker_settings: Settings,
    twilio: LocalTwilio,
    redis_client,
) -> None:
    # Bought in the platform's account (SID), before the tenant brought its own.
    twilio.accounts[OWN_SID] = OWN_TOKEN
    start_twilio_worker(TWILIO_BUNDLE_SID=PLATFORM_BUNDLE)
    bot, job = provision(**ADDRESS)
    assert wait_until(lambda: _finished(committed, job.id), what="the purchase").status is (
        ProvisioningStatus.SUCCEEDED
    )
    tenant = committed.get_one(Tenant, bot.tenant_id)
    cipher = CredentialCipher.from_settings(worker_settings)
    assert numbers_in_platform_account(session=committed, cipher=cipher, tenant_id=tenant.id) == []
    make_committed.twilio_account(tenant, OWN_SID, OWN_TOKEN, settings=worker_settings)
    admin = make_committed.user(tenant, role=Role.CUSTOMER_ADMIN)
    committed.commit()
    [old] = numbers_in_platform_account(session=committed, cipher=cipher, tenant_id=tenant.id)
    assert (old.e164, old.replacement_requested) == ("+43160001234", False)
    twilio.available = ["+43160005678"]  # what Twilio offers now

    replacement = replace_in_own_account(
        session=committed, cipher=cipher, number_id=old.number_id, actor=admin
    )
    again = replace_in_own_account(
        session=committed, cipher=cipher, number_id=old.number_id, actor=admin
    )
    assert again.id == replacement.id  # asking twice buys one
    committed.commit()
    enqueue_provisioning(redis=redis_client, settings=worker_settings, job_id=replacement.id)
    bought = wait_until(lambda: _finished(committed, replacement.id), what="the replacement")
    assert bought.status is ProvisioningStatus.SUCCEEDED, bought.last_error

    # The old number's release, as the dispatcher enqueues it within a minute.
    release = committed.scalars(
        select(ProvisioningJob).where(
            ProvisioningJob.phone_number_id == old.number_id,
            ProvisioningJob.kind == ProvisioningKind.RELEASE_NUMBER,
        )
    ).one()
    enqueue_provisioning(redis=redis_client, settings=worker_settings, job_id=release.id)
    released = wait_until(lambda: _finished(committed, release.id), what="the old release")
    assert released.status is ProvisioningStatus.SUCCEEDED, released.last_error
    committed.expire_all()
    numbers = committed.scalars(
        select(PhoneNumber).where(PhoneNumber.bot_id == bot.id).order_by(PhoneNumber.id)
    ).all()
    assert [(n.e164, n.status, n.provider_account) for n in numbers] == [
        ("+43160001234", PhoneNumberStatus.RELEASED, SID),
        ("+43160005678", PhoneNumberStatus.ACTIVE, OWN_SID),
    ]
    assert committed.get_one(Bot, bot.id).status is BotStatus.LIVE
    assert numbers_in_platform_account(session=committed, cipher=cipher, tenant_id=tenant.id) == []
    releases = [r for r in twilio.requests if r["method"] == "DELETE"]
    assert [r["account"] for r in releases] == [SID]  # released in the platform's account
