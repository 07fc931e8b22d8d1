"""Calls → one call: its figures, its summary, and its transcript as a conversation."""

from __future__ import annotations

from nicegui import ui

from customer_ui.i18n import Texts
from customer_ui.layout import MemberPage, found
from customer_ui.pages.dashboard import outcome_label
from models import Speaker
from services.call_history import CallDetail, call_detail

# Two columns on a phone, four from 640 px: a caller's number never runs into the next figure.
DETAILS_GRID = "w-full gap-x-8 gap-y-1 grid-cols-2 sm:grid-cols-4"


def call_details(view: MemberPage, call_id: str) -> None:
    tr = view.tr
    missing = tr("This call does not exist.")
    detail = found(
        tr, lambda n: call_detail(session=view.db, call_id=n), call_id, missing, "/calls"
    )
    if detail is None:
        return
    _figures(tr, detail)
    if detail.call.summary:
        _summary_card(tr, detail.call.summary, detail.call.summary_fields or {})
    ui.label(tr("Conversation")).classes("text-lg font-semibold")
    if not detail.turns:
        ui.label(tr("No transcript for this call."))
    _conversation(tr, detail)
    ui.link(tr("Back to all calls"), "/calls")


def _figures(tr: Texts, detail: CallDetail) -> None:
    call = detail.call
    outcome = call.outcome.value if call.outcome else call.status.value
    latency = detail.median_turn_latency_ms
    with ui.card().classes("w-full"), ui.grid().classes(DETAILS_GRID):
        for label, value in (
            (tr("Time"), tr.when(call.started_at)),
            (tr("Bot"), detail.bot_name),
            (tr("Caller"), call.from_number),
            (tr("Duration"), tr.duration(call.duration_seconds)),
            (tr("Outcome"), tr(outcome_label(outcome))),
            (tr("Language"), tr.language(call.language)),
            (tr("Typical wait for an answer"), tr.seconds(latency) if latency else "—"),
        ):
            with ui.column().classes("gap-0"):
                ui.label(label).classes("text-xs text-gray-600")
                ui.label(value)


def _conversation(tr: Texts, detail: CallDetail) -> None:
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
