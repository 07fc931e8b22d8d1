"""Taking a message on the phone: offered ("Would you like to leave a message?") → what it
is about → the caller's name (unless said before) → stored through the call's desk, which
takes the caller's number from the call."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from integrations.dialogue.base import DialogueReply
from integrations.dialogue.booking_desk import BookingDesk
from integrations.dialogue.booking_understanding import is_no, is_yes, may_hold_a_name, name_in
from integrations.dialogue.lexicon import words
from integrations.dialogue.phrases import phrase, spoken

MAX_MESSAGE = 2000
MAX_NAME = 120
SHORT_ANSWER = 3  # words: "ja gerne", "nein danke"; longer is already the message


@dataclass
class Caller:
    """What the caller told about themselves during the call."""

    name: str = ""


class MessageStep(enum.StrEnum):
    OFFERED = "offered"
    ABOUT = "about"
    NAME = "name"


class MessagePad:
    def __init__(self, desk: BookingDesk, language: str, caller: Caller) -> None:
        self._desk, self.language, self._caller = desk, language, caller
        self.step: MessageStep | None = None
        self._about = ""
        self._misses = 0

    @property
    def active(self) -> bool:
        return self.step is not None

    @property
    def offered(self) -> bool:
        """A message was offered and the caller has not said yes or no yet."""
        return self.step is MessageStep.OFFERED

    def drop(self) -> None:
        self.step, self._about, self._misses = None, "", 0

    def offer(self, key: str = "offer_message", before: str = "") -> DialogueReply:
        self.drop()
        self.step = MessageStep.OFFERED
        return DialogueReply(f"{before} {phrase(key, self.language)}".strip())

    async def respond(self, text: str) -> DialogueReply:
        if self.step is MessageStep.ABOUT:
            return await self._about_this(text)
        if self.step is MessageStep.NAME:
            return await self._on_name(text)
        short = len(words(text)) <= SHORT_ANSWER
        if short and is_yes(text):
            self.step = MessageStep.ABOUT
            return self._say("sure", "ask_message")
        if short and is_no(text):
            self.drop()
            return self._say("declined")
        if not short:  # they went straight to what it is about
            return await self._about_this(text)
        self._misses += 1
        if self._misses > 1:
            self.drop()
            return self._say("declined")
        return self._say("pardon", "offer_message")

    async def _about_this(self, text: str) -> DialogueReply:
        self._about, self._misses = text.strip()[:MAX_MESSAGE], 0
        if self._caller.name:
            return await self._take(self._caller.name)
        self.step = MessageStep.NAME
        return self._say("ask_message_name")

    async def _on_name(self, text: str) -> DialogueReply:
        """The caller's name; small words hold none ("Ja genau" was noted as the name): a
        "no" among them takes nothing down ("Nein danke"), else the name is asked again,
        once."""
        if may_hold_a_name(text, self.language):
            return await self._take(name_in(text) or text.strip()[:MAX_NAME])
        self._misses += 1
        if is_no(text) or self._misses > 1:
            self.drop()
            return self._say("message_dropped")
        return self._say("ask_message_name_again")

    async def _take(self, name: str) -> DialogueReply:
        self._caller.name = name
        result = await self._desk.take_message(name, self._about)
        self.drop()
        return self._say("message_taken" if result.ok else "no_handover")

    def _say(self, *keys: str) -> DialogueReply:
        return spoken(*keys, language=self.language)
