"""A call in one line: what the caller wanted and what came of it, plus the same as fields
(intent, bookings made/moved/cancelled, message taken, handed over, unanswered questions).

Composed offline, when the call is closed (services.call_records.finish_call), from what the
call stored: its turns and outcome, the bookings and messages that name it. With the chat
model as the bot's engine, the model writes the line after the call instead (voice_runtime
asks it, integrations/dialogue/openai_chat.py); the fields stay composed, and a model that
fails or is slow leaves the composed line. `summarise_call`
is a pure function over `CallFacts`, in the bot's language; `call_facts` reads the facts.

Unanswered questions are the caller's turns the scripted engine could not match: those it
answered with "I did not catch that" or "I cannot answer that one" (its fixed phrases,
integrations/dialogue/phrases.py). The dashboard lists them with "add to FAQ".
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from core.catalogue import N_, Phrase
from integrations.dialogue.lexicon import is_backchannel
from integrations.dialogue.phrases import phrase
from models import (
    Booking,
    BookingStatus,
    Bot,
    Call,
    CallOutcome,
    Message,
    Service,
    Speaker,
    User,
)
from models.base import utcnow
from services.audit import record_audit
from services.availability import VIENNA
from services.bot_faq import MAX_FAQ_ENTRIES, MAX_QUESTION
from services.errors import NotFound, ValidationFailed
from services.permissions import Action, require
from services.vienna_time import as_utc

MAX_UNANSWERED = 5  # per call
UNANSWERED_DAYS = 14
ALREADY_IN_FAQ = N_("This question is in the bot's questions and answers already.")
UNKNOWN_BOT = N_("Unknown bot.")
# The bot's replies that mean it did not match what the caller said.
_MISS_KEYS = (
    "not_understood",
    "no_information",
    "offer_person",
    "offer_call_back",
    "offer_message_unanswered",
)
_MISSES = {" ".join(phrase(key, lang).split()) for key in _MISS_KEYS for lang in ("de", "en")}


class Intent(enum.StrEnum):
    BOOKING = "booking"
    MOVE = "move"
    CANCEL = "cancel"
    MESSAGE = "message"
    PERSON = "person"  # wanted to talk to somebody
    QUESTION = "question"
    NONE = "none"  # nothing said, or nothing the bot could place


@dataclass(frozen=True)
class CallFacts:
    """What a closed call stored, as plain values."""

    language: str
    outcome: CallOutcome | None
    turns: Sequence[tuple[Speaker, str]] = ()
    bookings_made: int = 0
    # What was booked in the call: (service, start in Vienna time), for the line to name.
    booked: tuple[tuple[str, datetime], ...] = ()
    bookings_moved: int = 0
    bookings_cancelled: int = 0
    messages_taken: int = 0


@dataclass(frozen=True)
class CallSummary:
    text: str
    fields: dict[str, Any] = field(default_factory=dict)


def summarise_call(facts: CallFacts) -> CallSummary:
    """The call's line and fields, in German for a German bot, else English."""
    unanswered = unanswered_questions(facts.turns)
    handed_over = facts.outcome is CallOutcome.HANDED_OVER
    intent = _intent(facts, unanswered, handed_over)
    fields = {
        "intent": intent.value,
        "bookings_made": facts.bookings_made,
        "bookings_moved": facts.bookings_moved,
        "bookings_cancelled": facts.bookings_cancelled,
        "message_taken": facts.messages_taken > 0,
        "handed_over": handed_over,
        "unanswered_questions": unanswered,
    }
    german = facts.language.startswith("de")
    parts = [_done_part(facts, german)] if _anything_done(facts) else []
    if handed_over:
        parts.append("an einen Menschen verbunden" if german else "put through to a person")
    if not parts and not (unanswered and not _answered(facts.turns)):
        parts.append(_fallback(facts, intent, german))
    if unanswered:
        count = len(unanswered)
        if german:
            parts.append("1 Frage offen" if count == 1 else f"{count} Fragen offen")
        else:
            parts.append("1 question unanswered" if count == 1 else f"{count} questions unanswered")
    text = "; ".join(parts)
    return CallSummary(text=text[:1].upper() + text[1:] + ".", fields=fields)


def unanswered_questions(turns: Sequence[tuple[Speaker, str]]) -> list[str]:
    """The caller's turns the bot answered with a miss phrase, in order, without repeats.
    An acknowledgement ("ja", "okay") is no question, though the bot may have missed it
    mid-booking: the owner cannot add "ja" to the FAQ."""
    found: list[str] = []
    for (speaker, text), (next_speaker, reply) in zip(turns, turns[1:], strict=False):
        question = " ".join(text.split())[:MAX_QUESTION]
        if (
            speaker is Speaker.CALLER
            and next_speaker is Speaker.BOT
            and question
            and not is_backchannel(question)
            and " ".join(reply.split()) in _MISSES
            and question.casefold() not in {q.casefold() for q in found}
        ):
            found.append(question)
    return found[:MAX_UNANSWERED]


def _intent(facts: CallFacts, unanswered: list[str], handed_over: bool) -> Intent:
    if facts.bookings_made:
        return Intent.BOOKING
    if facts.bookings_moved:
        return Intent.MOVE
    if facts.bookings_cancelled:
        return Intent.CANCEL
    if facts.messages_taken:
        return Intent.MESSAGE
    if handed_over:
        return Intent.PERSON
    if any(speaker is Speaker.CALLER and text.strip() for speaker, text in facts.turns):
        return Intent.QUESTION
    return Intent.NONE


def _answered(turns: Sequence[tuple[Speaker, str]]) -> int:
    """The caller's turns the bot replied to with something other than a miss."""
    return sum(
        1
        for (speaker, text), (next_speaker, reply) in zip(turns, turns[1:], strict=False)
        if speaker is Speaker.CALLER
        and text.strip()
        and next_speaker is Speaker.BOT
        and " ".join(reply.split()) not in _MISSES
    )


def _anything_done(facts: CallFacts) -> bool:
    return bool(
        facts.bookings_made
        or facts.bookings_moved
        or facts.bookings_cancelled
        or facts.messages_taken
    )


def _done_part(facts: CallFacts, german: bool) -> str:
    words = []
    for count, de_one, de_many, en_one, en_many in (
        (facts.bookings_made, "Termin gebucht", "Termine gebucht", "booked", "booked"),
        (facts.bookings_moved, "Termin verschoben", "Termine verschoben", "moved", "moved"),
        (
            facts.bookings_cancelled,
            "Termin storniert",
            "Termine storniert",
            "cancelled",
            "cancelled",
        ),
    ):
        if not count:
            continue
        if german:
            words.append(de_one if count == 1 else f"{count} {de_many}")
        else:
            noun = "an appointment" if count == 1 else f"{count} appointments"
            words.append(f"{en_one if count == 1 else en_many} {noun}")
    if len(facts.booked) == 1 and facts.bookings_made == 1:
        words[0] += f" ({_what_and_when(*facts.booked[0], german)})"
    if facts.messages_taken:
        words.append("Nachricht hinterlassen" if german else "left a message")
    return ", ".join(words)


def _what_and_when(service: str, start: datetime, german: bool) -> str:
    """ "Herrenschnitt, 4.12. 15:00" / "Haircut, Dec 4 15:00" — the owner reads the line."""
    if german:
        return f"{service}, {start.day}.{start.month}. {start:%H:%M}"
    return f"{service}, {start:%b} {start.day} {start:%H:%M}"


def _fallback(facts: CallFacts, intent: Intent, german: bool) -> str:
    if intent is Intent.NONE:
        if facts.outcome is CallOutcome.REJECTED:
            return "Anruf abgewiesen" if german else "call turned away"
        return "Nichts gesagt" if german else "nothing said"
    answered = _answered(facts.turns)
    if not answered:
        return "Kein Anliegen erkannt" if german else "no request recognised"
    if german:
        return "Fragen beantwortet" if answered > 1 else "Frage beantwortet"
    return "questions answered" if answered > 1 else "question answered"


# -- reading the facts of a stored call ------------------------------------------------------


def call_facts(*, session: Session, call: Call, turns: Sequence[tuple[Speaker, str]]) -> CallFacts:
    """The facts of `call` (tenant session). Bookings made name the call; a move or a
    cancellation of one of the caller's bookings (by their number) during the call counts
    for it — the book stores no call for those."""
    started = as_utc(call.started_at)
    ended = as_utc(call.ended_at or utcnow()) + timedelta(seconds=5)
    made = session.execute(
        select(Service.name, Booking.starts_at)
        .join(Service, Service.id == Booking.service_id)
        .where(Booking.call_id == call.id)
        .order_by(Booking.starts_at)
    ).all()
    phone = re.sub(r"[\s/()-]", "", call.from_number or "")
    changed = (
        session.execute(
            select(Booking.status, Booking.cancelled_at, Booking.updated_at).where(
                Booking.caller_phone == phone,
                Booking.status.in_((BookingStatus.MOVED, BookingStatus.CANCELLED)),
                Booking.updated_at >= started,
                Booking.updated_at <= ended,
            )
        ).all()
        if phone
        else []
    )
    messages = session.scalars(select(Message.id).where(Message.call_id == call.id)).all()
    return CallFacts(
        language=call.language,
        outcome=call.outcome,
        turns=tuple(turns),
        bookings_made=len(made),
        booked=tuple((name, as_utc(start).astimezone(VIENNA)) for name, start in made),
        bookings_moved=sum(1 for status, *_ in changed if status is BookingStatus.MOVED),
        bookings_cancelled=sum(1 for status, *_ in changed if status is BookingStatus.CANCELLED),
        messages_taken=len(messages),
    )


def summarise_stored_call(
    *,
    session: Session,
    call: Call,
    turns: Sequence[tuple[Speaker, str]],
    line: str | None = None,
) -> None:
    """Write the call's summary and fields (finish_call, as it closes the call). A `line`
    the chat model wrote replaces the composed one; the fields are always read from what
    the call stored."""
    summary = summarise_call(call_facts(session=session, call=call, turns=turns))
    call.summary, call.summary_fields = line or summary.text, summary.fields


# -- unanswered questions on the dashboard ---------------------------------------------------


@dataclass(frozen=True)
class UnansweredQuestion:
    bot_id: int
    bot_name: str
    question: str
    call_id: int
    asked_at: datetime


# Built once: the dashboard asks on every render.
_LEFT_QUESTIONS = (
    select(Call.id, Call.bot_id, Call.started_at, Call.summary_fields)
    .where(Call.left_questions, Call.started_at >= bindparam("since"))
    .order_by(Call.started_at.desc(), Call.id.desc())
    .limit(500)
)


def recent_unanswered(
    *, session: Session, now: datetime | None = None, limit: int = 10
) -> list[UnansweredQuestion]:
    """The questions callers asked in the last two weeks that the bot could not match,
    newest first, each once per bot, without those its FAQ has meanwhile."""
    since = (now or utcnow()) - timedelta(days=UNANSWERED_DAYS)
    rows = session.execute(_LEFT_QUESTIONS, {"since": since}).all()
    if not rows:  # most dashboards: nothing left open
        return []
    # Each bot's name and FAQ once, not once per call.
    bots = {
        bot_id: (name, {_same(str(entry.get("question", ""))) for entry in faq or []})
        for bot_id, name, faq in session.execute(
            select(Bot.id, Bot.name, Bot.faq).where(Bot.id.in_({row.bot_id for row in rows}))
        )
    }
    found: list[UnansweredQuestion] = []
    seen: set[tuple[int, str]] = set()
    for call_id, bot_id, started_at, fields in rows:
        if bot_id not in bots:
            continue
        bot_name, known = bots[bot_id]
        for question in (fields or {}).get("unanswered_questions") or []:
            key = (bot_id, _same(str(question)))
            if key in seen or key[1] in known:
                continue
            seen.add(key)
            found.append(UnansweredQuestion(bot_id, bot_name, str(question), call_id, started_at))
            if len(found) >= limit:
                return found
    return found


def add_question_to_faq(*, session: Session, bot_id: int, question: str, actor: User) -> Bot:
    """Append `question` to the bot's FAQ with an empty answer, for the owner to write.
    An entry without an answer is never spoken (BotProfile skips it), and the bot's page
    asks for the answer before it saves again."""
    require(actor, Action.EDIT_BOT_CONTENT)
    bot = session.get(Bot, bot_id)
    if bot is None:
        raise NotFound(UNKNOWN_BOT)
    question = " ".join(question.split())[:MAX_QUESTION]
    if not question:
        raise ValidationFailed({"question": N_("Please give the question.")})
    faq = list(bot.faq or [])
    if len(faq) >= MAX_FAQ_ENTRIES:
        raise ValidationFailed(
            {"question": Phrase("A bot can know at most {count} questions.", count=MAX_FAQ_ENTRIES)}
        )
    if _same(question) in {_same(str(entry.get("question", ""))) for entry in faq}:
        raise ValidationFailed({"question": ALREADY_IN_FAQ})
    bot.faq = [*faq, {"question": question, "answer": ""}]
    session.flush()
    record_audit(
        session=session,
        actor=actor,
        action="bot.faq_question_added",
        entity_type="Bot",
        entity_id=bot.id,
        tenant_id=bot.tenant_id,
        after={"question": question},
    )
    return bot


def _same(text: str) -> str:
    return " ".join(text.casefold().split())
