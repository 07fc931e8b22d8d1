"""Support → one ticket: its thread as a conversation, a reply, and closing it. Internal
staff notes never reach this page (services.support.visible_messages)."""

from __future__ import annotations

from nicegui import ui

from core.catalogue import N_
from customer_ui.context import PortalContext
from customer_ui.layout import MemberPage, found, guarded
from customer_ui.submit import submit
from customer_ui.text_fields import deliver_any_text
from models import SupportTicket, TicketPriority, TicketStatus
from services.support import (
    MAX_BODY,
    add_reply,
    close_ticket,
    get_ticket,
    visible_messages,
    written_by_staff,
)

STATUS_LABELS = {
    TicketStatus.OPEN: "Open",
    TicketStatus.WAITING_ON_CUSTOMER: N_("Waiting for your answer"),
    TicketStatus.RESOLVED: N_("Resolved"),
    TicketStatus.CLOSED: N_("Closed"),
}
PRIORITY_LABELS = {
    TicketPriority.LOW: N_("Low"),
    TicketPriority.NORMAL: N_("Normal"),
    TicketPriority.HIGH: N_("High"),
    TicketPriority.URGENT: N_("Urgent"),
}


def ticket_thread(ctx: PortalContext, page: MemberPage, ticket_id: str) -> None:
    tr = page.tr
    missing = tr("This ticket does not exist.")
    ticket = found(
        tr, lambda n: get_ticket(session=page.db, ticket_id=n), ticket_id, missing, "/support"
    )
    if ticket is None:
        return
    with ui.row().classes("items-center gap-4"):
        ui.label(ticket.subject).classes("text-xl font-semibold")
        ui.badge(tr(STATUS_LABELS[ticket.status]))
        ui.label(tr(PRIORITY_LABELS[ticket.priority])).classes("text-sm text-gray-600")
    with ui.column().classes("w-full max-w-3xl gap-1"):
        for message in visible_messages(session=page.db, ticket=ticket, viewer=page.user):
            from_staff = written_by_staff(message)
            ui.chat_message(
                message.body,
                name=tr("VoiceAgent support")
                if from_staff
                else (message.author.name if message.author else "—"),
                stamp=tr.when(message.created_at),
                sent=not from_staff,
            ).classes("self-end" if not from_staff else "self-start")
    if ticket.status is TicketStatus.CLOSED:
        ui.label(tr("This ticket is closed. Please open a new one if you need more help."))
    else:
        _reply_form(ctx, page, ticket)
    ui.link(tr("Back to support"), "/support")


def _reply_form(ctx: PortalContext, page: MemberPage, ticket: SupportTicket) -> None:
    tr, ticket_id = page.tr, ticket.id
    reply = ui.textarea(tr("Your reply")).classes("w-full max-w-3xl")
    deliver_any_text(reply, max_length=MAX_BODY)

    def send() -> None:
        sent = submit(
            ctx,
            page,
            {"body": reply},
            lambda db, user: add_reply(
                session=db,
                ticket=get_ticket(session=db, ticket_id=ticket_id),
                author=user,
                body=reply.value or "",
            ),
        )
        if sent is not None:
            ui.navigate.reload()

    def close() -> None:
        with ctx.tenant_db(page.who) as (db, user):
            found = get_ticket(session=db, ticket_id=ticket_id)
            close_ticket(session=db, ticket=found, actor=user)
        ui.notify(tr("Ticket closed."), type="positive")
        ui.navigate.reload()

    with ui.row():
        ui.button(tr("Send reply"), icon="send", on_click=guarded(tr, send))
        ui.button(tr("Close ticket"), icon="done", on_click=guarded(tr, close)).props("outline")
