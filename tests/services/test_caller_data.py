"""A caller's data by phone number: found in every table that holds it (the list is checked
against the models, so a new table with a caller's number must join), exported as JSON and
CSV in a zip, erased down to anonymous usage — and never another tenant's."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from models import (
    AuditEvent,
    Base,
    Booking,
    Call,
    CallTurn,
    Message,
    Role,
    UsageEvent,
    User,
    WebhookDelivery,
)
from models.scoping import tenant_session
from services.caller_data import (
    CALLER_TABLES,
    caller_columns,
    erase_caller,
    export_caller,
    find_caller,
)
from services.caller_numbers import number_forms
from services.errors import ValidationFailed
from services.permissions import NotAllowed
from tests.factories import Factory

NUMBER = "+436641234567"


def test_every_table_with_a_caller_or_a_call_is_classified() -> None:
    listed = {spec.name: spec for spec in CALLER_TABLES}
    for table in Base.metadata.tables.values():
        holds_caller = caller_columns(table)
        tied_to_call = "call_id" in table.c
        if holds_caller or tied_to_call:
            assert table.name in listed, (
                f"{table.name} holds a caller's data: add it to CALLER_TABLES"
            )
            spec = listed[table.name]
            named = {spec.number, *spec.personal} - {None}
            unnamed = {c.name for c in holds_caller} - named
            assert not unnamed or spec.on_erase == "delete", (
                f"{table.name}: {unnamed} not classified"
            )
            if tied_to_call:
                assert spec.via_call == "call_id"
    for spec in CALLER_TABLES:
        table = Base.metadata.tables[spec.name]
        for column in (spec.number, spec.via_call, *spec.personal):
            assert column is None or column in table.c


def _caller(make: Factory, tenant, number: str = NUMBER) -> dict[str, object]:  # type: ignore[no-untyped-def]
    call = make.call(tenant, from_number=number, summary="Fragte nach dem Preis")
    make.call_turn(tenant, call, text="Ich bin die Maria Huber")
    usage = make.usage_event(tenant, call_id=call.id)
    booking = make.booking(
        tenant, caller_phone="0664 1234567".replace(" ", ""), caller_name="Maria Huber"
    )
    delivery = make.webhook_delivery(tenant, call_id=call.id, payload={"from": number})
    message = make.message(tenant, call_id=call.id, caller_phone=number)
    return {
        "call": call,
        "usage": usage,
        "booking": booking,
        "delivery": delivery,
        "message": message,
    }


@pytest.fixture
def two_tenants(make: Factory) -> dict[str, object]:
    mine, theirs = make.tenant(), make.tenant()
    admin = make.user(mine, role=Role.CUSTOMER_ADMIN)
    return {
        "mine": mine,
        "theirs": theirs,
        "admin": admin,
        "member": make.user(mine, role=Role.CUSTOMER_USER),
        "my_rows": _caller(make, mine),
        "their_rows": _caller(make, theirs),
        "stranger": make.call(mine, from_number="+436609999999"),
    }


def test_number_forms() -> None:
    assert number_forms("0664 123 45 67") == ("+436641234567", "00436641234567", "06641234567")
    assert number_forms("+49 151 1234567") == ("+491511234567", "00491511234567")
    with pytest.raises(ValidationFailed):
        number_forms("call me")


def test_export_finds_the_caller_everywhere_in_one_tenant(
    two_tenants: dict, session_factory: sessionmaker[Session], staff_db: Session
) -> None:
    tenant, admin = two_tenants["mine"], two_tenants["admin"]
    with tenant_session(session_factory, tenant.id) as db:
        found = find_caller(session=db, viewer=db.get(User, admin.id), number="0664/1234567")
        archive = export_caller(session=db, actor=db.get(User, admin.id), number="0664 1234567")
        db.commit()
    assert found.counts == {
        "calls": 1,
        "call_turns": 1,
        "bookings": 1,  # stored as "06641234567": found by its national form
        "messages": 1,
        "webhook_deliveries": 1,
        "usage_events": 1,
    }
    mine = two_tenants["my_rows"]
    assert found.rows["calls"][0]["id"] == mine["call"].id  # not the other tenant's call
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        assert set(zipped.namelist()) == {"caller-data.json", *(f"{t}.csv" for t in found.counts)}
        document = json.loads(zipped.read("caller-data.json"))
        turns = list(csv.DictReader(io.StringIO(zipped.read("call_turns.csv").decode())))
    assert document["call_turns"][0]["text"] == "Ich bin die Maria Huber"
    assert turns[0]["text"] == "Ich bin die Maria Huber"
    assert document["phone_number"] == NUMBER
    audit = staff_db.scalars(
        select(AuditEvent).where(AuditEvent.action == "privacy.caller_exported")
    ).one()
    assert audit.tenant_id == tenant.id and audit.after["calls"] == 1  # type: ignore[index]
    assert NUMBER not in json.dumps(audit.after) and audit.entity_id == "+43…567"


def test_erasure_keeps_only_anonymous_usage_and_spares_other_tenants(
    two_tenants: dict, session_factory: sessionmaker[Session], staff_db: Session
) -> None:
    tenant, admin = two_tenants["mine"], two_tenants["admin"]
    usage_before = staff_db.scalar(select(func.count()).select_from(UsageEvent))
    with tenant_session(session_factory, tenant.id) as db:
        erased = erase_caller(session=db, actor=db.get(User, admin.id), number=NUMBER)
        db.commit()
    assert erased.counts == {
        "call_turns": 1,
        "webhook_deliveries": 1,
        "calls": 1,
        "bookings": 1,
        "messages": 1,
    }
    staff_db.expunge_all()
    mine, theirs = two_tenants["my_rows"], two_tenants["their_rows"]
    call = staff_db.get(Call, mine["call"].id)
    assert (call.from_number, call.duration_seconds) == ("+43", 75)  # type: ignore[union-attr]
    assert call.summary is None  # type: ignore[union-attr]
    assert staff_db.scalar(select(func.count()).where(CallTurn.call_id == call.id)) == 0  # type: ignore[union-attr]
    assert staff_db.get(WebhookDelivery, mine["delivery"].id) is None
    assert staff_db.get(Message, mine["message"].id) is None
    assert staff_db.get(Message, theirs["message"].id) is not None
    booking = staff_db.get(Booking, mine["booking"].id)
    assert (booking.caller_name, booking.caller_phone) == ("", "")  # type: ignore[union-attr]
    assert staff_db.scalar(select(func.count()).select_from(UsageEvent)) == usage_before
    # The other tenant's calls from the same number, and another caller of mine: untouched.
    their_call = staff_db.get(Call, theirs["call"].id)
    assert their_call.from_number == NUMBER  # type: ignore[union-attr]
    assert staff_db.scalar(select(func.count()).where(CallTurn.call_id == their_call.id)) == 1  # type: ignore[union-attr]
    assert staff_db.get(Booking, theirs["booking"].id).caller_name == "Maria Huber"  # type: ignore[union-attr]
    assert staff_db.get(WebhookDelivery, theirs["delivery"].id) is not None
    assert staff_db.get(Call, two_tenants["stranger"].id).from_number == "+436609999999"  # type: ignore[union-attr]
    audit = staff_db.scalars(
        select(AuditEvent).where(AuditEvent.action == "privacy.caller_erased")
    ).one()
    assert audit.after == erased.counts and audit.tenant_id == tenant.id
    # Asked again: nothing is left to find.
    with tenant_session(session_factory, tenant.id) as db:
        again = find_caller(session=db, viewer=db.get(User, admin.id), number=NUMBER)
    assert again.empty


def test_only_administrators_may(two_tenants: dict, session_factory: sessionmaker[Session]) -> None:
    with tenant_session(session_factory, two_tenants["mine"].id) as db:
        member = db.get(User, two_tenants["member"].id)
        with pytest.raises(NotAllowed):
            find_caller(session=db, viewer=member, number=NUMBER)  # type: ignore[arg-type]
        with pytest.raises(NotAllowed):
            erase_caller(session=db, actor=member, number=NUMBER)  # type: ignore[arg-type]


def test_a_spreadsheet_formula_in_a_transcript_is_quoted(
    make: Factory, session_factory: sessionmaker[Session]
) -> None:
    tenant = make.tenant()
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
    call = make.call(tenant, from_number=NUMBER, started_at=datetime(2026, 11, 2, tzinfo=UTC))
    make.call_turn(tenant, call, text='=HYPERLINK("http://evil")')
    with tenant_session(session_factory, tenant.id) as db:
        archive = export_caller(session=db, actor=db.get(User, admin.id), number=NUMBER)  # type: ignore[arg-type]
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        rows = list(csv.DictReader(io.StringIO(zipped.read("call_turns.csv").decode())))
        calls = list(csv.DictReader(io.StringIO(zipped.read("calls.csv").decode())))
    assert rows[0]["text"].startswith("'=")
    assert calls[0]["from_number"] == NUMBER
