"""Staff read a call's transcript in the back office only while the tenant has a support
ticket open or has granted access (services/staff_access.py); otherwise the call's details
stay visible and the words do not. Every look, shown or refused, is in the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Call, Tenant, TicketStatus
from models.base import utcnow
from tests.factories import Factory

WORDS = "Ich möchte am Samstag einen Tisch für vier"
REFUSED = "Not shown: the customer has not given our staff access to transcripts"


def call_with_words(make: Factory) -> tuple[Tenant, Call]:
    tenant = make.tenant()
    call = make.call(tenant, from_number="+436641234567")
    make.call_turn(tenant, call, text=WORDS)
    return tenant, call


def details(client: FlaskClient, call: Call) -> str:
    response = client.get(f"/admin/call/details/?id={call.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def audits(db: Session, call: Call) -> list[tuple[str, str | None]]:
    rows = db.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "Call", AuditEvent.entity_id == str(call.id)
        )
    )
    return [(row.action, row.actor_email) for row in rows]


@pytest.mark.parametrize("staff", ["as_support", "as_admin"])
def test_without_a_grant_or_ticket_the_words_are_refused(
    staff: str, request: pytest.FixtureRequest, make: Factory, staff_db: Session
) -> None:
    client: FlaskClient = request.getfixturevalue(staff)
    _tenant, call = call_with_words(make)
    page = details(client, call)
    assert REFUSED in page
    assert WORDS not in page
    assert "+436641234567" in page  # the call's own details stay visible
    assert [action for action, _who in audits(staff_db, call)] == ["transcript.refused"]


def test_a_grant_shows_the_words_and_each_view_is_audited(
    as_support: FlaskClient, support_user: object, make: Factory, staff_db: Session
) -> None:
    tenant, call = call_with_words(make)
    tenant.staff_transcript_access_until = utcnow() + timedelta(days=7)
    staff_db.flush()
    assert WORDS in details(as_support, call)
    assert WORDS in details(as_support, call)
    assert audits(staff_db, call) == [("transcript.viewed", support_user.email)] * 2  # type: ignore[attr-defined]


def test_an_expired_grant_is_refused(
    as_support: FlaskClient, make: Factory, staff_db: Session
) -> None:
    tenant, call = call_with_words(make)
    tenant.staff_transcript_access_until = utcnow() - timedelta(minutes=1)
    staff_db.flush()
    assert WORDS not in details(as_support, call)


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (TicketStatus.OPEN, True),
        (TicketStatus.WAITING_ON_CUSTOMER, True),
        (TicketStatus.RESOLVED, False),
        (TicketStatus.CLOSED, False),
    ],
)
def test_an_open_ticket_opens_the_transcript(
    status: TicketStatus, shown: bool, as_support: FlaskClient, make: Factory
) -> None:
    tenant, call = call_with_words(make)
    make.ticket(tenant, status=status)
    other = make.tenant()
    make.ticket(other)  # another customer's ticket opens nothing here
    assert (WORDS in details(as_support, call)) is shown


def test_the_turn_list_never_shows_the_words(as_support: FlaskClient, make: Factory) -> None:
    _tenant, call = call_with_words(make)
    page = as_support.get("/admin/callturn/").get_data(as_text=True)
    assert WORDS not in page
    turn = call.turns[0]
    assert WORDS not in as_support.get(f"/admin/callturn/details/?id={turn.id}").get_data(
        as_text=True
    )
    assert WORDS not in as_support.get("/admin/callturn/export/csv/").get_data(as_text=True)
