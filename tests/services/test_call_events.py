"""Signed call events reach a real HTTP server on 127.0.0.1: signed as the README says,
retried with back-off, given up after the last attempt, never redirected, never sent to
private addresses, and queued once per call."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from core.encryption import CredentialCipher, generate_key
from core.settings import load_settings
from models import (
    Call,
    CallOutcome,
    CallStatus,
    DeliveryStatus,
    Role,
    Speaker,
    Tenant,
    User,
    WebhookDelivery,
    WebhookEndpoint,
)
from models.database import make_session_factory
from models.scoping import staff_session, tenant_session
from services.call_events import (
    delete_webhook_endpoint,
    queue_call_completed,
    queue_test_event,
    recent_deliveries,
    set_webhook_endpoint,
    switch_webhook_endpoint,
)
from services.call_records import TurnRecord, finish_call
from services.errors import Conflict, ValidationFailed
from services.team import NotAllowed
from services.webhook_delivery import (
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    deliver_event_now,
    deliver_pending,
    signature_header,
)
from services.webhook_http import BlockedAddress, check_webhook_url, webhook_http_client
from tests.conftest import REDIS_URL
from tests.core.test_settings import REAL_SELLER
from tests.factories import Factory
from tests.webhook_receiver import Receiver, running_receiver

README = Path(__file__).resolve().parents[2] / "README.md"
# The delivery runs' clock: an hour ahead of the real one, so that deliveries queued during
# the test (due at the real "now") are always due at T0, whenever the suite runs.
T0 = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)


def documented_verifier() -> Any:
    """The verification snippet from the README, run as written."""
    text = README.read_text()
    match = re.search(r"<!-- webhook-verification:.*?-->\n```python\n(.*?)```", text, re.S)
    assert match, "the README lost its webhook verification snippet"
    namespace: dict[str, Any] = {}
    exec(match.group(1), namespace)  # noqa: S102 — our own README, checked as documentation
    return namespace["verify_voiceagent_signature"]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as server:
        yield server


# -- data ------------------------------------------------------------------------------------


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with webhook_http_client(allow_loopback=True) as client:
        yield client


@pytest.fixture
def tenant(make: Factory) -> Tenant:
    return make.tenant(name="Tischlerei Holzer")


@pytest.fixture
def admin(make: Factory, tenant: Tenant) -> User:
    return make.user(tenant, role=Role.CUSTOMER_ADMIN)


def save_endpoint(
    session_factory: sessionmaker[Session], cipher: CredentialCipher, admin: User, url: str
) -> str:
    """Save `url` as the admin's webhook the way the portal does; returns the secret."""
    with tenant_session(session_factory, admin.tenant_id) as db, db.begin():
        actor = db.get(User, admin.id)
        return set_webhook_endpoint(
            session=db, cipher=cipher, actor=actor, url=url, allow_loopback=True
        ).secret


def finished_call(make: Factory, tenant: Tenant) -> Call:
    bot = make.bot(tenant, name="Empfang")
    call = make.call(
        tenant,
        bot,
        outcome=CallOutcome.RESOLVED,
        ended_at=datetime(2026, 11, 2, 10, 1, 15, tzinfo=UTC),
    )
    make.call_turn(tenant, call, seq=1, speaker=Speaker.BOT, text="Grüß Gott!", started_ms=0)
    make.call_turn(tenant, call, seq=2, text="Wann habt ihr offen?", started_ms=1200)
    return call


def queue(session_factory: sessionmaker[Session], call: Call) -> int:
    with tenant_session(session_factory, call.tenant_id) as db, db.begin():
        return queue_call_completed(session=db, call=db.get(Call, call.id))


def deliveries(staff_db: Session) -> list[WebhookDelivery]:
    staff_db.expire_all()
    return list(staff_db.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def run(session_factory, cipher, http, now, *, allow_loopback=True):  # noqa: ANN001, ANN201
    return deliver_pending(
        session_factory=session_factory,
        cipher=cipher,
        http_client=http,
        allow_loopback=allow_loopback,
        now=now,
    )


# -- signing and delivering ------------------------------------------------------------------


def test_a_call_event_arrives_signed_as_documented(
    make: Factory, tenant, admin, session_factory, cipher, http, receiver: Receiver, staff_db
) -> None:
    secret = save_endpoint(session_factory, cipher, admin, receiver.url)
    call = finished_call(make, tenant)
    assert queue(session_factory, call) == 1

    result = run(session_factory, cipher, http, now=datetime.now(UTC))

    assert (result.delivered, result.retrying, result.failed) == (1, 0, 0)
    [request] = receiver.requests
    assert request.path == "/hooks/voiceagent"
    event = json.loads(request.body)
    assert request.headers["VoiceAgent-Event"] == "call.completed" == event["type"]
    assert request.headers["VoiceAgent-Delivery"] == event["id"]
    assert request.headers["Content-Type"] == "application/json"
    assert event["data"]["call"] == {
        "id": call.id,
        "bot": {"id": call.bot_id, "name": "Empfang"},
        "from": "+436641234567",
        "to": "+4315000000",
        "language": "de-AT",
        "status": "completed",
        "outcome": "resolved",
        "started_at": "2026-11-02T10:00:00Z",
        "answered_at": None,
        "ended_at": "2026-11-02T10:01:15Z",
        "duration_seconds": 75,
        "summary": None,  # this call was closed by hand, not by finish_call
        "summary_fields": None,
        "transcript": [
            {
                "speaker": "bot",
                "text": "Grüß Gott!",
                "started_ms": 0,
                "ended_ms": None,
                "interrupted": False,
            },
            {
                "speaker": "caller",
                "text": "Wann habt ihr offen?",
                "started_ms": 1200,
                "ended_ms": None,
                "interrupted": False,
            },
        ],
    }
    verify = documented_verifier()
    signature = request.headers["VoiceAgent-Signature"]
    assert verify(secret, signature, request.body)
    assert not verify(secret, signature, request.body.replace(b"Empfang", b"Empfanq"))
    assert not verify(secret + "x", signature, request.body)
    [delivery] = deliveries(staff_db)
    assert delivery.status is DeliveryStatus.DELIVERED
    assert (delivery.attempts, delivery.last_status_code, delivery.last_error) == (1, 200, None)
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None


def test_a_stale_signature_is_refused_by_the_documented_check() -> None:
    verify = documented_verifier()
    old = int(datetime.now(UTC).timestamp()) - 3600
    assert not verify("whsec_x", signature_header("whsec_x", b"{}", old), b"{}")
    assert verify("whsec_x", signature_header("whsec_x", b"{}", old + 3590), b"{}")


def test_a_500_is_retried_after_a_minute_then_delivered(
    make: Factory, tenant, admin, session_factory, cipher, http, receiver, staff_db
) -> None:
    save_endpoint(session_factory, cipher, admin, receiver.url)
    queue(session_factory, finished_call(make, tenant))
    receiver.answer(500)

    first = run(session_factory, cipher, http, now=T0)
    [delivery] = deliveries(staff_db)
    assert (first.retrying, delivery.status) == (1, DeliveryStatus.PENDING)
    assert (delivery.attempts, delivery.last_status_code, delivery.last_error) == (
        1,
        500,
        "HTTP 500",
    )
    assert delivery.next_attempt_at == T0 + RETRY_DELAYS[0]

    assert run(session_factory, cipher, http, now=T0 + timedelta(seconds=30)).retrying == 0
    assert len(receiver.requests) == 1  # not due yet

    second = run(session_factory, cipher, http, now=T0 + RETRY_DELAYS[0])
    [delivery] = deliveries(staff_db)
    assert (second.delivered, delivery.status, delivery.attempts) == (
        1,
        DeliveryStatus.DELIVERED,
        2,
    )
    first_id, second_id = (r.headers["VoiceAgent-Delivery"] for r in receiver.requests)
    assert first_id == second_id  # the receiver can drop the repeat


def test_a_delivery_fails_after_the_last_attempt(
    make: Factory, tenant, admin, session_factory, cipher, http, receiver, staff_db
) -> None:
    save_endpoint(session_factory, cipher, admin, receiver.url)
    queue(session_factory, finished_call(make, tenant))
    receiver.default = 503

    now = T0
    for delay in RETRY_DELAYS:
        assert run(session_factory, cipher, http, now=now).retrying == 1
        now += delay
    assert run(session_factory, cipher, http, now=now).failed == 1

    [delivery] = deliveries(staff_db)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, MAX_ATTEMPTS)
    assert delivery.next_attempt_at is None and delivery.last_status_code == 503
    assert len(receiver.requests) == MAX_ATTEMPTS == 6
    later = run(session_factory, cipher, http, now=now + timedelta(days=2))
    assert (later.delivered, later.retrying, later.failed) == (0, 0, 0)
    assert len(receiver.requests) == MAX_ATTEMPTS


def test_redirects_are_not_followed(
    make: Factory, tenant, admin, session_factory, cipher, http, receiver, staff_db
) -> None:
    save_endpoint(session_factory, cipher, admin, receiver.url)
    queue(session_factory, finished_call(make, tenant))
    receiver.answer(302, Location="/somewhere-else")

    assert run(session_factory, cipher, http, now=T0).retrying == 1

    assert [r.path for r in receiver.requests] == ["/hooks/voiceagent"]
    [delivery] = deliveries(staff_db)
    assert delivery.status is DeliveryStatus.PENDING and delivery.last_status_code == 302
    assert "Redirects" in delivery.last_error


def test_a_disabled_endpoint_waits_and_a_deleted_one_takes_its_deliveries(
    make: Factory, tenant, admin, session_factory, cipher, http, receiver, staff_db
) -> None:
    save_endpoint(session_factory, cipher, admin, receiver.url)
    queue(session_factory, finished_call(make, tenant))
    with tenant_session(session_factory, tenant.id) as db, db.begin():
        switch_webhook_endpoint(session=db, actor=db.get(User, admin.id), enabled=False)
    assert run(session_factory, cipher, http, now=T0).delivered == 0
    assert queue(session_factory, finished_call(make, tenant)) == 0  # none while off
    assert receiver.requests == []

    with tenant_session(session_factory, tenant.id) as db, db.begin():
        switch_webhook_endpoint(session=db, actor=db.get(User, admin.id), enabled=True)
    assert run(session_factory, cipher, http, now=T0).delivered == 1

    with tenant_session(session_factory, tenant.id) as db, db.begin():
        delete_webhook_endpoint(session=db, actor=db.get(User, admin.id))
    assert deliveries(staff_db) == []
    assert staff_db.scalar(select(func.count()).select_from(WebhookEndpoint)) == 0


def test_one_run_works_through_every_due_batch(
    make: Factory, tenant, admin, session_factory, cipher, http, receiver, staff_db
) -> None:
    save_endpoint(session_factory, cipher, admin, receiver.url)
    for _ in range(5):
        queue(session_factory, finished_call(make, tenant))
    receiver.answer(500)

    result = deliver_pending(
        session_factory=session_factory,
        cipher=cipher,
        http_client=http,
        allow_loopback=True,
        now=T0,
        batch=2,
    )

    assert (result.delivered, result.retrying, result.failed) == (4, 1, 0)
    assert len({r.headers["VoiceAgent-Delivery"] for r in receiver.requests}) == 5


def test_no_test_event_while_turned_off(tenant, admin, session_factory, cipher) -> None:
    save_endpoint(session_factory, cipher, admin, "https://hooks.example.at/")
    with tenant_session(session_factory, tenant.id) as db, db.begin():
        switch_webhook_endpoint(session=db, actor=db.get(User, admin.id), enabled=False)
        with pytest.raises(Conflict, match="turned off"):
            queue_test_event(session=db, actor=db.get(User, admin.id))


# -- the address guard -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "",
        "hooks.example.at/no-scheme",
        "ftp://hooks.example.at/",
        "file:///etc/passwd",
        "https://user:secret@hooks.example.at/",
        "http://localhost:8080/",
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://2130706433/",
        "http://10.1.2.3/",
        "http://192.168.0.5/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://printer.local/",
        "https://hooks.example.at/" + "x" * 500,
    ],
)
def test_unsafe_or_broken_urls_are_refused(url: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_webhook_url(url, allow_loopback=False)
    assert set(refused.value.fields) == {"url"}


@pytest.mark.parametrize(
    "url", ["https://hooks.example.at/voiceagent?tag=1", "http://93.184.215.14:8080/in"]
)
def test_public_urls_are_accepted(url: str) -> None:
    assert check_webhook_url(f"  {url} ", allow_loopback=False) == url


def test_loopback_is_allowed_only_when_the_setting_says_so() -> None:
    assert check_webhook_url("http://127.0.0.1:9/", allow_loopback=True)
    with pytest.raises(ValidationFailed):
        check_webhook_url("http://10.0.0.1/", allow_loopback=True)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_the_client_checks_addresses_when_it_connects(receiver: Receiver, host: str) -> None:
    url = receiver.url.replace("127.0.0.1", host)
    with webhook_http_client(allow_loopback=False) as guarded, pytest.raises(BlockedAddress):
        guarded.post(url, content=b"{}")
    assert receiver.requests == []
    with webhook_http_client(allow_loopback=True) as allowed:
        assert allowed.post(url, content=b"{}").status_code == 200
    assert len(receiver.requests) == 1


def test_a_saved_loopback_address_is_not_called_once_loopback_is_refused(
    make: Factory, tenant, admin, session_factory, cipher, receiver, staff_db
) -> None:
    save_endpoint(session_factory, cipher, admin, receiver.url)
    queue(session_factory, finished_call(make, tenant))
    with webhook_http_client(allow_loopback=False) as guarded:
        assert run(session_factory, cipher, guarded, now=T0, allow_loopback=False).retrying == 1
    assert receiver.requests == []
    [delivery] = deliveries(staff_db)
    assert delivery.last_status_code is None and "not allowed" in delivery.last_error


# -- the endpoint, for the portal ------------------------------------------------------------


def test_saving_an_endpoint_shows_a_new_secret_once_and_stores_it_encrypted(
    tenant, admin, session_factory, cipher, staff_db
) -> None:
    first = save_endpoint(session_factory, cipher, admin, "https://hooks.example.at/a")
    second = save_endpoint(session_factory, cipher, admin, "https://hooks.example.at/b")

    assert first.startswith("whsec_") and second.startswith("whsec_") and first != second
    [endpoint] = staff_db.scalars(select(WebhookEndpoint)).all()
    assert endpoint.url == "https://hooks.example.at/b" and endpoint.enabled
    assert second not in endpoint.encrypted_secret
    assert cipher.decrypt(endpoint.encrypted_secret) == second


def test_a_bad_url_is_a_field_error_and_saves_nothing(
    tenant, admin, session_factory, cipher, staff_db
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        save_endpoint(session_factory, cipher, admin, "http://192.168.1.10/hook")
    assert "private network" in refused.value.fields["url"]
    assert staff_db.scalar(select(func.count()).select_from(WebhookEndpoint)) == 0


def test_team_members_cannot_change_the_webhook(
    make: Factory, tenant, session_factory, cipher
) -> None:
    member = make.user(tenant, role=Role.CUSTOMER_USER)
    with pytest.raises(NotAllowed):
        save_endpoint(session_factory, cipher, member, "https://hooks.example.at/")


def test_a_test_event_is_sent_at_once_and_tried_only_once(
    tenant, admin, session_factory, cipher, http, receiver, staff_db
) -> None:
    save_endpoint(session_factory, cipher, admin, receiver.url)
    receiver.answer(200, 500)
    results = []
    for _ in range(2):
        with tenant_session(session_factory, tenant.id) as db, db.begin():
            event_id = queue_test_event(session=db, actor=db.get(User, admin.id))
        results.append(
            deliver_event_now(
                session_factory=session_factory,
                tenant_id=tenant.id,
                event_id=event_id,
                cipher=cipher,
                http_client=http,
                allow_loopback=True,
            )
        )

    assert [(r.delivered, r.status_code) for r in results] == [(True, 200), (False, 500)]
    assert [json.loads(r.body)["type"] for r in receiver.requests] == ["webhook.test"] * 2
    assert [d.status for d in deliveries(staff_db)] == [
        DeliveryStatus.DELIVERED,
        DeliveryStatus.FAILED,
    ]


# -- queueing --------------------------------------------------------------------------------


def test_queueing_a_call_twice_queues_it_once(
    make: Factory, tenant, admin, session_factory, cipher, staff_db
) -> None:
    save_endpoint(session_factory, cipher, admin, "https://hooks.example.at/")
    call = finished_call(make, tenant)
    assert queue(session_factory, call) == 1
    assert queue(session_factory, call) == 0
    assert len(deliveries(staff_db)) == 1


def test_a_call_goes_to_its_own_tenants_endpoint_only(
    make: Factory, tenant, admin, session_factory, cipher, staff_db
) -> None:
    other = make.tenant(name="Konkurrenz GmbH")
    save_endpoint(
        session_factory, cipher, make.user(other, role=Role.CUSTOMER_ADMIN), "https://b.example.at/"
    )
    save_endpoint(session_factory, cipher, admin, "https://a.example.at/")
    queue(session_factory, finished_call(make, tenant))

    [delivery] = deliveries(staff_db)
    assert delivery.tenant_id == tenant.id and delivery.endpoint.url == "https://a.example.at/"
    with tenant_session(session_factory, other.id) as db:
        assert recent_deliveries(session=db) == []
    with tenant_session(session_factory, tenant.id) as db:
        assert [d.id for d in recent_deliveries(session=db)] == [delivery.id]


def test_finish_call_queues_the_event_with_the_whole_transcript(
    make: Factory, tenant, admin, session_factory, cipher, staff_db
) -> None:
    """services.call_records.finish_call closes the call and queues its event, once."""
    save_endpoint(session_factory, cipher, admin, "https://hooks.example.at/")
    call = make.call(tenant, status=CallStatus.IN_PROGRESS, duration_seconds=None)
    turns = [
        TurnRecord(Speaker.BOT, "Grüß Gott!", 0, 900),
        TurnRecord(Speaker.CALLER, "Danke, baba!", 1500, 2400),
    ]
    with tenant_session(session_factory, tenant.id) as db, db.begin():
        assert finish_call(
            session=db,
            call_id=call.id,
            outcome=CallOutcome.CALLER_HUNG_UP,
            turns=turns,
            stt_seconds=1.0,
            tts_characters=10,
        )
        assert queue_call_completed(session=db, call=db.get(Call, call.id)) == 0  # queued

    [delivery] = deliveries(staff_db)
    data = delivery.payload["data"]["call"]
    assert [t["text"] for t in data["transcript"]] == ["Grüß Gott!", "Danke, baba!"]
    assert (data["outcome"], data["status"]) == ("caller_hung_up", "completed")
    assert data["duration_seconds"] is not None and data["ended_at"] is not None
    assert data["summary"] == "Kein Anliegen erkannt."  # only a goodbye
    assert data["summary_fields"]["intent"] == "question"


def test_queueing_needs_the_calls_tenant_session(make: Factory, tenant, staff_db) -> None:
    call = finished_call(make, tenant)
    with pytest.raises(ValueError, match="bound to the call's tenant"):
        queue_call_completed(session=staff_db, call=call)


# -- the job ---------------------------------------------------------------------------------


@pytest.fixture
def committed_endpoint(engine: Engine, receiver: Receiver) -> Iterator[tuple[str, int]]:
    """A tenant with an endpoint and one due delivery, committed for real (the job opens its
    own database connection); returns the encryption key and the tenant id, and deletes the
    tenant (and by cascade the rest) afterwards."""
    key = generate_key()
    factory = make_session_factory(engine)
    with staff_session(factory) as db, db.begin():
        make = Factory(db)
        tenant = make.tenant()
        endpoint = make.webhook_endpoint(
            tenant, url=receiver.url, encrypted_secret=CredentialCipher([key]).encrypt("whsec_j")
        )
        make.webhook_delivery(tenant, endpoint, next_attempt_at=datetime.now(UTC))
        tenant_id = tenant.id
    yield key, tenant_id
    with staff_session(factory) as db, db.begin():
        db.execute(delete(Tenant).where(Tenant.id == tenant_id))


def test_the_job_delivers_due_events(
    committed_endpoint, receiver: Receiver, database_url: str, tmp_path: Path, monkeypatch
) -> None:
    from jobs.call_events import deliver_call_events

    key, _tenant_id = committed_endpoint
    monkeypatch.chdir(tmp_path)  # no developer's .env
    for name, value in {
        "ENV": "test",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "ENCRYPTION_KEYS": key,
        "WEBHOOK_ALLOW_LOOPBACK": "true",
    }.items():
        monkeypatch.setenv(name, value)

    assert deliver_call_events() == {"delivered": 1, "retrying": 0, "failed": 0}
    [request] = receiver.requests
    assert documented_verifier()("whsec_j", request.headers["VoiceAgent-Signature"], request.body)


def test_loopback_is_never_allowed_in_production() -> None:
    secrets_ = {
        "secret_key": "p" * 40,
        "encryption_keys": generate_key(),
        "stripe_secret_key": "sk_live_realistic",
        "stripe_webhook_secret": "whsec_realistic",
        "smtp_url": "smtps://mailer:pw@smtp.example.at:465",
        "database_url": "postgres://voiceagent@db.example.at/voiceagent",
        "redis_url": "rediss://:pw@redis.example.at:6380",
        "public_base_url": "https://voice.example.at",
        "portal_base_url": "https://portal.example.at",
        **REAL_SELLER,
    }
    assert load_settings(env="test", webhook_allow_loopback=True).webhook_loopback_allowed
    production = load_settings(env="production", webhook_allow_loopback=True, **secrets_)
    assert not production.webhook_loopback_allowed
