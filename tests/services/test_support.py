from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models import AuditEvent, Role, TicketStatus
from models.scoping import tenant_session
from services.errors import NotFound, ValidationFailed
from services.support import (
    add_reply,
    assign,
    close_ticket,
    get_ticket,
    open_ticket,
    set_status,
    visible_messages,
)
from tests.factories import Factory


def test_thread_hides_internal_notes_from_customers(staff_db: Session, make: Factory) -> None:
    tenant = make.tenant()
    customer = make.user(tenant, role=Role.CUSTOMER_ADMIN)
    agent = make.user(None, role=Role.SUPPORT)
    ticket = open_ticket(session=staff_db, author=customer, subject="Bot schweigt", body="Hilfe!")
    add_reply(session=staff_db, ticket=ticket, author=agent, body="Kunde ist VIP", internal=True)
    assert ticket.status is TicketStatus.OPEN
    add_reply(session=staff_db, ticket=ticket, author=agent, body="Wir schauen es uns an.")
    assert ticket.status is TicketStatus.WAITING_ON_CUSTOMER
    add_reply(session=staff_db, ticket=ticket, author=customer, body="Danke!")
    assert ticket.status is TicketStatus.OPEN

    seen_by_customer = [
        m.body for m in visible_messages(session=staff_db, ticket=ticket, viewer=customer)
    ]
    seen_by_staff = [
        m.body for m in visible_messages(session=staff_db, ticket=ticket, viewer=agent)
    ]
    assert seen_by_customer == ["Hilfe!", "Wir schauen es uns an.", "Danke!"]
    assert "Kunde ist VIP" in seen_by_staff


def test_customers_cannot_write_internal_notes_or_reply_to_closed(
    staff_db: Session, make: Factory
) -> None:
    tenant = make.tenant()
    customer = make.user(tenant)
    ticket = open_ticket(session=staff_db, author=customer, subject="Frage", body="Eine Frage")
    with pytest.raises(ValidationFailed):
        add_reply(session=staff_db, ticket=ticket, author=customer, body="psst", internal=True)
    set_status(session=staff_db, ticket=ticket, status=TicketStatus.CLOSED, actor=customer)
    with pytest.raises(ValidationFailed):
        add_reply(session=staff_db, ticket=ticket, author=customer, body="noch was")


def test_empty_subject_and_body_are_field_errors(staff_db: Session, make: Factory) -> None:
    customer = make.user(make.tenant())
    with pytest.raises(ValidationFailed) as error:
        open_ticket(session=staff_db, author=customer, subject="", body=" ")
    assert set(error.value.fields) == {"subject", "body"}


def test_other_tenants_ticket_is_not_found(
    make: Factory, staff_db: Session, session_factory: sessionmaker[Session]
) -> None:
    alpha, beta = make.tenant(), make.tenant()
    ticket = open_ticket(session=staff_db, author=make.user(alpha), subject="A", body="A")
    with tenant_session(session_factory, beta.id) as b, pytest.raises(NotFound):
        get_ticket(session=b, ticket_id=ticket.id)


def test_every_change_to_a_ticket_is_audited_by_the_service(
    staff_db: Session, make: Factory
) -> None:
    """Whichever front door calls (portal, API, back office), the service records who did
    what: one event per change."""
    tenant = make.tenant()
    customer = make.user(tenant)
    agent = make.user(None, role=Role.SUPPORT)
    ticket = open_ticket(session=staff_db, author=customer, subject="Frage", body="Eine Frage")
    add_reply(session=staff_db, ticket=ticket, author=agent, body="Intern", internal=True)
    add_reply(session=staff_db, ticket=ticket, author=agent, body="Servus", ip_address="10.0.0.1")
    assign(session=staff_db, ticket=ticket, assignee=agent, actor=agent)
    close_ticket(session=staff_db, ticket=ticket, actor=customer)
    events = staff_db.scalars(
        select(AuditEvent).where(AuditEvent.entity_id == str(ticket.id)).order_by(AuditEvent.id)
    ).all()
    assert [(e.action, e.actor_id, e.tenant_id) for e in events] == [
        ("ticket.opened", customer.id, tenant.id),
        ("ticket.internal_note", agent.id, tenant.id),
        ("ticket.replied", agent.id, tenant.id),
        ("ticket.assigned", agent.id, tenant.id),
        ("ticket.status_changed", customer.id, tenant.id),
    ]
    assert events[2].ip_address == "10.0.0.1"
    assert (events[3].before, events[3].after) == ({"assignee": None}, {"assignee": agent.email})
    assert events[4].after == {"status": "closed"}
