"""Days in the portal's forms as the reader writes them (customer_ui/day_fields.py): German
shop owners were asked for "JJJJ-MM-TT"; now they see and write "24.12.2026", and either
way of writing is read."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from nicegui import ui
from nicegui.testing import User
from sqlalchemy import select
from sqlalchemy.orm import Session

from customer_ui.day_fields import read_day
from models import Booking, BookingRules, Role, Tenant
from services.availability import VIENNA
from tests.customer_ui.conftest import WAIT, log_in
from tests.factories import Factory

TODAY = datetime.now(VIENNA).date()
MONDAY = TODAY + timedelta(days=7 - TODAY.weekday())


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2026-12-24", date(2026, 12, 24)),
        ("24.12.2026", date(2026, 12, 24)),
        (" 1.2.2027 ", date(2027, 2, 1)),
        ("24.12.26", date(2026, 12, 24)),
        ("31.02.2026", None),
        ("24.12.", None),
        ("12/24/2026", None),
        ("", None),
        (None, None),
    ],
)
def test_a_day_is_read_iso_or_german(written: str | None, day: date | None) -> None:
    assert read_day(written) == day


async def log_in_german(user: User, make: Factory, tenant: Tenant, role: Role) -> None:
    german = make.user(tenant, role=role, locale="de-AT")
    await log_in(user, german.email, make.password)
    await user.should_see("Minuten diesen Monat", retries=WAIT)


def _inputs(user: User) -> dict:
    return {e.props.get("label"): e for e in user.find(kind=ui.input).elements}


async def test_closed_days_in_german(
    user: User, make: Factory, tenant: Tenant, staff_db: Session
) -> None:
    make.booking_rules(tenant, closed_days=["2026-12-24"])
    make.session.commit()
    await log_in_german(user, make, tenant, Role.CUSTOMER_ADMIN)
    await user.open("/bookings")
    closed = _inputs(user)["Schließtage"]
    assert closed.value == "24.12.2026"
    closed.value = "24.12.2026, 31.12.26, 2027-01-06"
    user.find(kind=ui.button, content="Regeln speichern").click()
    await user.should_see("Gespeichert.", retries=WAIT)
    rules = staff_db.scalars(select(BookingRules).where(BookingRules.tenant_id == tenant.id)).one()
    staff_db.refresh(rules)
    assert rules.closed_days == ["2026-12-24", "2026-12-31", "2027-01-06"]

    closed.value = "32.12.2026"
    user.find(kind=ui.button, content="Regeln speichern").click()
    await user.should_see("Bitte Datum als TT.MM.JJJJ schreiben.", retries=WAIT)


async def test_a_booking_by_hand_on_a_german_day(
    user: User, make: Factory, tenant: Tenant, staff_db: Session
) -> None:
    make.bot(tenant, business_hours={"mon": [["09:00", "12:00"]]})
    make.service(tenant, name="Haarschnitt", duration_minutes=30)
    make.session.commit()
    await log_in_german(user, make, tenant, Role.CUSTOMER_USER)
    await user.open(f"/bookings?day={MONDAY.isoformat()}&view=day")
    user.find(kind=ui.button, content="Neuer Termin").click()
    fields = _inputs(user)
    assert fields["Tag (TT.MM.JJJJ)"].value == f"{MONDAY:%d.%m.%Y}"  # the reader's way
    fields["Uhrzeit (HH:MM)"].value = "10:00"
    fields["Name"].value = "Eva Maier"
    user.find(marker="book").click()
    await user.should_see("Gebucht.", retries=WAIT)
    booking = staff_db.scalars(select(Booking).where(Booking.tenant_id == tenant.id)).one()
    start = datetime(MONDAY.year, MONDAY.month, MONDAY.day, 10, tzinfo=VIENNA)
    assert booking.starts_at.astimezone(UTC) == start.astimezone(UTC)


async def test_the_calls_filter_reads_a_german_day(
    user: User, make: Factory, tenant: Tenant
) -> None:
    bot = make.bot(tenant)
    make.call(tenant, bot, started_at=datetime(2026, 11, 30, 9, tzinfo=VIENNA))
    december = make.call(tenant, bot, started_at=datetime(2026, 12, 2, 9, tzinfo=VIENNA))
    make.session.commit()
    await log_in_german(user, make, tenant, Role.CUSTOMER_USER)
    await user.open("/calls?since=01.12.2026&until=2026-12-31")
    await user.should_see("Filtern", retries=WAIT)
    assert [row["id"] for row in user.find(kind=ui.table).elements.pop().rows] == [december.id]
    fields = _inputs(user)
    assert (fields["Von (TT.MM.JJJJ)"].value, fields["Bis (TT.MM.JJJJ)"].value) == (
        "01.12.2026",
        "31.12.2026",
    )
