"""The dashboard's "booked by the bot this week": phone bookings made Monday to Sunday
(Vienna), whatever became of them; not those made by hand or through the API, not last
week's, never another tenant's."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session, sessionmaker

from models import BookingSource, BookingStatus
from models.scoping import tenant_session
from services.availability import VIENNA
from services.dashboard import bot_bookings_this_week
from tests.factories import Factory

THURSDAY = date(2026, 12, 3)  # the week of Monday 30 November


def vienna(day: int, month: int, clock: str) -> datetime:
    hours, minutes = (int(p) for p in clock.split(":"))
    return datetime(2026, month, day, hours, minutes, tzinfo=VIENNA)


def test_the_bots_bookings_of_this_week_newest_first(
    make: Factory, session_factory: sessionmaker[Session]
) -> None:
    tenant = make.tenant()
    service = make.service(tenant, name="Haarschnitt")
    phone = {"source": BookingSource.PHONE}
    first = make.booking(tenant, service, created_at=vienna(30, 11, "00:30"), **phone)
    cancelled = make.booking(
        tenant,
        service,
        created_at=vienna(2, 12, "10:00"),
        status=BookingStatus.CANCELLED,
        caller_name="Karl Berger",
        starts_at=vienna(9, 12, "15:00"),
        **phone,
    )
    make.booking(tenant, service, created_at=vienna(29, 11, "23:30"), **phone)  # last week
    make.booking(tenant, service, created_at=vienna(1, 12, "09:00"))  # by hand
    make.booking(tenant, service, created_at=vienna(1, 12, "09:00"), source=BookingSource.API)
    stranger = make.tenant()
    make.booking(stranger, created_at=vienna(1, 12, "09:00"), **phone)

    with tenant_session(session_factory, tenant.id) as db:
        booked = bot_bookings_this_week(session=db, today=THURSDAY)
    assert booked.count == 2
    assert [row.booking_id for row in booked.latest] == [cancelled.id, first.id]
    latest = booked.latest[0]
    assert (latest.service_name, latest.caller_name) == ("Haarschnitt", "Karl Berger")
    assert latest.status is BookingStatus.CANCELLED
    assert latest.starts_at == vienna(9, 12, "15:00")

    with tenant_session(session_factory, stranger.id) as db:
        assert bot_bookings_this_week(session=db, today=THURSDAY).count == 1
    with tenant_session(session_factory, make.tenant().id) as db:
        assert bot_bookings_this_week(session=db, today=THURSDAY).count == 0


def test_only_the_last_five_are_listed(make: Factory, session_factory: sessionmaker[Session]):
    tenant = make.tenant()
    made = [
        make.booking(tenant, created_at=vienna(1, 12, f"{9 + hour}:00"), source=BookingSource.PHONE)
        for hour in range(7)
    ]
    with tenant_session(session_factory, tenant.id) as db:
        booked = bot_bookings_this_week(session=db, today=THURSDAY)
    assert booked.count == 7 and len(booked.latest) == 5
    # The five made last, newest first: not any five.
    assert [row.booking_id for row in booked.latest] == [booking.id for booking in made[:1:-1]]
