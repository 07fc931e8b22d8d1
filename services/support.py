"""Support tickets: customers open them and reply; staff reply, leave internal notes, assign
and move them through open → waiting on customer → resolved → closed. Each of these changes
leaves an audit event (who, what, and the address the front door saw), here, not in the
front doors."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.catalogue import N_, Phrase
from models import Role, SupportTicket, TicketMessage, TicketPriority, TicketStatus, User
from models.base import utcnow
from services.audit import audit_row
from services.email_outbox import queue_email
from services.email_texts import email_text
from services.errors import NotFound, ValidationFailed, Wording
from services.permissions import Action, require
from services.text_input import text_problem

MAX_SUBJECT = 200
MAX_BODY = 10_000


def open_ticket(
    *,
    session: Session,
    author: User,
    subject: str,
    body: str,
    priority: TicketPriority = TicketPriority.NORMAL,
    ip_address: str | None = None,
) -> SupportTicket:
    """A customer's new ticket with its first message."""
    require(author, Action.SUPPORT)
    errors: dict[str, Wording] = {}
    if problem := subject_problem(subject):
        errors["subject"] = problem
    if problem := body_problem(body):
        errors["body"] = problem
    if errors:
        raise ValidationFailed(errors)
    if author.tenant_id is None:
        raise ValidationFailed({"author": "Only customers open tickets."})
    ticket = SupportTicket(
        tenant_id=author.tenant_id,
        subject=subject.strip(),
        priority=priority,
        created_by_id=author.id,
        last_message_at=utcnow(),
    )
    session.add(ticket)
    session.flush()
    session.add(
        TicketMessage(
            tenant_id=ticket.tenant_id, ticket_id=ticket.id, author_id=author.id, body=body.strip()
        )
    )
    session.flush()
    audit_row(
        session,
        author,
        "ticket.opened",
        ticket,
        before=None,
        after={"subject": ticket.subject},
        ip_address=ip_address,
    )
    return ticket


def list_tickets(*, session: Session, limit: int | None = None) -> list[SupportTicket]:
    """Tickets, the ones with the latest activity first, at most `limit` of them (pass a
    tenant session for a customer's own tickets)."""
    return list(
        session.scalars(
            select(SupportTicket)
            .order_by(SupportTicket.last_message_at.desc().nulls_last(), SupportTicket.id.desc())
            .limit(limit)
        )
    )


def close_ticket(*, session: Session, ticket: SupportTicket, actor: User) -> None:
    """A customer closes their ticket; a new question needs a new ticket."""
    set_status(session=session, ticket=ticket, status=TicketStatus.CLOSED, actor=actor)


def get_ticket(*, session: Session, ticket_id: int) -> SupportTicket:
    """The ticket, or NotFound — also when it belongs to another tenant (scoped session)."""
    ticket = session.get(SupportTicket, ticket_id)
    if ticket is None:
        raise NotFound("This ticket does not exist.")
    return ticket


def add_reply(
    *,
    session: Session,
    ticket: SupportTicket,
    author: User,
    body: str,
    internal: bool = False,
    portal_url: str | None = None,
    ip_address: str | None = None,
) -> TicketMessage:
    """A reply in the thread. Only staff write internal notes; a customer's reply reopens a
    ticket that waited on them, a staff reply sets it to waiting on the customer. A staff
    reply (not a note) is e-mailed to the customer who opened the ticket, with a link into
    `portal_url` (the portal's base address), in the same transaction."""
    if not author.is_staff:  # staff answer from the back office, under its own rules
        require(author, Action.SUPPORT)
    if problem := body_problem(body):
        raise ValidationFailed({"body": problem})
    if internal and not author.is_staff:
        raise ValidationFailed({"internal": "Only staff can write internal notes."})
    if ticket.status is TicketStatus.CLOSED:
        raise ValidationFailed({"body": N_("This ticket is closed. Please open a new one.")})
    message = TicketMessage(
        tenant_id=ticket.tenant_id,
        ticket_id=ticket.id,
        author_id=author.id,
        body=body.strip(),
        is_internal=internal,
    )
    session.add(message)
    if not internal:
        ticket.last_message_at = utcnow()
        if author.is_staff and ticket.status is TicketStatus.OPEN:
            ticket.status = TicketStatus.WAITING_ON_CUSTOMER
        elif not author.is_staff and ticket.status is not TicketStatus.OPEN:
            ticket.status = TicketStatus.OPEN
    session.flush()
    action = "ticket.internal_note" if internal else "ticket.replied"
    after = {"message_id": message.id, "status": ticket.status.value}
    audit_row(session, author, action, ticket, before=None, after=after, ip_address=ip_address)
    if author.is_staff and not internal and portal_url is not None:
        _tell_the_customer(session, ticket, portal_url)
    return message


def _tell_the_customer(session: Session, ticket: SupportTicket, portal_url: str) -> None:
    """E-mail the ticket's opener that staff answered, in their language. The answer itself
    stays in the portal, behind their login: the e-mail carries only the link."""
    customer = ticket.created_by
    if customer is None or not customer.is_active or not customer.email:
        return
    link = f"{portal_url.rstrip('/')}/support/{ticket.id}"
    subject = email_text("support_reply_subject", customer.locale, subject=ticket.subject)
    body = email_text(
        "support_reply_body",
        customer.locale,
        name=customer.name,
        subject=ticket.subject,
        link=link,
    )
    queue_email(
        session=session,
        to=customer.email,
        subject=subject[:200],
        body=body,
        tenant_id=ticket.tenant_id,
    )


def visible_messages(
    *, session: Session, ticket: SupportTicket, viewer: User
) -> list[TicketMessage]:
    """The thread as `viewer` may see it: customers never see internal notes."""
    return _thread(session, ticket, include_internal=viewer.is_staff)


def customer_thread(*, session: Session, ticket: SupportTicket) -> list[TicketMessage]:
    """The thread as the customer sees it (the REST API speaks for the customer)."""
    return _thread(session, ticket, include_internal=False)


def written_by_staff(message: TicketMessage) -> bool:
    """True for a staff member's message. In a tenant session staff users are invisible (they
    belong to no tenant), so an author id whose author cannot be loaded is staff."""
    if message.author is not None:
        return message.author.is_staff
    return message.author_id is not None


def _thread(
    session: Session, ticket: SupportTicket, *, include_internal: bool
) -> list[TicketMessage]:
    query = (
        select(TicketMessage)
        .where(TicketMessage.ticket_id == ticket.id)
        .order_by(TicketMessage.created_at, TicketMessage.id)
    )
    if not include_internal:
        query = query.where(TicketMessage.is_internal.is_(False))
    return list(session.scalars(query))


def set_status(
    *,
    session: Session,
    ticket: SupportTicket,
    status: TicketStatus,
    actor: User,
    ip_address: str | None = None,
) -> None:
    before = {"status": ticket.status.value}
    ticket.status = status
    ticket.closed_at = utcnow() if status is TicketStatus.CLOSED else None
    session.flush()
    after = {"status": status.value}
    audit_row(
        session,
        actor,
        "ticket.status_changed",
        ticket,
        before=before,
        after=after,
        ip_address=ip_address,
    )


def assign(
    *,
    session: Session,
    ticket: SupportTicket,
    assignee: User | None,
    actor: User,
    ip_address: str | None = None,
) -> None:
    if assignee is not None and assignee.role not in (Role.PLATFORM_ADMIN, Role.SUPPORT):
        raise ValidationFailed({"assignee": "Tickets are assigned to staff only."})
    before = {"assignee": ticket.assignee.email if ticket.assignee else None}
    ticket.assignee_id = assignee.id if assignee else None
    session.flush()
    after = {"assignee": assignee.email if assignee else None}
    audit_row(
        session, actor, "ticket.assigned", ticket, before=before, after=after, ip_address=ip_address
    )


def subject_problem(subject: str) -> Wording | None:
    """What is wrong with a ticket's subject, in words for the person who wrote it; None
    when nothing is. The API's schema asks the same (customer_ui/api/routes/support.py)."""
    if not subject.strip():
        return N_("Please enter a subject.")
    if len(subject) > MAX_SUBJECT:
        return Phrase("The subject may have at most {count} characters.", count=MAX_SUBJECT)
    return text_problem(subject, max_length=MAX_SUBJECT)


def body_problem(body: str) -> Wording | None:
    """What is wrong with a ticket message's text; None when nothing is."""
    if not body.strip():
        return N_("Please write a message.")
    if len(body) > MAX_BODY:
        return Phrase("The message may have at most {count} characters.", count=MAX_BODY)
    return text_problem(body, max_length=MAX_BODY, multiline=True)
