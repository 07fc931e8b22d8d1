"""Calls: a filtered, paged list, and one call's transcript as a conversation."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from nicegui import ui
from sqlalchemy.orm import Session

from core.catalogue import N_
from customer_ui.context import PortalContext
from customer_ui.i18n import Texts
from customer_ui.layout import member_page, not_found, parse_id, read_off_loop
from customer_ui.pages.dashboard import OUTCOMES, calls_table, outcome_label
from models import CallOutcome, Speaker
from services.bots import list_bots
from services.call_history import CallFilter, CallPage, call_detail, list_calls
from services.errors import NotFound, ValidationFailed

PER_PAGE = 25
# Two columns on a phone, four from 640 px: a caller's number never runs into the next figure.
DETAILS_GRID = "w-full gap-x-8 gap-y-1 grid-cols-2 sm:grid-cols-4"


def register(ctx: PortalContext) -> None:
    @ui.page("/calls")
    async def calls_page(
        bot: str = "",
        outcome: str = "",
        since: str = "",
        until: str = "",
        number: str = "",
        page: str = "1",
    ) -> None:
        # Text, not int: a page number no link of ours carries ("%00", 10,000 digits) shows
        # the first page instead of FastAPI's bare 422.
        page_number = int(page) if page.isascii() and page.isdigit() and len(page) <= 9 else 1

        def load(db: Session) -> tuple[dict[str, str], CallPage | ValidationFailed]:
            bots = {str(b.id): b.name for b in list_bots(session=db)}
            try:
                filters = CallFilter(
                    bot_id=int(bot) if bot in bots else None,
                    outcome=outcome or None,
                    date_from=_date(since, "date_from"),
                    date_to=_date(until, "date_to"),
                    number=number or None,
                )
                return bots, list_calls(
                    session=db, filters=filters, page=page_number, per_page=PER_PAGE
                )
            except ValidationFailed as error:
                return bots, error

        bots, result = await read_off_loop(ctx, load)
        with member_page(ctx, "Calls") as view:
            tr = view.tr
            with ui.row().classes("w-full items-end gap-2"):
                bot_filter = ui.select(
                    {"": tr("All bots")} | bots, value=bot if bot in bots else "", label=tr("Bot")
                ).classes("w-48")
                outcome_filter = ui.select(
                    {"": tr("All outcomes")}
                    | {o.value: tr(OUTCOMES[o.value]) for o in CallOutcome},
                    value=outcome if outcome in {o.value for o in CallOutcome} else "",
                    label=tr("Outcome"),
                ).classes("w-48")
                since_filter = ui.input(tr("From (YYYY-MM-DD)"), value=since).classes("w-40")
                until_filter = ui.input(tr("To (YYYY-MM-DD)"), value=until).classes("w-40")
                number_filter = ui.input(tr("Caller number"), value=number).classes("w-40")

                def apply() -> None:
                    query = {
                        "bot": bot_filter.value or "",
                        "outcome": outcome_filter.value or "",
                        "since": (since_filter.value or "").strip(),
                        "until": (until_filter.value or "").strip(),
                        "number": (number_filter.value or "").strip(),
                    }
                    ui.navigate.to("/calls?" + urlencode({k: v for k, v in query.items() if v}))

                ui.button(tr("Filter"), icon="filter_list", on_click=apply)

            if isinstance(result, ValidationFailed):
                ui.label(" ".join(tr(m) for m in result.fields.values())).classes("text-negative")
                return
            ui.label(tr("{count} calls", count=tr.number(result.total))).classes(
                "text-sm text-gray-600"
            )
            if not result.rows:
                ui.label(tr("No calls match."))
                return
            calls_table(tr, result.rows)
            if result.pages > 1:
                base = {
                    "bot": bot,
                    "outcome": outcome,
                    "since": since,
                    "until": until,
                    "number": number,
                }
                base = {k: v for k, v in base.items() if v}
                ui.pagination(
                    1,
                    result.pages,
                    direction_links=True,
                    value=result.page,
                    on_change=lambda e: ui.navigate.to(
                        "/calls?" + urlencode(base | {"page": e.value})
                    ),
                ).props("max-pages=9 boundary-numbers")

    @ui.page("/calls/{call_id}")
    def call_page(call_id: str) -> None:
        with member_page(ctx, "Call") as view:
            tr = view.tr
            try:
                detail = call_detail(session=view.db, call_id=parse_id(call_id))
            except NotFound:
                not_found(tr, tr("This call does not exist."), "/calls")
                return
            call = detail.call
            with ui.card().classes("w-full"), ui.grid().classes(DETAILS_GRID):
                for label, value in (
                    (tr("Time"), tr.when(call.started_at)),
                    (tr("Bot"), detail.bot_name),
                    (tr("Caller"), call.from_number),
                    (tr("Duration"), tr.duration(call.duration_seconds)),
                    (
                        tr("Outcome"),
                        tr(
                            outcome_label(call.outcome.value if call.outcome else call.status.value)
                        ),
                    ),
                    (tr("Language"), tr.language(call.language)),
                    (
                        tr("Typical wait for an answer"),
                        tr.seconds(detail.median_turn_latency_ms)
                        if detail.median_turn_latency_ms
                        else "—",
                    ),
                ):
                    with ui.column().classes("gap-0"):
                        ui.label(label).classes("text-xs text-gray-600")
                        ui.label(value)
            if call.summary:
                _summary_card(tr, call.summary, call.summary_fields or {})
            ui.label(tr("Conversation")).classes("text-lg font-semibold")
            if not detail.turns:
                ui.label(tr("No transcript for this call."))
            with ui.column().classes("w-full max-w-3xl gap-1"):
                for turn in detail.turns:
                    bot_turn = turn.speaker is Speaker.BOT
                    stamp = tr.seconds(turn.started_ms)
                    if bot_turn and turn.turn_latency_ms:
                        answered = tr.seconds(turn.turn_latency_ms)
                        stamp += " · " + tr("answered after {seconds}", seconds=answered)
                    if turn.interrupted:
                        stamp += " · " + tr("interrupted")
                    ui.chat_message(
                        turn.text,
                        name=detail.bot_name if bot_turn else tr("Caller"),
                        stamp=stamp,
                        sent=not bot_turn,
                    ).classes("self-start" if bot_turn else "self-end")
            ui.link(tr("Back to all calls"), "/calls")


def _summary_card(tr: Texts, summary: str, fields: dict) -> None:
    """The call in one line (services.call_summary), and what the bot could not answer."""
    with ui.card().classes("w-full gap-1").mark("call-summary"):
        ui.label(tr("Summary")).classes("text-xs text-gray-600")
        ui.label(summary).classes("font-semibold")
        unanswered = fields.get("unanswered_questions") or []
        if unanswered:
            ui.label(tr("The bot could not answer:")).classes("text-sm text-gray-600 mt-2")
            for question in unanswered:
                ui.label(f"– {question}").classes("text-sm break-words")


def _date(value: str, field: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailed({field: N_("Please write dates as YYYY-MM-DD.")}) from None
