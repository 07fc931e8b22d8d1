"""The dialogue protocol, the bot fields engines need, and what an engine answers."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Protocol


class DialogueServiceError(Exception):
    """The engine could not answer (service down, bad key, bad answer). Safe to log."""


class Action(enum.StrEnum):
    CONTINUE = "continue"
    HANDOVER = "handover"  # connect the caller to the bot's hand-over number
    HANGUP = "hangup"  # say the reply, then end the call


@dataclass(frozen=True)
class DialogueReply:
    text: str
    action: Action = Action.CONTINUE


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
        faq = tuple(
            (str(item.get("question", "")), str(item.get("answer", "")))
            for item in (bot.faq or [])
            if isinstance(item, dict) and item.get("answer")
        )
        return cls(
            id=bot.id,
            tenant_id=bot.tenant_id,
            name=bot.name,
            language=str(getattr(bot.language, "value", bot.language)),
            greeting=bot.greeting or "",
            instructions=bot.instructions or "",
            faq=faq,
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


class DialogueEngine(Protocol):
    async def respond(self, text: str, history: list[HistoryTurn]) -> DialogueReply:
        """The bot's answer to the caller's `text`; `history` is the conversation so far."""
        ...

    async def aclose(self) -> None: ...
