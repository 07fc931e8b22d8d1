"""Retention on PostgreSQL with aged rows: what is past a tenant's periods is deleted or
anonymised, in batches, once (a rerun changes nothing), recorded in the audit log; what is
younger, invoices, usage and other tenants stay exactly as they were."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from models import AuditEvent, Booking, Call, CallTurn, Role, UsageEvent, User, WebhookDelivery
from models.scoping import tenant_session
from services.caller_numbers import country_code
from services.errors import ValidationFailed
from services.permissions import NotAllowed
from services.retention import (
    AUDIT_ACTION,
    RetentionSettings,
    apply_retention,
    months_before,
    update_retention,
)
from tests.factories import Factory

NOW = datetime(2027, 3, 15, 12, 0, tzinfo=UTC)


def _aged(make: Factory, **tenant: object) -> dict[str, object]:
    """A tenant with a call of each age, its turns, bookings and a webhook delivery each."""
    owner = make.tenant(**tenant)
    bot = make.bot(owner)
    calls = {
        age: make.call(
            owner,
            bot,
            started_at=NOW - timedelta(days=age),
            from_number="+436641234567",
            summary="Wollte wissen: Haben Sie am Sonntag offen?",
            summary_fields={"unanswered_questions": ["Haben Sie am Sonntag offen?"]},
        )
        for age in (10, 100, 500)
    }
    for call in calls.values():
        make.call_turn(owner, call, text="Ich heiße Maria Huber")
        make.call_turn(owner, call, text="Grüß Gott")
        make.usage_event(owner, call_id=call.id, occurred_at=call.started_at)
    bookings = {age: make.booking(owner, starts_at=NOW - timedelta(days=age)) for age in (10, 500)}
    make.message(owner, created_at=NOW - timedelta(days=100))
    make.message(owner, created_at=NOW - timedelta(days=10))
    old_delivery = make.webhook_delivery(owner, created_at=NOW - timedelta(days=100))
    new_delivery = make.webhook_delivery(owner, created_at=NOW - timedelta(days=1))
    return {
        "tenant": owner,
        "calls": calls,
        "bookings": bookings,
        "deliveries": (old_delivery, new_delivery),
    }


def _turns(db: Session, call: Call) -> int:
    return db.scalar(select(func.count()).where(CallTurn.call_id == call.id)) or 0


@pytest.mark.parametrize("batch_size", [5000, 1])
def test_what_is_past_its_period_goes_and_the_rest_stays(
    make: Factory, staff_db: Session, session_factory: sessionmaker[Session], batch_size: int
) -> None:
    mine, other = _aged(make), _aged(make)
    usage_before = staff_db.scalar(select(func.count()).select_from(UsageEvent))
    delivery_ids = [d.id for d in mine["deliveries"]]  # type: ignore[attr-defined]

    run = apply_retention(
        session_factory=session_factory,
        tenant_id=mine["tenant"].id,  # type: ignore[attr-defined]
        now=NOW,
        batch_size=batch_size,
    )

    assert run.counts == {
        "transcript_turns_deleted": 4,  # the calls of 100 and 500 days ago
        "summaries_deleted": 2,
        "caller_numbers_cut": 1,  # the call of 500 days ago (over 13 months)
        "webhook_deliveries_deleted": 1,
        "messages_deleted": 1,  # the one of 100 days ago
        "bookings_anonymised": 1,
    }
    staff_db.expunge_all()
    calls = {age: staff_db.get(Call, c.id) for age, c in mine["calls"].items()}  # type: ignore[attr-defined]
    assert [_turns(staff_db, calls[age]) for age in (10, 100, 500)] == [2, 0, 0]  # type: ignore[index]
    assert [calls[age].from_number for age in (10, 100, 500)] == [  # type: ignore[index]
        "+436641234567",
        "+436641234567",
        "+43",
    ]
    assert calls[500].duration_seconds == 75  # type: ignore[index]  # the call itself stays
    assert [calls[age].summary is None for age in (10, 100, 500)] == [False, True, True]  # type: ignore[index]
    # The question left open goes with the summary: the dashboard no longer lists it.
    assert [calls[age].left_questions for age in (10, 100, 500)] == [True, False, False]  # type: ignore[index]
    old, recent = (staff_db.get(Booking, mine["bookings"][age].id) for age in (500, 10))  # type: ignore[index]
    assert (old.caller_name, old.caller_phone) == ("", "")
    assert (recent.caller_name, recent.caller_phone) == ("Maria Huber", "+436641234567")
    old_id, new_id = delivery_ids
    assert staff_db.get(WebhookDelivery, old_id) is None
    assert staff_db.get(WebhookDelivery, new_id) is not None
    # Usage stays for invoices; the other tenant's rows are untouched.
    assert staff_db.scalar(select(func.count()).select_from(UsageEvent)) == usage_before
    theirs = {age: staff_db.get(Call, c.id) for age, c in other["calls"].items()}  # type: ignore[attr-defined]
    assert [_turns(staff_db, theirs[age]) for age in (10, 100, 500)] == [2, 2, 2]  # type: ignore[index]
    assert theirs[500].from_number == "+436641234567"  # type: ignore[index]
    assert staff_db.get(Booking, other["bookings"][500].id).caller_name == "Maria Huber"  # type: ignore[index,union-attr]


def test_a_rerun_changes_nothing_and_each_run_is_audited(
    make: Factory, staff_db: Session, session_factory: sessionmaker[Session]
) -> None:
    tenant = _aged(make)["tenant"]
    first = apply_retention(session_factory=session_factory, tenant_id=tenant.id, now=NOW)  # type: ignore[attr-defined]
    second = apply_retention(session_factory=session_factory, tenant_id=tenant.id, now=NOW)  # type: ignore[attr-defined]
    assert first.changed == 10
    assert second.changed == 0
    events = staff_db.scalars(
        select(AuditEvent)
        .where(AuditEvent.tenant_id == tenant.id, AuditEvent.action == AUDIT_ACTION)  # type: ignore[attr-defined]
        .order_by(AuditEvent.id)
    ).all()
    assert [e.after["transcript_turns_deleted"] for e in events] == [4, 0]  # type: ignore[index]
    assert events[0].after["periods"]["transcript_days"] == 90  # type: ignore[index]


def test_a_tenants_own_periods_apply(
    make: Factory, staff_db: Session, session_factory: sessionmaker[Session]
) -> None:
    aged = _aged(make, transcript_retention_days=365, call_retention_months=24)
    run = apply_retention(session_factory=session_factory, tenant_id=aged["tenant"].id, now=NOW)  # type: ignore[attr-defined]
    assert run.counts["transcript_turns_deleted"] == 2  # only the call of 500 days
    assert run.counts["caller_numbers_cut"] == 0


def test_a_tenant_that_is_gone_has_nothing_to_do(session_factory: sessionmaker[Session]) -> None:
    assert apply_retention(session_factory=session_factory, tenant_id=10**12).counts == {}


@pytest.mark.parametrize(
    "number",
    [
        "+436641234567",
        "+4915112345678",
        "+12025550100",
        "+79161234567",
        "+35312345678",
        "+420601123456",
        "+43",
        "0664123456",
        "anonymous",
        "",
        "+",
    ],
)
def test_the_database_and_python_cut_numbers_alike(staff_db: Session, number: str) -> None:
    in_database = staff_db.execute(
        text("SELECT caller_country_code(:number)"), {"number": number}
    ).scalar_one()
    assert in_database == country_code(number)
    assert country_code(country_code(number)) == country_code(number)  # cutting twice is once


def test_country_codes() -> None:
    assert [country_code(n) for n in ("+436641234567", "+12025550100", "+35312345678")] == [
        "+43",
        "+1",
        "+353",
    ]


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2027, 3, 15, tzinfo=UTC), 13, datetime(2026, 2, 15, tzinfo=UTC)),
        (datetime(2027, 3, 31, tzinfo=UTC), 1, datetime(2027, 2, 28, tzinfo=UTC)),
        (datetime(2027, 1, 10, tzinfo=UTC), 1, datetime(2026, 12, 10, tzinfo=UTC)),
        (datetime(2028, 2, 29, tzinfo=UTC), 12, datetime(2027, 2, 28, tzinfo=UTC)),
    ],
)
def test_months_before(moment: datetime, months: int, expected: datetime) -> None:
    assert months_before(moment, months) == expected


def test_administrators_choose_the_periods_within_limits(
    make: Factory, session_factory: sessionmaker[Session]
) -> None:
    tenant = make.tenant()
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
    member = make.user(tenant, role=Role.CUSTOMER_USER)
    wanted = RetentionSettings(transcript_days=30, call_months=6, booking_months=3, message_days=7)
    with tenant_session(session_factory, tenant.id) as db:
        with pytest.raises(NotAllowed):
            update_retention(session=db, actor=db.get(User, member.id), wanted=wanted)  # type: ignore[arg-type]
        with pytest.raises(ValidationFailed) as refused:
            update_retention(
                session=db,
                actor=db.get(User, admin.id),  # type: ignore[arg-type]
                wanted=RetentionSettings(transcript_days=0, call_months=121),
            )
        assert set(refused.value.fields) == {"transcript_days", "call_months"}
        me = db.get(User, admin.id)
        changed = update_retention(session=db, actor=me, wanted=wanted)  # type: ignore[arg-type]
        assert RetentionSettings.of(changed) == wanted
        audit = db.scalars(
            select(AuditEvent).where(AuditEvent.action == "privacy.retention_changed")
        ).one()
        assert audit.after == vars(wanted)


def test_bookings_that_have_not_ended_keep_their_caller(
    make: Factory, staff_db: Session, session_factory: sessionmaker[Session]
) -> None:
    tenant = make.tenant(booking_retention_months=1)
    future = make.booking(tenant, starts_at=NOW + timedelta(days=3))
    apply_retention(session_factory=session_factory, tenant_id=tenant.id, now=NOW)
    staff_db.expire_all()
    assert staff_db.get(Booking, future.id).caller_name == "Maria Huber"  # type: ignore[union-attr]
