"""Number fields keep what was typed (customer_ui/number_fields.py): leaving a field never
clamps, rounds or cuts its value, and saving an out-of-range or unreadable number shows the
field's message under it and saves nothing. Euro amounts are read as a German or English
reader writes them ("12,50", "1.250,00 €"). Every number field of the portal: settings
(spending limit, retention periods), a bot's longest call, a booking's party size, a
service's duration, price and capacity, the booking rules."""

from __future__ import annotations

import math

import pytest
from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction
from sqlalchemy import select
from sqlalchemy.orm import Session

from customer_ui.number_fields import (
    AMOUNT,
    WHOLE_NUMBER,
    parse_amount,
    read_numbers,
    written_amount,
)
from models import Booking, BookingRules, Bot, Role, Service, Tenant
from services.errors import ValidationFailed
from services.spending import LIMIT_RANGE
from tests.customer_ui.conftest import WAIT, LoginAs
from tests.factories import Factory


class Field:
    def __init__(self, value: object) -> None:
        self.value = value


@pytest.mark.parametrize(
    ("kind", "value", "read"),
    [
        ("whole", 90.0, 90),
        ("whole", 90, 90),
        ("whole", -5.0, -5),  # out of range is the service's to say
        ("whole", 1e9, 10**9),
        ("whole", 2.5, WHOLE_NUMBER),
        ("whole", None, WHOLE_NUMBER),
        ("whole", math.inf, WHOLE_NUMBER),
        ("whole", math.nan, WHOLE_NUMBER),
        ("whole", True, WHOLE_NUMBER),
        ("whole", "90", WHOLE_NUMBER),
        ("amount", 12.35, 1235),
        ("amount", 65.5, 6550),
        ("amount", 0.1 + 0.2, 30),  # a float's noise is no third decimal
        ("amount", 12.345, AMOUNT),
        ("amount", -math.inf, AMOUNT),
        ("amount", None, AMOUNT),
        ("amount", "12,50", 1250),  # typed into the amount's text field, in German
        ("amount", "12,505", AMOUNT),
        ("amount", "zwölf", AMOUNT),
    ],
)
def test_read_numbers(kind: str, value: object, read: int | str) -> None:
    fields = {"n": Field(value)}
    wanted = {"whole": ["n"]} if kind == "whole" else {"amounts": ["n"]}
    if isinstance(read, str):
        with pytest.raises(ValidationFailed) as refused:
            read_numbers(fields, **wanted)
        assert refused.value.fields == {"n": read}
    else:
        assert read_numbers(fields, **wanted) == {"n": read}


@pytest.mark.parametrize(
    ("typed", "german", "english"),
    [
        ("12,50", 1250, 1250),
        ("12.50", 1250, 1250),  # a dot before the cents is read so in German too
        ("12,5", 1250, 1250),
        ("65", 6500, 6500),
        ("0,99", 99, 99),
        ("-5", -500, -500),  # out of range is the service's to say
        (" 1 250 € ", 125000, 125000),
        ("1.250,00 €", 125000, 125000),
        ("€ 1,250.00", 125000, 125000),
        ("1.000.000", 100000000, 100000000),
        ("1.250", 125000, None),  # three digits after one sign: the reader's language decides
        ("1,250", None, 125000),
        ("12,505", None, 1250500),
        ("12,", None, None),
        ("", None, None),
        ("zwölf", None, None),
        ("1e3", None, None),
        ("1,2,5", None, None),
        ("1.25,00", None, None),
        ("١٢", None, None),  # digits of another script
    ],
)
def test_an_amount_as_a_reader_writes_it(
    typed: str, german: int | None, english: int | None
) -> None:
    assert (parse_amount(typed, "de-AT"), parse_amount(typed, "en-US")) == (german, english)


@pytest.mark.parametrize(
    ("cents", "german", "english"),
    [
        (5, "0,05", "0.05"),
        (50000, "500", "500"),
        (125050, "1.250,50", "1,250.50"),
        (100000000, "1.000.000", "1,000,000"),
    ],
)
def test_an_amount_is_shown_as_a_reader_writes_it_and_reads_back(
    cents: int, german: str, english: str
) -> None:
    """The QA pass: a limit of 5000 € stood in its field as "5000", no thousands sign."""
    assert (written_amount(cents, "de-AT"), written_amount(cents, "en-US")) == (german, english)
    assert (parse_amount(german, "de-AT"), parse_amount(english, "en-US")) == (cents, cents)


def test_an_empty_optional_field_is_left_out_and_every_bad_field_is_named() -> None:
    fields = {"a": Field(None), "b": Field(""), "c": Field(1.5), "d": Field(2.001)}
    assert read_numbers(fields, whole=["a"], amounts=["b"], optional=["a", "b"]) == {}
    with pytest.raises(ValidationFailed) as refused:
        read_numbers(fields, whole=["a", "c"], amounts=["d"])
    assert refused.value.fields == {"a": WHOLE_NUMBER, "c": WHOLE_NUMBER, "d": AMOUNT}


def number(user: User, label: str) -> ui.number | ui.input:
    """The number field labelled `label`; a euro amount's is a text field."""
    found = [*user.find(kind=ui.number).elements]
    if (amounts := user.find(kind=ui.input)).elements:
        found += amounts.elements
    [field] = [e for e in found if label in e.props["label"]]
    return field


async def refused(user: User, label: str, value: float | str, message: str, **save: str) -> None:
    """Type `value` into the number field labelled `label`, leave the field (where NiceGUI
    used to correct it), press the button found by `save` (its content or marker): the field
    still holds `value` and says `message`."""
    field = number(user, label)
    field.value = value
    UserInteraction(user, {field}, None).trigger("blur")
    assert field.value == value, f"{label}: {value} became {field.value}"
    user.find(kind=ui.button, **save).click()
    await user.should_see(message, retries=WAIT)
    assert (field.value, field.error) == (value, message)


async def test_settings_keep_an_out_of_range_limit_and_period(
    login_as: LoginAs, user: User, tenant: Tenant, staff_db: Session
) -> None:
    await login_as()
    await user.open("/settings")
    await refused(user, "Monthly limit", "-5", LIMIT_RANGE, content="Save limit")
    periods = "Please choose a whole number from 1 to 3650."
    await refused(user, "Transcripts", 5000, periods, content="Save periods")
    await refused(user, "Messages taken", 7.5, WHOLE_NUMBER, content="Save periods")
    staff_db.expire_all()
    saved = staff_db.get(Tenant, tenant.id)
    assert saved is not None and saved.spending_limit_cents is None
    assert (saved.transcript_retention_days, saved.message_retention_days) == (90, 90)


async def test_a_bots_longest_call_out_of_range(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant, staff_db: Session
) -> None:
    bot = make.bot(tenant, name="Empfang", max_call_seconds=600)
    make.session.commit()
    await login_as()
    await user.open(f"/bots/{bot.id}")
    seconds = "Please choose between 30 and 3600 seconds."
    await refused(user, "Longest call", 5000, seconds, content="Save changes")
    await refused(user, "Longest call", 45.5, WHOLE_NUMBER, content="Save changes")
    staff_db.expire_all()
    assert staff_db.get(Bot, bot.id).max_call_seconds == 600  # type: ignore[union-attr]


async def test_a_party_size_out_of_range_or_in_parts(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant, staff_db: Session
) -> None:
    make.bot(tenant, business_hours={"mon": [["09:00", "12:00"]]})
    make.service(tenant, name="Haarschnitt", duration_minutes=30)
    make.session.commit()
    await login_as(Role.CUSTOMER_USER)
    await user.open("/bookings")
    user.find(kind=ui.button, content="New booking").click()
    user.find(kind=ui.input, content="Time (HH:MM)").type("10:00")
    user.find(kind=ui.input, content="Name").type("Eva Maier")
    people = "Please enter how many people come: 1 to 100."
    await refused(user, "Party size", 500, people, marker="book")
    await refused(user, "Party size", 2.5, WHOLE_NUMBER, marker="book")
    assert staff_db.scalars(select(Booking).where(Booking.tenant_id == tenant.id)).first() is None


async def test_a_service_and_the_booking_rules_out_of_range(
    login_as: LoginAs, user: User, tenant: Tenant, staff_db: Session
) -> None:
    await login_as()
    await user.open("/bookings")
    user.find(kind=ui.button, content="Add service").click()
    user.find(kind=ui.input, content="Name").type("Färben")
    await refused(user, "Duration", 2.5, WHOLE_NUMBER, marker="save-service")
    await refused(user, "Price", "12.345", AMOUNT, marker="save-service")
    number(user, "Duration").value, number(user, "Price").value = 90, "12.50"
    overlap = "Please choose how many bookings may overlap: 1 to 1,000."
    await refused(user, "How many at the same time", 0, overlap, marker="save-service")
    assert staff_db.scalars(select(Service).where(Service.tenant_id == tenant.id)).first() is None

    days = "Please choose between 1 and 730 days."
    await refused(user, "Bookable days ahead", 1000, days, content="Save rules")
    notice = "Please choose between 0 minutes and 30 days."
    await refused(user, "Minimum notice", -15, notice, content="Save rules")
    staff_db.expire_all()
    rules = staff_db.scalars(select(BookingRules).where(BookingRules.tenant_id == tenant.id))
    assert [(r.horizon_days, r.min_notice_minutes) for r in rules] in ([], [(60, 60)])
