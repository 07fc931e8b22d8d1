"""The caller's SMS end to end: a phone booking commits → its job is on the queue → a real
`voiceagent worker` sends it with the real twilio SDK to the local Twilio stand-in, which
checks the request as Twilio does. A bot with SMS off sends nothing; a number Twilio refuses
fails the job visibly (RQ's failed registry after the retries, the audit log) and the booking
stays booked."""

from __future__ import annotations

import socket
import subprocess
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
import redis
from rq.registry import FailedJobRegistry, FinishedJobRegistry
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from cli.local_twilio import LocalTwilio, running
from core.settings import Settings
from jobs import DEFAULT
from jobs.lost_worker import WORKER_LOST
from jobs.on_commit import enqueue_on_commit
from jobs.queues import queue
from models import AuditEvent, Booking, BookingSource, BookingStatus
from models.database import make_session_factory
from models.scoping import tenant_session
from services import bookings
from services.availability import VIENNA
from tests.factories import Factory
from tests.faults.conftest import LOST_WORKER_ENV, RESUMED_WITHIN_S
from tests.jobs.conftest import kill_hard, wait_until

SID, TOKEN = "AC" + "5" * 32, "worker-sms-token"
BOT_NUMBER = "+4319999900042"
NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
MONDAY_NINE = datetime(2026, 12, 7, 9, 0, tzinfo=VIENNA)


@pytest.fixture
def twilio() -> Iterator[LocalTwilio]:
    stand_in = LocalTwilio(account_sid=SID, auth_token=TOKEN, owned_numbers=lambda: {BOT_NUMBER})
    with running(stand_in) as server:
        yield server


class SilentTwilio:
    """Takes the SMS request and never answers: the worker sending it is mid-job."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.asked = threading.Event()
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:  # closed
                return
            self.connections.append(connection)
            if connection.recv(65536):
                self.asked.set()


@pytest.fixture
def silent_twilio() -> Iterator[SilentTwilio]:
    server = SilentTwilio()
    yield server
    server.listener.close()
    for connection in server.connections:
        connection.close()


@pytest.fixture
def sms_worker(start_worker, twilio: LocalTwilio) -> None:
    start_worker(TWILIO_ACCOUNT_SID=SID, TWILIO_AUTH_TOKEN=TOKEN, TWILIO_API_BASE_URL=twilio.url)


def _phone_booking(
    engine: Engine,
    make: Factory,
    settings: Settings,
    redis_client: redis.Redis,
    *,
    caller: str = "+436641234567",
    sms_on: bool = True,
    own_account: bool = False,
) -> Booking:
    """A booking as the phone bot makes it, committed through sessions that enqueue on
    commit (as the voice runtime's do). With `own_account` the tenant brought its own
    Twilio account (the stand-in's), and the bot's number lives there."""
    tenant = make.tenant(name="Salon Huber")
    bot = make.bot(tenant, business_hours={"mon": [["09:00", "12:00"]]}, sms_confirmations=sms_on)
    if own_account:
        make.phone_number(tenant, bot, e164=BOT_NUMBER, provider="twilio", provider_account=SID)
        make.twilio_account(tenant, SID, TOKEN, settings=settings)
    service = make.service(tenant, name="Haarschnitt")
    call = make.call(tenant, bot, from_number=caller, to_number=BOT_NUMBER)
    make.session.commit()
    factory = make_session_factory(engine)
    enqueue_on_commit(factory, redis=redis_client, settings=settings)
    with tenant_session(factory, tenant.id) as db:
        booking = bookings.book(
            session=db,
            service_id=service.id,
            start=MONDAY_NINE,
            caller_name="Maria Huber",
            caller_phone=caller,
            source=BookingSource.PHONE,
            call_id=call.id,
            now=NOW,
        )
        db.commit()
        return booking


def test_a_phone_booking_sends_the_caller_an_sms(
    engine, make_committed: Factory, worker_settings, redis_client, twilio, sms_worker
) -> None:
    booking = _phone_booking(engine, make_committed, worker_settings, redis_client)

    wait_until(lambda: twilio.messages, what="the SMS at the stand-in")
    (message,) = twilio.messages
    assert (message["from"], message["to"]) == (BOT_NUMBER, "+436641234567")
    assert message["body"] == (
        "Salon Huber: Ihr Termin (Haarschnitt) am Montag, 7.12., um 09:00 Uhr ist gebucht. "
        "Zum Verschieben oder Absagen rufen Sie uns einfach an."
    )
    assert booking.id


def test_a_tenant_with_its_own_account_sends_from_it(
    engine, make_committed: Factory, worker_settings, redis_client, twilio, start_worker
) -> None:
    # The platform's account is one the stand-in does not know.
    start_worker(
        TWILIO_ACCOUNT_SID="AC" + "6" * 32,
        TWILIO_AUTH_TOKEN="the-platforms-token",
        TWILIO_API_BASE_URL=twilio.url,
    )
    _phone_booking(engine, make_committed, worker_settings, redis_client, own_account=True)

    wait_until(lambda: twilio.messages, what="the SMS at the stand-in")
    assert [r["account"] for r in twilio.requests] == [SID]
    assert twilio.messages[0]["from"] == BOT_NUMBER


def test_a_bot_with_sms_off_sends_none(
    engine, make_committed: Factory, worker_settings, redis_client, twilio, sms_worker
) -> None:
    _phone_booking(engine, make_committed, worker_settings, redis_client, sms_on=False)

    finished = FinishedJobRegistry(queue=queue(DEFAULT, redis_client))
    wait_until(lambda: finished.count == 1, what="the SMS job to finish")
    assert twilio.messages == []
    assert twilio.requests == []


def test_a_refused_number_fails_the_job_visibly_and_keeps_the_booking(
    engine,
    committed: Session,
    make_committed: Factory,
    worker_settings,
    redis_client,
    twilio,
    sms_worker,
) -> None:
    # Accepted as a booking's number (digits), refused by Twilio: not in E.164 form.
    booking = _phone_booking(
        engine, make_committed, worker_settings, redis_client, caller="06641234567"
    )

    failed = FailedJobRegistry(queue=queue(DEFAULT, redis_client))
    wait_until(lambda: failed.count == 1, what="the SMS job to fail for good")
    assert len(twilio.requests) == 3  # the first attempt and two retries
    assert twilio.messages == []
    committed.expire_all()
    assert committed.get_one(Booking, booking.id).status is BookingStatus.BOOKED
    (event,) = committed.scalars(
        select(AuditEvent).where(AuditEvent.action == "booking.sms_failed")
    ).all()
    assert event.entity_id == str(booking.id) and event.tenant_id == booking.tenant_id
    assert event.after == {
        "change": "booked",
        "error": "Twilio refused the SMS: HTTP 400, code 21211 "
        "(https://www.twilio.com/docs/errors/21211)",
    }


def test_an_sms_whose_worker_died_without_retries_left_is_in_the_audit_log(
    engine,
    committed: Session,
    make_committed: Factory,
    worker_settings,
    redis_client,
    silent_twilio: SilentTwilio,
    start_worker: Callable[..., subprocess.Popen],
) -> None:
    env = {
        "TWILIO_ACCOUNT_SID": SID,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_API_BASE_URL": silent_twilio.url,
        **LOST_WORKER_ENV,
    }
    worker = start_worker(**env)
    no_retries = worker_settings.model_copy(update={"job_retry_intervals": ""})
    booking = _phone_booking(engine, make_committed, no_retries, redis_client)
    wait_until(silent_twilio.asked.is_set, what="the worker to send the SMS")
    kill_hard(worker)  # worker and work horse: RQ still says "started", nobody runs it
    start_worker(**env)  # its sweep finds the job abandoned

    def recorded() -> AuditEvent | None:
        committed.expire_all()
        return committed.scalar(
            select(AuditEvent).where(
                AuditEvent.action == "booking.sms_failed",
                AuditEvent.entity_id == str(booking.id),
            )
        )

    event = wait_until(recorded, timeout=RESUMED_WITHIN_S, what="the audit event")
    assert isinstance(event, AuditEvent) and event.tenant_id == booking.tenant_id
    assert event.after == {"change": "booked", "error": WORKER_LOST}
