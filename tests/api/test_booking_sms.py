"""The caller's SMS over the API: a bot's `sms_confirmations` is read and switched like its
other fields (on by default); moving a phone booking through the API queues the caller's SMS
as the request commits, an API booking of its own queues none."""

from __future__ import annotations

from datetime import datetime, timedelta

import redis
from fastapi.testclient import TestClient
from rq.job import Job
from rq.serializers import JSONSerializer

from jobs import DEFAULT
from jobs.queues import queue
from models import BookingSource
from services.availability import VIENNA
from tests.api.conftest import Account
from tests.api.test_bots import SALON_BOT
from tests.factories import Factory

TODAY = datetime.now(VIENNA).date()
MONDAY = TODAY + timedelta(days=7 - TODAY.weekday())


def _at(clock: str) -> str:
    hours, minutes = (int(p) for p in clock.split(":"))
    return datetime(
        MONDAY.year, MONDAY.month, MONDAY.day, hours, minutes, tzinfo=VIENNA
    ).isoformat()


def test_sms_confirmations_are_on_by_default_and_switch_off(
    client: TestClient, alpha: Account
) -> None:
    created = client.post("/bots", json=SALON_BOT, headers=alpha.headers()).json()
    assert created["sms_confirmations"] is True
    patched = client.patch(
        f"/bots/{created['id']}", json={"sms_confirmations": False}, headers=alpha.headers()
    )
    assert patched.status_code == 200, patched.text
    read = client.get(f"/bots/{created['id']}", headers=alpha.headers(write=False)).json()
    assert read["sms_confirmations"] is False and read["greeting"] == created["greeting"]
    refused = client.patch(
        f"/bots/{created['id']}", json={"sms_confirmations": "maybe"}, headers=alpha.headers()
    )
    assert refused.status_code == 422
    assert "sms_confirmations" in refused.text


def test_moving_a_phone_booking_queues_the_callers_sms_an_api_booking_none(
    client: TestClient, alpha: Account, make: Factory, redis_client: redis.Redis
) -> None:
    bot = make.bot(alpha.tenant, business_hours={"mon": [["09:00", "12:00"]]})
    service = make.service(alpha.tenant)
    call = make.call(alpha.tenant, bot)
    phoned = make.booking(
        alpha.tenant,
        service,
        source=BookingSource.PHONE,
        call_id=call.id,
        starts_at=datetime.fromisoformat(_at("09:00")),
    )
    make.session.commit()

    own = client.post(
        "/bookings",
        json={
            "service_id": service.id,
            "start": _at("10:00"),
            "caller_name": "Karl Berger",
            "caller_phone": "+43 676 1234567",
        },
        headers=alpha.headers(),
    )
    assert own.status_code == 201, own.text
    assert queue(DEFAULT, redis_client).get_job_ids() == []

    moved = client.post(
        f"/bookings/{phoned.id}/move", json={"start": _at("11:00")}, headers=alpha.headers()
    )
    assert moved.status_code == 200, moved.text
    [job_id] = queue(DEFAULT, redis_client).get_job_ids()
    job = Job.fetch(job_id, connection=redis_client, serializer=JSONSerializer)
    assert job.func_name == "jobs.sms.send_booking_confirmation"
    assert job.args == [alpha.tenant.id, phoned.id, "moved"]
    assert job.retries_left  # retried with the job policy
