"""Support: the tenant's tickets and a new ticket; one ticket's thread is
customer_ui/pages/support_ticket.py. Internal staff notes never reach these pages
(services.support.visible_messages)."""

from __future__ import annotations

from nicegui import ui

from core.catalogue import N_
from customer_ui.context import PortalContext
from customer_ui.layout import MemberPage, cards_on_a_phone, guarded, member_page
from customer_ui.pages.support_ticket import PRIORITY_LABELS, STATUS_LABELS, ticket_thread
from customer_ui.submit import submit
from customer_ui.text_fields import deliver_any_text, text_input
from models import TicketPriority
from services.permissions import Action
from services.support import MAX_BODY, MAX_SUBJECT, list_tickets, open_ticket


def register(ctx: PortalContext) -> None:
    @ui.page("/support")
    def support_page() -> None:
        with member_page(ctx, "Support") as page:
            if not page.refused(Action.SUPPORT):
                new_ticket_card(ctx, page)
                tickets_table(page)

    @ui.page("/support/{ticket_id}")
    def ticket_page(ticket_id: str) -> None:
        with member_page(ctx, N_("Ticket")) as page:
            if not page.refused(Action.SUPPORT):
                ticket_thread(ctx, page, ticket_id)


def new_ticket_card(ctx: PortalContext, page: MemberPage) -> None:
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

        def send() -> None:
            sent = submit(
                ctx,
                page,
                inputs,
                lambda db, user: open_ticket(
                    session=db,
                    author=user,
                    subject=inputs["subject"].value or "",
                    body=inputs["body"].value or "",
                    priority=TicketPriority(priority.value),
                ),
                done=tr("Thank you! We will answer soon."),
            )
            if sent is not None:
                ui.navigate.to(f"/support/{sent.value.id}")

        ui.button(tr("Send ticket"), icon="send", on_click=guarded(tr, send))


def tickets_table(page: MemberPage) -> None:
    tr = page.tr
    tickets = list_tickets(session=page.db)
    if not tickets:
        ui.label(tr("No tickets yet."))
        return
    columns = [
        {"name": name, "label": label, "field": name, "align": "left"}
        for name, label in (
            ("subject", tr("Subject")),
            ("status", tr("Status")),
            ("priority", tr("Priority")),
            ("last", tr("Last message")),
        )
    ]
    rows = [
        {
            "id": t.id,
            "subject": t.subject,
            "status": tr(STATUS_LABELS[t.status]),
            "priority": tr(PRIORITY_LABELS[t.priority]),
            "last": tr.when(t.last_message_at),
        }
        for t in tickets
    ]
    table = ui.table(columns=columns, rows=rows, row_key="id").classes("w-full cursor-pointer")
    cards_on_a_phone(table)
    table.on("rowClick", lambda e: ui.navigate.to(f"/support/{e.args[1]['id']}"))
