"""The dashboard: this month at a glance, new messages, the bookings the bot made this week,
unanswered questions, 30 days of minutes, the latest calls."""

from __future__ import annotations

from datetime import datetime
from html import escape

from nicegui import ui

from core.catalogue import N_
from customer_ui.context import PortalContext
from customer_ui.i18n import Texts
from customer_ui.layout import (
    MemberView,
    cards_on_a_phone,
    guarded,
    member_page_of,
    read_off_loop,
)
from customer_ui.pages.bookings import STATUS_COLOURS, STATUS_LABELS
from customer_ui.pages.payment_method import add_payment_method_button
from models import BookingStatus
from services.call_history import CallRow
from services.call_labels import CALL_STATE_LABELS
from services.call_summary import UnansweredQuestion, add_question_to_faq, recent_unanswered
from services.dashboard import BotBookings, Dashboard, bot_bookings_this_week, dashboard
from services.local_formats import VIENNA
from services.messages import count_new_messages
from services.permissions import Action
from services.trial import TrialNotice, after_trial_text, current_trial_notice


def register(ctx: PortalContext) -> None:
    @ui.page("/")
    async def dashboard_page() -> None:
        today = datetime.now(VIENNA).date()
        # One read, one worker thread and one session for all the page's figures.
        read = await read_off_loop(
            ctx,
            lambda db: (
                dashboard(session=db, today=today),
                current_trial_notice(session=db),
                count_new_messages(session=db),
                recent_unanswered(session=db),
                bot_bookings_this_week(session=db, today=today),
            ),
        )
        figures, trial, new_messages, unanswered, booked = read.data
        with member_page_of(read, N_("Dashboard")) as page:
            tr = page.tr
            if trial is not None:
                _trial_card(ctx, page, trial)
            _tiles(tr, figures)
            if page.may(Action.MESSAGES):
                _messages_card(tr, new_messages)
            if page.may(Action.BOOKINGS):
                _bot_bookings_card(tr, booked)
            if unanswered and page.may(Action.VIEW_CALLS):
                _unanswered_card(ctx, page, unanswered)
            _minutes_chart(tr, figures)
            _latest_calls_card(tr, figures)


def _tiles(tr: Texts, figures: Dashboard) -> None:
    tiles = (
        (tr("Minutes this month"), tr.number(figures.month_minutes)),
        (tr("Calls this month"), tr.number(figures.month_calls)),
        (tr("Cost so far, before VAT"), tr.money(figures.month_cost_cents, figures.currency)),
        (tr("Bots live"), f"{figures.bots_live} / {figures.bots_total}"),
    )
    ui.html(
        "".join(f'<div class="{CARD} min-w-48 flex-1">{_figure(*tile)}</div>' for tile in tiles)
    ).classes(f"{ROW} w-full gap-4")


def _minutes_chart(tr: Texts, figures: Dashboard) -> None:
    with ui.card().classes("w-full"):
        ui.label(tr("Minutes per day, last 30 days")).classes("font-semibold")
        ui.echart(
            {
                "tooltip": {"trigger": "axis"},
                "xAxis": {
                    "type": "category",
                    "data": [tr.short_day(d.day) for d in figures.daily],
                },
                "yAxis": {"type": "value"},
                "series": [
                    {
                        "name": tr("Minutes"),
                        "type": "bar",
                        "data": [d.minutes for d in figures.daily],
                        "itemStyle": {"color": "#4338ca"},
                    }
                ],
                "grid": {"left": 40, "right": 10, "top": 10, "bottom": 30},
            }
        ).classes("w-full h-64")


def _latest_calls_card(tr: Texts, figures: Dashboard) -> None:
    with ui.card().classes("w-full"):
        ui.label(tr("Latest calls")).classes("font-semibold")
        if not figures.latest_calls:
            ui.label(tr("No calls yet. Once your bot is live, calls show up here."))
        else:
            calls_table(tr, figures.latest_calls)
        ui.link(tr("All calls"), "/calls").classes("text-sm")


def _messages_card(tr: Texts, new_messages: int) -> None:
    """What the bot took down and nobody has handled yet, one tap from the list."""
    count = tr("{count} new", count=tr.number(new_messages))
    ui.html(
        _headline("mail", tr("Messages"), count, link=(tr("Read messages"), "/messages"))
    ).classes(f"{CARD} w-full").mark("new-messages")


def _bot_bookings_card(tr: Texts, booked: BotBookings) -> None:
    """What the phone bot booked this week: how many, the last few, the way to the calendar."""
    with ui.card().classes("w-full gap-2").mark("bot-bookings"):
        ui.html(
            _headline(
                "event_available",
                tr("Booked by the bot this week"),
                tr.number(booked.count),
                link=(tr("Open the calendar"), "/bookings"),
            )
        ).classes("w-full")
        for row in booked.latest:
            when = tr.when(row.starts_at)
            line = f"{when} · {row.service_name} · {row.caller_name}"
            with ui.row().classes("w-full items-center gap-x-2 gap-y-0 flex-wrap"):
                ui.label(line).classes("text-sm break-words")
                if row.status is not BookingStatus.BOOKED:
                    ui.badge(tr(STATUS_LABELS[row.status]), color=STATUS_COLOURS[row.status])


def _unanswered_card(
    ctx: PortalContext, page: MemberView, questions: list[UnansweredQuestion]
) -> None:
    """What callers asked that the bot could not match, each one tap from the bot's FAQ."""
    tr = page.tr
    with ui.card().classes("w-full gap-2").mark("unanswered"):
        ui.label(tr("Unanswered questions")).classes("font-semibold")
        ui.label(
            tr(
                "Callers asked this and the bot had no answer. Add a question to the bot's "
                "FAQ and write its answer there."
            )
        ).classes("text-sm text-gray-600")
        for index, question in enumerate(questions):
            row = ui.row().classes("w-full items-center gap-x-3 gap-y-1 flex-wrap")
            with row:
                ui.label(
                    f"„{question.question}“" if tr.german else f"“{question.question}”"
                ).classes("break-words")
                ui.link(
                    tr("{bot}, {when}", bot=question.bot_name, when=tr.when(question.asked_at)),
                    f"/calls/{question.call_id}",
                ).classes("text-sm text-gray-600")
                ui.space()
                if page.may(Action.EDIT_BOT_CONTENT):
                    ui.button(
                        tr("Add to FAQ"),
                        icon="playlist_add",
                        on_click=guarded(
                            tr,
                            lambda _e, q=question, r=row: _add_to_faq(ctx, page, q, r),
                        ),
                    ).props("no-caps dense outline").mark(f"add-faq-{index}")


def _add_to_faq(
    ctx: PortalContext, page: MemberView, question: UnansweredQuestion, row: ui.row
) -> None:
    with ctx.tenant_db(page.who) as (db, user):
        add_question_to_faq(
            session=db, bot_id=question.bot_id, question=question.question, actor=user
        )
    row.delete()
    ui.notify(
        page.tr("Added to the FAQ of {bot}. Please write its answer there.", bot=question.bot_name),
        type="positive",
    )
    ui.navigate.to(f"/bots/{question.bot_id}")


def _trial_card(ctx: PortalContext, page: MemberView, trial: TrialNotice) -> None:
    """The trial's days left and what follows it, and once it is over without a payment
    method, why the bots take no calls (services/trial.py); the way to add one."""
    tr = page.tr
    colour = "bg-amber-50" if trial.over else "bg-blue-50"
    with ui.card().classes(f"w-full {colour}").mark("trial-notice"):
        if not trial.over:
            ui.label(_days_left(tr, trial.days_left)).classes("font-semibold")
        ui.label(after_trial_text(trial, locale=tr.locale))
        if trial.needs_payment_method:
            add_payment_method_button(ctx, page)


def _days_left(tr: Texts, days: int) -> str:
    if days == 0:
        return tr("Last day of your trial")
    if days == 1:
        return tr("1 day left in your trial")
    return tr("{days} days left in your trial", days=days)


# The figures and headlines are plain markup in one element each, styled as NiceGUI's own
# cards and rows: as separate labels, icons and rows they were ~25 of the dashboard's ~60
# elements, and each element costs ~0.2 ms of the server's CPU to build and send and stays
# in its memory while the page is open. Every text is escaped.
CARD = "q-card nicegui-card"
ROW = "nicegui-row row"  # what ui.row() renders (Quasar's row: flex, wrapping)


def _figure(label: str, value: str) -> str:
    """A small grey caption over a large bold figure."""
    return (
        f'<div class="text-sm text-gray-600">{escape(label)}</div>'
        f'<div class="text-2xl font-bold">{escape(value)}</div>'
    )


def _headline(icon: str, label: str, value: str, *, link: tuple[str, str]) -> str:
    """An icon, a figure, and on the far side a link: the top line of a dashboard card."""
    text, href = link
    return (
        f'<div class="{ROW} w-full items-center gap-3">'
        f'<i class="q-icon material-icons text-indigo-700" style="font-size: 32px"'
        f' aria-hidden="true">{escape(icon)}</i>'
        f'<div class="flex flex-col">{_figure(label, value)}</div>'
        '<div class="q-space"></div>'
        f'<a href="{escape(href)}" class="nicegui-link text-sm">{escape(text)}</a>'
        "</div>"
    )


def calls_table(tr: Texts, rows: list[CallRow]) -> ui.table:
    """A table of calls; clicking a row opens the call."""
    table = ui.table(
        columns=[
            {"name": "started", "label": tr("Time"), "field": "started", "align": "left"},
            {"name": "bot", "label": tr("Bot"), "field": "bot", "align": "left"},
            {"name": "caller", "label": tr("Caller"), "field": "caller", "align": "left"},
            {"name": "duration", "label": tr("Duration"), "field": "duration"},
            {"name": "outcome", "label": tr("Outcome"), "field": "outcome", "align": "left"},
            {"name": "summary", "label": tr("Summary"), "field": "summary", "align": "left"},
        ],
        rows=[
            {
                "id": r.id,
                "started": tr.when(r.started_at),
                "bot": r.bot_name,
                "caller": r.from_number,
                "duration": tr.duration(r.duration_seconds),
                "outcome": tr(outcome_label(r.outcome or r.status)),
                "summary": r.summary or "",
            }
            for r in rows
        ],
        row_key="id",
    ).classes("w-full cursor-pointer")
    cards_on_a_phone(table)
    table.on("rowClick", lambda e: ui.navigate.to(f"/calls/{e.args[1]['id']}"))
    return table


OUTCOMES = CALL_STATE_LABELS


def outcome_label(value: str) -> str:
    return OUTCOMES.get(value, value)
