"""The Bookings page: the week's calendar, a booking added, moved and cancelled by hand, a
full time refused with the next free one, and services set up by administrators only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from nicegui import ui
from nicegui.testing import User
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Booking, BookingStatus, Role, Service, Tenant
from services.availability import VIENNA
from tests.customer_ui.conftest import WAIT, LoginAs
from tests.factories import Factory

TODAY = datetime.now(VIENNA).date()
MONDAY = TODAY + timedelta(days=7 - TODAY.weekday())


def vienna(clock: str) -> datetime:
    hours, minutes = (int(p) for p in clock.split(":"))
    return datetime(MONDAY.year, MONDAY.month, MONDAY.day, hours, minutes, tzinfo=VIENNA)


@pytest.fixture
def haircut(make: Factory, tenant: Tenant) -> Service:
    make.bot(tenant, business_hours={"mon": [["09:00", "12:00"]]})
    return make.service(tenant, name="Haarschnitt", duration_minutes=30)


def _inputs(user: User) -> dict:
    return {e.props.get("label"): e for e in user.find(kind=ui.input).elements}


async def test_the_week_shows_its_bookings(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant, haircut: Service
) -> None:
    make.booking(tenant, haircut, starts_at=vienna("09:30"), caller_name="Maria Huber")
    make.booking(
        tenant,
        haircut,
        starts_at=vienna("10:30"),
        caller_name="Karl Berger",
        status=BookingStatus.CANCELLED,
    )
    await login_as(Role.CUSTOMER_USER)
    await user.open(f"/bookings?day={MONDAY.isoformat()}")
    await user.should_see("Maria Huber")
    await user.should_see("09:30–10:00")
    await user.should_see("Karl Berger")
    await user.should_see("Cancelled")
    await user.should_not_see("Add service")  # members book; administrators set up services


async def test_book_by_hand_then_move_and_cancel(
    login_as: LoginAs,
    user: User,
    tenant: Tenant,
    haircut: Service,
    staff_db: Session,
) -> None:
    await login_as(Role.CUSTOMER_USER)
    await user.open(f"/bookings?day={MONDAY.isoformat()}&view=day")
    user.find(kind=ui.button, content="New booking").click()
    await user.should_see("10:00")  # a free slot offered for the day
    fields = _inputs(user)
    fields["Day (YYYY-MM-DD)"].value = MONDAY.isoformat()
    fields["Time (HH:MM)"].value = "10:00"
    fields["Name"].value = "Eva Maier"
    fields["Phone number"].value = "+43 664 555 1234"
    user.find(marker="book").click()
    await user.should_see("Booked.", retries=WAIT)
    booking = staff_db.scalars(select(Booking).where(Booking.tenant_id == tenant.id)).one()
    assert booking.caller_phone == "+436645551234"
    assert booking.starts_at.astimezone(UTC) == vienna("10:00").astimezone(UTC)

    await user.open(f"/bookings?day={MONDAY.isoformat()}&view=day")
    user.find(marker=f"booking-{booking.id}").trigger("click")
    await user.should_see("Cancel booking")
    _inputs(user)["Time (HH:MM)"].value = "11:00"
    user.find(marker="move").click()
    await user.should_see("Moved.", retries=WAIT)
    staff_db.expire_all()
    assert staff_db.get(Booking, booking.id).status is BookingStatus.MOVED

    await user.open(f"/bookings?day={MONDAY.isoformat()}&view=day")
    user.find(marker=f"booking-{booking.id}").trigger("click")
    user.find(kind=ui.button, content="Cancel booking").click()
    await user.should_see("Cancelled.", retries=WAIT)
    staff_db.expire_all()
    assert staff_db.get(Booking, booking.id).status is BookingStatus.CANCELLED


async def test_a_full_time_names_the_next_free_one(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant, haircut: Service
) -> None:
    make.booking(tenant, haircut, starts_at=vienna("09:00"))
    make.session.commit()
    await login_as(Role.CUSTOMER_USER)
    await user.open(f"/bookings?day={MONDAY.isoformat()}&view=day")
    user.find(kind=ui.button, content="New booking").click()
    fields = _inputs(user)
    fields["Time (HH:MM)"].value = "09:15"
    fields["Name"].value = "Eva Maier"
    user.find(marker="book").click()
    await user.should_see("The next free time is", retries=WAIT)
    await user.should_see("09:30")


async def test_an_administrator_adds_a_service(
    login_as: LoginAs, user: User, tenant: Tenant, staff_db: Session
) -> None:
    await login_as(Role.CUSTOMER_ADMIN)
    await user.open("/bookings")
    await user.should_see("No services yet", retries=WAIT)
    user.find(kind=ui.button, content="Add service").click()
    user.find(marker="save-service").click()
    await user.should_see("Please give the service a name.", retries=WAIT)
    _inputs(user)["Name"].value = "Färben"
    numbers = {e.props.get("label"): e for e in user.find(kind=ui.number).elements}
    numbers["Duration (minutes)"].value = 90
    _inputs(user)["Price (EUR)"].value = "65.50"
    numbers["How many at the same time"].value = 2
    user.find(marker="save-service").click()
    await user.should_see("Saved.", retries=WAIT)
    service = staff_db.scalars(select(Service).where(Service.tenant_id == tenant.id)).one()
    assert (service.name, service.duration_minutes, service.price_cents, service.capacity) == (
        "Färben",
        90,
        6550,
        2,
    )
