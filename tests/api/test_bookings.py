"""The appointment book over the API: services (administrators), availability, bookings
created, listed, moved and cancelled; a full time is a 409 naming the next free one; another
tenant's ids are 404."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from models import Tenant
from services.availability import VIENNA
from tests.api.conftest import Account
from tests.api.test_auth_and_errors import assert_error
from tests.factories import Factory

# A Monday comfortably ahead of any "now" within the horizon would move with the clock, so
# the rules are set wide and the day is found from today.
TODAY = datetime.now(VIENNA).date()
MONDAY = TODAY + timedelta(days=7 - TODAY.weekday())


@pytest.fixture
def salon(make: Factory, alpha: Account, client: TestClient) -> dict:
    bot = make.bot(alpha.tenant, business_hours={"mon": [["09:00", "11:00"]]})
    make.session.commit()
    created = client.post(
        "/services",
        json={"name": "Haarschnitt", "duration_minutes": 30, "price_cents": 3500},
        headers=alpha.headers(),
    )
    assert created.status_code == 201, created.text
    return {"bot": bot, "service": created.json()}


def _at(clock: str, day: date = MONDAY) -> str:
    hours, minutes = (int(p) for p in clock.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=VIENNA).isoformat()


def _book(client: TestClient, who: Account, service_id: int, clock: str, **kw):  # noqa: ANN202
    body = {"service_id": service_id, "start": _at(clock), "caller_name": "Maria Huber"} | kw
    return client.post("/bookings", json=body, headers=who.headers())


def test_availability_book_list_move_cancel(client: TestClient, alpha: Account, salon) -> None:
    service_id = salon["service"]["id"]
    assert salon["service"]["capacity"] == 1 and salon["service"]["active"] is True
    slots = client.get(
        f"/services/{service_id}/availability",
        params={"from": MONDAY.isoformat()},
        headers=alpha.headers(),
    ).json()
    assert len(slots) == 7
    assert datetime.fromisoformat(slots[0]["start"]) == datetime.fromisoformat(_at("09:00"))
    assert slots[0]["start"].endswith("Z")  # times are answered in UTC

    made = _book(client, alpha, service_id, "09:30", caller_phone="+43 664 1234567", party_size=2)
    assert made.status_code == 201, made.text
    booking = made.json()
    assert booking["status"] == "booked" and booking["source"] == "api"
    assert booking["caller_phone"] == "+436641234567" and booking["service_name"] == "Haarschnitt"

    taken = _book(client, alpha, service_id, "09:45", caller_name="Karl")
    error = assert_error(taken, 409, "conflict")
    assert "next free time" in error["message"] and "10:00" in error["message"]

    listed = client.get(
        "/bookings", params={"from": MONDAY.isoformat()}, headers=alpha.headers()
    ).json()
    assert [b["id"] for b in listed] == [booking["id"]]

    moved = client.post(
        f"/bookings/{booking['id']}/move", json={"start": _at("10:30")}, headers=alpha.headers()
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["status"] == "moved"
    assert _book(client, alpha, service_id, "09:45").status_code == 201

    cancelled = client.post(f"/bookings/{booking['id']}/cancel", headers=alpha.headers())
    assert cancelled.json()["status"] == "cancelled"
    assert client.get(f"/bookings/{booking['id']}", headers=alpha.headers()).json()["status"] == (
        "cancelled"
    )


def test_rules_are_field_errors(client: TestClient, alpha: Account, salon) -> None:
    service_id = salon["service"]["id"]
    outside = _book(client, alpha, service_id, "12:00")
    assert assert_error(outside, 422, "invalid")["fields"] == {
        "start": "We are not open at this time."
    }
    naive = (
        _book(client, alpha, service_id, "09:00")
        if False
        else client.post(
            "/bookings",
            json={"service_id": service_id, "start": "2026-12-07T09:00:00", "caller_name": "A"},
            headers=alpha.headers(),
        )
    )
    assert "start" in assert_error(naive, 422, "invalid")["fields"]
    far = client.get(
        f"/services/{service_id}/availability",
        params={"from": "2026-01-01", "to": "2026-06-01"},
        headers=alpha.headers(),
    )
    assert "from" in assert_error(far, 422, "invalid")["fields"]


def test_booking_rules_round_trip(client: TestClient, alpha: Account, salon) -> None:
    assert client.get("/booking-rules", headers=alpha.headers()).json()["horizon_days"] == 60
    closed = {"closed_days": [MONDAY.isoformat()], "horizon_days": 30, "min_notice_minutes": 0}
    saved = client.put("/booking-rules", json=closed, headers=alpha.headers())
    assert saved.json() == closed
    slots = client.get(
        f"/services/{salon['service']['id']}/availability",
        params={"from": MONDAY.isoformat()},
        headers=alpha.headers(),
    ).json()
    assert slots == []


def test_services_change_and_archive(client: TestClient, alpha: Account, salon) -> None:
    service_id = salon["service"]["id"]
    changed = client.patch(
        f"/services/{service_id}", json={"capacity": 3}, headers=alpha.headers()
    ).json()
    assert changed["capacity"] == 3 and changed["name"] == "Haarschnitt"
    bad = client.patch(
        f"/services/{service_id}", json={"bot_ids": [999999]}, headers=alpha.headers()
    )
    assert assert_error(bad, 422, "invalid")["fields"] == {"bot_ids": "Unknown bot."}
    assert client.delete(f"/services/{service_id}", headers=alpha.headers()).status_code == 204
    assert client.get("/services", headers=alpha.headers()).json() == []
    refused = _book(client, alpha, service_id, "09:00")
    assert assert_error(refused, 422, "invalid")["fields"] == {
        "service_id": "This service is no longer offered."
    }


def test_another_tenants_book_is_not_found(
    client: TestClient, alpha: Account, beta: Account, salon, make: Factory
) -> None:
    service_id = salon["service"]["id"]
    booking = _book(client, alpha, service_id, "09:00").json()
    assert_error(client.get(f"/services/{service_id}", headers=beta.headers()), 404, "not_found")
    assert_error(client.get(f"/bookings/{booking['id']}", headers=beta.headers()), 404, "not_found")
    assert_error(
        client.post(f"/bookings/{booking['id']}/cancel", headers=beta.headers()), 404, "not_found"
    )
    assert_error(_book(client, beta, service_id, "09:30"), 404, "not_found")
    assert (
        client.get("/bookings", params={"from": MONDAY.isoformat()}, headers=beta.headers()).json()
        == []
    )
    assert isinstance(alpha.tenant, Tenant)
