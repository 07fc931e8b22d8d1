"""The portal's "Try it" chat: the bot's dialogue as a call would have it, against the real
appointment book, with nothing stored.

`TryItChat` is the conversation, with the engine a call would talk to: for a bot on the chat
model (an OpenAI-compatible server, `chat_model_for`: the bot chose it, the account may use
it, a key is stored — the tenant's own or the platform's, as a call finds it), the model with
the same system prompt and the same booking tools, called with the chat so far; for every
other bot the offline scripted engine (it costs nothing, needs no keys, and answers from the
bot's greeting, questions and opening hours as they are saved). When the model fails, that
one answer comes from the offline engine (`answered_by`), as a call falls back. A change
saved since (settings, engine, a phrasing added in the chat) starts a fresh offline engine;
the model always hears the saved bot. The page shows its replies (`DialogueReply`, `Action`,
and `SURE_AT`, from where a match counts as sure).

Its booking desk, `TrialDesk`, runs against the real calendar without storing, rather than
booking for real: the owner sees what a caller would be offered today — their services,
opening hours, rules and the bookings already made, so a full time is refused and the next
free ones offered — but nothing lands in the calendar, no caller is texted, no webhook fires,
no message is e-mailed and no call or transcript is recorded (the model's own provider sees
the chat, as it sees a call), so there is nothing to find and clean up afterwards. What the bot
would have done is kept in the chat only (`news`): the page says under the bot's answer
"Testgespräch – es wurde nichts gebucht", and a booking made in the chat can be moved or
cancelled in the same chat, by the name given (a test chat has no caller number, so it
never reaches a real booking).
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import count
from typing import Any

import httpx
from sqlalchemy.orm import Session, sessionmaker

from core.encryption import CredentialCipher
from core.settings import Settings
from integrations.dialogue.base import (
    Action,
    BotProfile,
    DialogueReply,
    DialogueServiceError,
    HistoryTurn,
)
from integrations.dialogue.booking_desk import Appointment, DeskResult, OfferedService, Outcome
from integrations.dialogue.openai_chat import OpenAIChatDialogue
from integrations.dialogue.scripted import SURE_AT, ScriptedDialogue
from models import Bot, Provider
from models.scoping import staff_session
from services import bookings
from services.booking_places import SLOT_TAKEN, SlotTaken
from services.credentials import reveal_credential
from services.engine_regions import eu_only, outside_eu
from services.errors import NotFound, ValidationFailed
from services.free_slots import find_free_slots, next_free_slots
from services.offered_services import services_of_bot

__all__ = [
    "SURE_AT",
    "Action",
    "Answerer",
    "ChatModel",
    "DialogueReply",
    "Pretended",
    "Read",
    "TrialDesk",
    "TryItChat",
    "chat_model_for",
]

log = logging.getLogger(__name__)
# A chat answer may take this many read timeouts in all, as on the phone
# (voice_runtime/cloud_engines.py), before the offline engine answers instead.
ANSWER_TIMEOUTS = 2.5

Read = Callable[[Callable[[Session], Any]], Awaitable[Any]]


class Pretended(enum.StrEnum):
    """What the bot would have done in a real call."""

    BOOKED = "booked"
    MOVED = "moved"
    CANCELLED = "cancelled"
    MESSAGE = "message"


class TrialDesk:
    def __init__(self, read: Read, *, bot_id: int) -> None:
        """`read(query)` runs `query(session)` in a session of the owner's tenant."""
        self._read = read
        self._bot_id = bot_id
        self._booked: dict[int, Appointment] = {}  # made in this chat, by a made-up id
        self._ids = count(1)
        self._done: list[Pretended] = []  # since the page last asked

    async def services(self) -> list[OfferedService]:
        def offered(db: Session) -> list[OfferedService]:
            return [
                OfferedService(s.id, s.name, s.duration_minutes, s.price_cents)
                for s in services_of_bot(session=db, bot_id=self._bot_id)
            ]

        return list(await self._read(offered))

    async def free_starts(self, service_id: int, day: date, days: int = 1) -> list[datetime]:
        slots = await self._read(
            lambda db: find_free_slots(
                session=db, service_id=service_id, day_from=day, days=days, bot_id=self._bot_id
            )
        )
        return [slot.local_start() for slot in slots]

    async def next_free_starts(
        self, service_id: int, after: datetime | None = None, count: int = 3
    ) -> list[datetime]:
        slots = await self._read(
            lambda db: next_free_slots(
                session=db, service_id=service_id, after=after, count=count, bot_id=self._bot_id
            )
        )
        return [slot.local_start() for slot in slots]

    async def book(self, service_id: int, start: datetime, caller_name: str) -> DeskResult:
        refused = await self._check(service_id, start, caller_name)
        if refused is not None:
            return refused
        names = {s.id: s.name for s in await self.services()}
        appointment = Appointment(
            next(self._ids), service_id, names.get(service_id, ""), start, caller_name.strip()
        )
        self._booked[appointment.id] = appointment
        self._done.append(Pretended.BOOKED)
        return DeskResult(Outcome.DONE, appointment)

    async def caller_bookings(self, caller_name: str) -> list[Appointment]:
        wanted = caller_name.strip().casefold()
        if not wanted:
            return []
        return sorted(
            (
                b
                for b in self._booked.values()
                if wanted in b.caller_name.casefold() or b.caller_name.casefold() in wanted
            ),
            key=lambda b: b.start,
        )

    async def move(self, booking_id: int, start: datetime) -> DeskResult:
        booking = self._booked.get(booking_id)
        if booking is None:
            return DeskResult(Outcome.INVALID, reason=bookings.BOOKING_NOT_FOUND)
        refused = await self._check(booking.service_id, start, booking.caller_name)
        if refused is not None:
            return refused
        moved = replace(booking, start=start)
        self._booked[booking_id] = moved
        self._done.append(Pretended.MOVED)
        return DeskResult(Outcome.DONE, moved)

    async def cancel(self, booking_id: int) -> DeskResult:
        booking = self._booked.pop(booking_id, None)
        if booking is None:
            return DeskResult(Outcome.INVALID, reason=bookings.BOOKING_NOT_FOUND)
        self._done.append(Pretended.CANCELLED)
        return DeskResult(Outcome.DONE, booking)

    async def take_message(
        self, caller_name: str, about: str, caller_phone: str = ""
    ) -> DeskResult:
        if not about.strip():
            return DeskResult(Outcome.INVALID, reason="Please say what the message is about.")
        self._done.append(Pretended.MESSAGE)
        return DeskResult(Outcome.DONE)

    def news(self) -> list[Pretended]:
        """What the bot pretended since the last call, once."""
        news, self._done = self._done, []
        return news

    async def _check(self, service_id: int, start: datetime, name: str) -> DeskResult | None:
        """None when a phone booking of the time would go through now, else the refusal
        with the next free times after it, as a call's desk answers."""
        try:
            await self._read(
                lambda db: bookings.check_booking(
                    session=db,
                    service_id=service_id,
                    start=start,
                    caller_name=name,
                    bot_id=self._bot_id,
                )
            )
        except SlotTaken:
            outcome, reason = Outcome.TAKEN, SLOT_TAKEN
        except (ValidationFailed, NotFound) as error:
            outcome = Outcome.REFUSED if bookings.about_the_time(error) else Outcome.INVALID
            reason = str(error)
        else:
            return None
        try:
            offer = await self.next_free_starts(service_id, start, 3)
        except (ValidationFailed, NotFound):
            offer = []
        return DeskResult(outcome, alternatives=tuple(offer), reason=reason)


class Answerer(enum.StrEnum):
    """Which engine gave the chat's last answer."""

    OFFLINE = "offline"
    MODEL = "model"
    OFFLINE_FOR_MODEL = "offline_for_model"  # the model failed; a call would fall back so


@dataclass(frozen=True)
class ChatModel:
    """The bot's chat model as a call reaches it: the server, the model and the key."""

    base_url: str
    model: str
    timeout_s: float
    api_key: str = field(repr=False)


def chat_model_for(
    *,
    factory: sessionmaker[Session],
    cipher: CredentialCipher,
    settings: Settings,
    bot: Bot,
) -> ChatModel | None:
    """The chat model a call to `bot` would talk to now, or None when a call would use the
    offline dialogue: the bot chose another engine, the account asked for EU processing
    only, or no key is stored (the tenant's own, else the platform's; reading the
    platform's takes a staff session, as the voice runtime's does)."""
    if bot.dialogue_engine != "openai":
        return None
    with staff_session(factory) as session:
        if outside_eu(
            {"dialogue_engine": "openai"}, eu_only=eu_only(session=session, tenant_id=bot.tenant_id)
        ):
            return None
        key = reveal_credential(
            session=session, cipher=cipher, provider=Provider.OPENAI, tenant_id=bot.tenant_id
        )
    if not key:
        return None
    return ChatModel(
        base_url=settings.openai_base_url,
        model=settings.openai_model,
        timeout_s=settings.voice_cloud_timeout_s,
        api_key=key,
    )


# A message is one caller's turn: a call hears at most 30 s of speech at once
# (voice_runtime/turn_detection.MAX_UTTERANCE_MS), some 450 characters. Longer typed text is
# cut there (customer_ui/pages/try_it.py): read whole, 120,000 characters held the portal's
# event loop for 0.4 s.
MAX_TYPED = 500


class TryItChat:
    """The engine the chat talks to. The conversation goes on with the bot as loaded; a
    change saved since (a phrasing added in the chat, the settings saved) starts a fresh
    offline engine, so the next answer already uses it; the model hears the saved bot with
    every message."""

    def __init__(self, bot: Bot, read: Read, model: ChatModel | None = None) -> None:
        self.desk = TrialDesk(read, bot_id=bot.id)
        self.engine = self._engine(bot)
        self.model = model
        self.answered_by = Answerer.OFFLINE
        self._version = bot.updated_at
        self._history: list[HistoryTurn] = []
        # A second message sent while the first is being answered waits its turn, as a
        # caller's would: the booking steps must not interleave.
        self._turn = asyncio.Lock()

    async def respond(self, text: str) -> DialogueReply:
        async with self._turn:
            reply = await self._answer(text)
            self._history += [HistoryTurn("caller", text), HistoryTurn("bot", reply.text)]
            return reply

    def follow(self, bot: Bot, model: ChatModel | None = None) -> None:
        self.model = model
        if bot.updated_at != self._version:
            self.engine = self._engine(bot)
            self._version = bot.updated_at

    async def _answer(self, text: str) -> DialogueReply:
        if self.model is None:
            self.answered_by = Answerer.OFFLINE
            return await self.engine.respond(text, [])
        try:
            reply = await self._ask_model(self.model, text)
        except DialogueServiceError as error:
            log.info("try it: the chat model failed (%s); the offline dialogue answers", error)
            self.answered_by = Answerer.OFFLINE_FOR_MODEL
            return await self.engine.respond(text, [])
        self.answered_by = Answerer.MODEL
        return reply

    async def _ask_model(self, model: ChatModel, text: str) -> DialogueReply:
        """One answer of the model, with the booking tools on the chat's desk; a client of
        its own, closed after it (a chat has no end the page could tell)."""
        async with httpx.AsyncClient(timeout=httpx.Timeout(model.timeout_s)) as client:
            chat = OpenAIChatDialogue(
                self.engine.profile,
                api_key=model.api_key,
                client=client,
                model=model.model,
                base_url=model.base_url,
                answer_timeout_s=model.timeout_s * ANSWER_TIMEOUTS,
            )
            chat.use_desk(self.desk)
            return await chat.respond(text, list(self._history))

    def _engine(self, bot: Bot) -> ScriptedDialogue:
        engine = ScriptedDialogue(BotProfile.from_bot(bot))
        engine.use_desk(self.desk)  # the chat's own bookings outlive a settings change
        return engine
