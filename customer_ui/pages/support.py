"""Support: the tenant's tickets, a new ticket, a ticket's thread with reply and close.
Internal staff notes never reach these pages (services.support.visible_messages)."""

from __future__ import annotations

from nicegui import ui

from core.catalogue import N_
from customer_ui.context import PortalContext
from customer_ui.layout import (
    cards_on_a_phone,
    clear_field_errors,
    guarded,
    member_page,
    not_found,
    parse_id,
    show_field_errors,
)
from customer_ui.text_fields import deliver_any_text, text_input
from models import TicketPriority, TicketStatus
from services.errors import NotFound, ValidationFailed
from services.permissions import Action
from services.support import (
    MAX_BODY,
    MAX_SUBJECT,
    add_reply,
    close_ticket,
    get_ticket,
    list_tickets,
    open_ticket,
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


def register(ctx: PortalContext) -> None:
    @ui.page("/support")
    def support_page() -> None:
        with member_page(ctx, "Support") as page:
            if page.refused(Action.SUPPORT):
                return
            tr = page.tr
            with ui.card().classes("w-full gap-2"):
                ui.label(tr("New ticket")).classes("font-semibold")
                inputs = {
                    "subject": text_input(tr("Subject"), max_length=MAX_SUBJECT).classes("w-full"),
                    "body": ui.textarea(tr("Message")).classes("w-full"),
                }
                deliver_any_text(inputs["body"], max_length=MAX_BODY)
                priority = ui.select(
                    {p.value: tr(label) for p, label in PRIORITY_LABELS.items()},
                    value=TicketPriority.NORMAL.value,
                    label=tr("Priority"),
                ).classes("w-48")

                def submit() -> None:
                    clear_field_errors(inputs)
                    try:
                        with ctx.tenant_db(page.who) as (db, user):
                            ticket = open_ticket(
                                session=db,
                                author=user,
                                subject=inputs["subject"].value or "",
                                body=inputs["body"].value or "",
                                priority=TicketPriority(priority.value),
                            )
                    except ValidationFailed as error:
                        show_field_errors(tr, inputs, error)
                        return
                    ui.notify(tr("Thank you! We will answer soon."), type="positive")
                    ui.navigate.to(f"/support/{ticket.id}")

                ui.button(tr("Send ticket"), icon="send", on_click=guarded(tr, submit))

            tickets = list_tickets(session=page.db)
            if not tickets:
                ui.label(tr("No tickets yet."))
                return
            table = ui.table(
                columns=[
                    {
                        "name": "subject",
                        "label": tr("Subject"),
                        "field": "subject",
                        "align": "left",
                    },
                    {"name": "status", "label": tr("Status"), "field": "status", "align": "left"},
                    {
                        "name": "priority",
                        "label": tr("Priority"),
                        "field": "priority",
                        "align": "left",
                    },
                    {"name": "last", "label": tr("Last message"), "field": "last", "align": "left"},
                ],
                rows=[
                    {
                        "id": t.id,
                        "subject": t.subject,
                        "status": tr(STATUS_LABELS[t.status]),
                        "priority": tr(PRIORITY_LABELS[t.priority]),
                        "last": tr.when(t.last_message_at),
                    }
                    for t in tickets
                ],
                row_key="id",
            ).classes("w-full cursor-pointer")
            cards_on_a_phone(table)
            table.on("rowClick", lambda e: ui.navigate.to(f"/support/{e.args[1]['id']}"))

    @ui.page("/support/{ticket_id}")
    def ticket_page(ticket_id: str) -> None:
        with member_page(ctx, N_("Ticket")) as page:
            if page.refused(Action.SUPPORT):
                return
            tr = page.tr
            try:
                ticket = get_ticket(session=page.db, ticket_id=parse_id(ticket_id))
            except NotFound:
                not_found(tr, tr("This ticket does not exist."), "/support")
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
                ui.link(tr("Back to support"), "/support")
                return
            reply = ui.textarea(tr("Your reply")).classes("w-full max-w-3xl")
            deliver_any_text(reply, max_length=MAX_BODY)

            def send() -> None:
                clear_field_errors({"body": reply})
                try:
                    with ctx.tenant_db(page.who) as (db, user):
                        add_reply(
                            session=db,
                            ticket=get_ticket(session=db, ticket_id=ticket.id),
                            author=user,
                            body=reply.value or "",
                        )
                except ValidationFailed as error:
                    show_field_errors(tr, {"body": reply}, error)
                    return
                ui.navigate.reload()

            def close() -> None:
                with ctx.tenant_db(page.who) as (db, user):
                    found = get_ticket(session=db, ticket_id=ticket.id)
                    close_ticket(session=db, ticket=found, actor=user)
                ui.notify(tr("Ticket closed."), type="positive")
                ui.navigate.reload()

            with ui.row():
                ui.button(tr("Send reply"), icon="send", on_click=guarded(tr, send))
                ui.button(tr("Close ticket"), icon="done", on_click=guarded(tr, close)).props(
                    "outline"
                )
            ui.link(tr("Back to support"), "/support")
