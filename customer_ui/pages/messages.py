"""Messages: what the phone bot took down for the team, newest first, one card each (so a
phone shows them whole), with "Done" for the ones taken care of."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from nicegui import ui
from sqlalchemy.orm import Session

from customer_ui.context import PortalContext
from customer_ui.i18n import Texts
from customer_ui.layout import guarded, member_page_of, read_off_loop
from models import Message, MessageStatus
from services import messages as inbox
from services.permissions import Action

PER_PAGE = 25


@dataclass(frozen=True)
class MessageCard:
    """A message as the page shows it, read in a worker thread."""

    id: int
    created_at: datetime
    bot_name: str
    caller_name: str
    caller_phone: str
    about: str
    done: bool
    handled_by: str | None
    handled_at: datetime | None
    call_id: int | None


def register(ctx: PortalContext) -> None:
    @ui.page("/messages")
    async def messages_page(show: str = "", before: str = "") -> None:
        everything = show == "all"
        older_than = (
            int(before) if before.isascii() and before.isdigit() and len(before) <= 18 else None
        )

        def load(db: Session) -> tuple[list[MessageCard], int]:
            found = inbox.list_messages(
                session=db,
                status=None if everything else MessageStatus.NEW,
                before_id=older_than,
                limit=PER_PAGE + 1,
            )
            cards = [_as_card(db, m) for m in found]
            return cards, inbox.count_new_messages(session=db)

        read = await read_off_loop(ctx, load)
        cards, new_count = read.data
        with member_page_of(read, "Messages") as page:
            if page.refused(Action.MESSAGES):
                return
            tr = page.tr
            with ui.row().classes("w-full items-center gap-2"):
                ui.label(tr("{count} new", count=tr.number(new_count))).classes(
                    "text-sm text-gray-600"
                )
                ui.space()
                ui.toggle(
                    {"new": tr("Open"), "all": tr("All")},
                    value="all" if everything else "new",
                    on_change=lambda e: ui.navigate.to(
                        "/messages?show=all" if e.value == "all" else "/messages"
                    ),
                ).props("no-caps dense")
            if not cards:
                ui.label(
                    tr("No messages yet. When your bot takes one, it shows up here.")
                    if everything or older_than
                    else tr("No open messages. Well done!")
                )
                return

            def done(message_id: int) -> MessageCard:
                with ctx.tenant_db(page.who) as (db, user):
                    fresh = _as_card(
                        db, inbox.mark_done(session=db, message_id=message_id, actor=user)
                    )
                ui.notify(tr("Marked as done."), type="positive")
                return fresh

            for card in cards[:PER_PAGE]:
                _card(tr, card, guarded(tr, done))
            if len(cards) > PER_PAGE:
                query = {"before": cards[PER_PAGE - 1].id} | ({"show": "all"} if everything else {})
                ui.link(tr("Older messages"), "/messages?" + urlencode(query))


def _as_card(db: Session, message: Message) -> MessageCard:
    return MessageCard(
        id=message.id,
        created_at=message.created_at,
        bot_name=message.bot.name,
        caller_name=message.caller_name,
        caller_phone=message.caller_phone,
        about=message.about,
        done=message.status is MessageStatus.DONE,
        handled_by=inbox.handled_by_name(session=db, message=message),
        handled_at=message.handled_at,
        call_id=message.call_id,
    )


def _card(tr: Texts, card: MessageCard, mark_done: Callable[[int], MessageCard | None]) -> None:
    """One message; "Mark as done" redraws just this card (no reload of the page)."""

    @ui.refreshable
    def show(current: MessageCard) -> None:
        _card_body(tr, current, lambda: _done(current.id))

    def _done(message_id: int) -> None:
        fresh = mark_done(message_id)
        if fresh is not None:
            show.refresh(fresh)

    show(card)


def _card_body(tr: Texts, card: MessageCard, on_done: Callable[[], None]) -> None:
    with ui.card().classes("w-full gap-1").mark(f"message-{card.id}"):
        with ui.row().classes("w-full items-center gap-x-3 gap-y-0 flex-wrap"):
            ui.label(card.caller_name or tr("Unknown caller")).classes("font-semibold")
            if card.caller_phone:
                ui.link(card.caller_phone, f"tel:{card.caller_phone}").classes("text-sm")
            ui.space()
            ui.badge(
                tr("Handled") if card.done else tr("New"), color="grey" if card.done else "orange"
            )
        ui.label(card.about).classes("whitespace-pre-wrap break-words w-full")
        with ui.row().classes(
            "w-full items-center gap-x-3 gap-y-1 flex-wrap text-sm text-gray-600"
        ):
            ui.label(
                tr("{when} · taken by {bot}", when=tr.when(card.created_at), bot=card.bot_name)
            )
            if card.call_id:
                ui.link(tr("Call"), f"/calls/{card.call_id}")
            if card.done:
                ui.label(
                    tr(
                        "Done by {name}, {when}",
                        name=card.handled_by or "—",
                        when=tr.when(card.handled_at),
                    )
                )
            ui.space()
            if not card.done:
                ui.button(
                    tr("Mark as done"),
                    icon="check",
                    on_click=on_done,
                ).props("no-caps dense outline").mark(f"done-{card.id}")
