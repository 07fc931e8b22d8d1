"""Support tickets: list, open, read the thread, reply."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from customer_ui.api.fields import RequestBody, ResourceId, ServiceChecked
from customer_ui.api.routing import ThreadedRoute
from customer_ui.api.security import TenantDb, Writer, acting_user, requires
from models import SupportTicket, TicketPriority, TicketStatus
from services.errors import ValidationFailed
from services.permissions import Action
from services.support import (
    MAX_BODY,
    MAX_SUBJECT,
    add_reply,
    body_problem,
    customer_thread,
    get_ticket,
    list_tickets,
    open_ticket,
    subject_problem,
    written_by_staff,
)

router = APIRouter(
    prefix="/tickets",
    tags=["support"],
    route_class=ThreadedRoute,
    dependencies=[requires(Action.SUPPORT)],
)
LISTED = 200


class TicketOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    subject: str
    status: TicketStatus
    priority: TicketPriority
    created_at: datetime
    last_message_at: datetime | None


class MessageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    body: str
    from_staff: bool
    created_at: datetime


class TicketDetailOut(TicketOut):
    messages: list[MessageOut]


# services/support.py checks a ticket's texts and words what is wrong, for the portal and here.
Subject = Annotated[str, ServiceChecked(subject_problem, minLength=1, maxLength=MAX_SUBJECT)]
Body = Annotated[str, ServiceChecked(body_problem, minLength=1, maxLength=MAX_BODY)]


class ReplyIn(RequestBody):
    message: Body


class TicketIn(ReplyIn):
    subject: Subject
    priority: TicketPriority = TicketPriority.NORMAL


@router.get(
    "",
    response_model=list[TicketOut],
    summary=f"Your tickets, the latest activity first (at most {LISTED})",
)
def tickets(db: TenantDb) -> list[TicketOut]:
    return [TicketOut.model_validate(t) for t in list_tickets(session=db, limit=LISTED)]


@router.post(
    "",
    response_model=TicketDetailOut,
    status_code=status.HTTP_201_CREATED,
    summary="Open a ticket",
)
def create_ticket(body: TicketIn, caller: Writer, db: TenantDb) -> TicketDetailOut:
    author = acting_user(db, caller)
    with _api_field_names():
        ticket = open_ticket(
            session=db,
            author=author,
            subject=body.subject,
            body=body.message,
            priority=body.priority,
        )
    db.commit()
    return _detail(db, ticket)


@router.get("/{ticket_id}", response_model=TicketDetailOut, summary="A ticket and its thread")
def ticket(ticket_id: ResourceId, db: TenantDb) -> TicketDetailOut:
    return _detail(db, get_ticket(session=db, ticket_id=ticket_id))


@router.post(
    "/{ticket_id}/replies",
    response_model=TicketDetailOut,
    status_code=status.HTTP_201_CREATED,
    summary="Reply to a ticket",
)
def reply(
    ticket_id: ResourceId,
    body: ReplyIn,
    caller: Writer,
    db: TenantDb,
) -> TicketDetailOut:
    found = get_ticket(session=db, ticket_id=ticket_id)
    with _api_field_names():
        add_reply(session=db, ticket=found, author=acting_user(db, caller), body=body.message)
    db.commit()
    return _detail(db, found)


@contextmanager
def _api_field_names() -> Iterator[None]:
    """The service calls a message's text `body`; the API calls it `message`."""
    try:
        yield
    except ValidationFailed as error:
        fields = {
            "message" if name == "body" else name: text for name, text in error.fields.items()
        }
        raise ValidationFailed(fields) from None


def _detail(db: Session, ticket: SupportTicket) -> TicketDetailOut:
    messages = customer_thread(session=db, ticket=ticket)
    return TicketDetailOut(
        **TicketOut.model_validate(ticket).model_dump(),
        messages=[
            MessageOut(
                id=m.id,
                body=m.body,
                from_staff=written_by_staff(m),
                created_at=m.created_at,
            )
            for m in messages
        ],
    )
