"""The dialogue protocol, the bot fields engines need, and what an engine answers."""

from __future__ import annotations

import enum
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from integrations.dialogue.booking_desk import BookingDesk


class DialogueServiceError(Exception):
    """The engine could not answer (service down, bad key, bad answer). Safe to log."""


class Action(enum.StrEnum):
    CONTINUE = "continue"
    HANDOVER = "handover"  # connect the caller to the bot's hand-over number
    HANGUP = "hangup"  # say the reply, then end the call


@dataclass(frozen=True)
class FaqMatch:
    """Which FAQ entry the bot took the caller to ask about, and how sure it was, so the
    portal's "Try it" chat can show it and the owner can add a phrasing where it guessed wrong."""

    question: str  # the entry's question as saved; for opening hours, the hours topic's name
    confidence: float  # 0..1
    entry: int | None  # position in BotProfile.faq; None for the opening hours from business hours


@dataclass(frozen=True)
class DialogueReply:
    """What the bot says next. An empty `text` means say nothing (the caller only
    acknowledged, "mhm"): the runtime neither speaks nor records a bot turn."""

    text: str
    action: Action = Action.CONTINUE
    match: FaqMatch | None = None  # the FAQ entry answered
    # The topics a clarifying question offered, closest first (match is None then).
    alternatives: tuple[FaqMatch, ...] = ()
    booking: bool = False  # a step of booking or taking a message, not an FAQ answer
    # What the bot will say when the caller agrees (a booking's confirmation after the
    # read-back): the runtime may synthesize it while the caller answers.
    ahead: str = ""
    # The reply ends "Is there anything else I can do for you?": a bare yes, no or "no,
    # thanks" that follows answers that question (scripted.py).
    asks_what_else: bool = False

    @property
    def silent(self) -> bool:
        return not self.text.strip()


class AnswerStream:
    """An answer as the engine writes it: `pieces` yields its spoken text as it comes, and
    once they have all come `action` says what the answer asks for. An engine that answers
    at once gives `known`, the whole reply, instead (nothing to wait for). Closing `pieces`
    (a barge-in cancels its reader) stops the engine."""

    def __init__(self, write: Callable[[AnswerStream], AsyncGenerator[str, None]]) -> None:
        self.action = Action.CONTINUE
        self.known: DialogueReply | None = None
        self.pieces = write(self)

    @classmethod
    def of(cls, reply: DialogueReply) -> AnswerStream:
        async def whole(stream: AnswerStream) -> AsyncGenerator[str, None]:
            if reply.text:
                yield reply.text

        stream = cls(whole)
        stream.action, stream.known = reply.action, reply
        return stream


@dataclass(frozen=True)
class HistoryTurn:
    speaker: str  # "caller" or "bot"
    text: str


@dataclass(frozen=True)
class BotProfile:
    """The plain fields of a Bot that engines use, so they never hold a database row."""

    id: int
    tenant_id: int
    name: str
    language: str = "de-AT"
    greeting: str = ""
    instructions: str = ""
    faq: tuple[tuple[str, str], ...] = ()
    # Other ways callers ask each FAQ entry, in the order of `faq` (missing = none).
    faq_phrasings: tuple[tuple[str, ...], ...] = ()
    handover_number: str | None = None
    business_hours: dict[str, Any] = field(default_factory=dict)
    voice: str = "default"
    stt_engine: str = "offline"
    tts_engine: str = "offline"
    dialogue_engine: str = "offline"
    max_call_seconds: int = 600
    silence_timeout_seconds: int = 20

    @classmethod
    def from_bot(cls, bot: Any) -> BotProfile:
        """From a models.Bot row (or anything with the same attributes)."""
        entries = [
            item for item in (bot.faq or []) if isinstance(item, dict) and item.get("answer")
        ]
        faq = tuple((str(item.get("question", "")), str(item["answer"])) for item in entries)
        phrasings = tuple(_phrasings(item) for item in entries)
        return cls(
            id=bot.id,
            tenant_id=bot.tenant_id,
            name=bot.name,
            language=str(getattr(bot.language, "value", bot.language)),
            greeting=bot.greeting or "",
            instructions=bot.instructions or "",
            faq=faq,
            faq_phrasings=phrasings,
            handover_number=bot.handover_number,
            business_hours=dict(bot.business_hours or {}),
            voice=bot.voice or "default",
            stt_engine=bot.stt_engine or "offline",
            tts_engine=bot.tts_engine or "offline",
            dialogue_engine=bot.dialogue_engine or "offline",
            max_call_seconds=bot.max_call_seconds or 600,
            silence_timeout_seconds=bot.silence_timeout_seconds or 20,
        )

    @property
    def is_german(self) -> bool:
        return self.language.startswith("de")


def _phrasings(entry: dict[str, Any]) -> tuple[str, ...]:
    """An FAQ entry's "phrasings" list; entries saved before it existed have none."""
    value = entry.get("phrasings") or []
    if not isinstance(value, list):
        return ()
    return tuple(str(text).strip() for text in value if str(text).strip())


class DialogueEngine(Protocol):
    async def respond(self, text: str, history: list[HistoryTurn]) -> DialogueReply:
        """The bot's answer to the caller's `text`; `history` is the conversation so far."""
        ...

    def use_desk(self, desk: BookingDesk) -> None:
        """Book, move, cancel and take messages through `desk` (one per call)."""
        ...

    async def summarise(self, history: list[HistoryTurn]) -> str | None:
        """The call's summary line, written by the engine after the call; None keeps the
        line composed from the call's records (services.call_summary). Raises
        DialogueServiceError when it fails."""
        ...

    async def aclose(self) -> None: ...
