"""Taking a message on the phone: offered ("Would you like to leave a message?") or asked
for ("Kann ich eine Nachricht hinterlassen?", "please call me back") → what it is about
(unless said with the request) → the caller's name (unless said before) → stored through the
call's desk, which takes the caller's number from the call."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from integrations.dialogue.base import DialogueReply
from integrations.dialogue.booking_desk import BookingDesk
from integrations.dialogue.booking_understanding import is_no, is_yes
from integrations.dialogue.caller_names import may_hold_a_name, name_in
from integrations.dialogue.lexicon import STOPWORDS, words
from integrations.dialogue.phrases import phrase, spoken

MAX_MESSAGE = 2000
MAX_NAME = 120
SHORT_ANSWER = 3  # words: "ja gerne", "nein danke"; longer is already the message

# Asking to leave a message: a word for one and a verb for leaving it anywhere in the
# sentence ("Kann ich eine Nachricht für den Chef hinterlassen?", "can you take a message");
# "ausrichten" says it alone ("Können Sie ihr etwas ausrichten?"). Sending one ("Can I send
# you a message on WhatsApp?") is a question for the FAQ.
MESSAGE_WORDS = {"message", "nachricht", "notiz"}
LEAVING_WORDS = {
    "leave", "take", "pass", "hinterlassen", "hinterlegen", "aufnehmen", "notieren",
    "weitergeben", "weiterleiten",
}  # fmt: skip
PASSING_ON = {"ausrichten", "ausrichtet"}
# Asking to be called back is a message too: "Bitte um Rückruf wegen der Feier", "can you
# call me back", "rufen Sie mich bitte zurück".
CALL_BACK_PHRASES = (" call me back ", " ring me back ", " get back to me ")
CALL_BACK_WORDS = {"rueckruf", "zurueckrufen", "zurueckruft", "callback"}
CALLING_WORDS = {"ruf", "rufe", "rufen", "ruft"}
# Words of the request itself, besides small ones: what is left says what it is about.
REQUEST_WORDS = (
    MESSAGE_WORDS | LEAVING_WORDS | PASSING_ON | CALL_BACK_WORDS | CALLING_WORDS
    | {"call", "ring", "back", "zurueck", "owner", "boss", "chef", "chefin", "someone", "jemand"}
)  # fmt: skip
SAYS_WHAT_ABOUT = 3  # words beyond the request: "Rückruf wegen einer Feier für zwanzig Personen"
# Words that lead to what it is about: one word after them is enough ("es geht um meine
# Bestellung", "about my order").
ABOUT_WORDS = ("wegen", "about", "regarding", "bezueglich", "betreffend", "geht um")


def asks_to_leave_a_message(text: str) -> bool:
    """Whether the caller asks to leave a message or to be called back."""
    heard = words(text)
    said = set(heard)
    joined = f" {' '.join(heard)} "
    return bool(
        (MESSAGE_WORDS & said and LEAVING_WORDS & said)
        or PASSING_ON & said
        or CALL_BACK_WORDS & said
        or (CALLING_WORDS & said and "zurueck" in said)
        or any(phrase in joined for phrase in CALL_BACK_PHRASES)
    )


def says_what_about(text: str) -> bool:
    """Whether a request to leave a message already holds it ("please call me back about
    the party on Saturday"), rather than only asking ("Can I leave a message?")."""
    heard = words(text)
    joined = f" {' '.join(heard)} "
    for lead in ABOUT_WORDS:
        _, found, after = joined.partition(f" {lead} ")
        if found and any(_says(word) for word in after.split()):
            return True
    return sum(map(_says, heard)) >= SAYS_WHAT_ABOUT


def _says(word: str) -> bool:
    """A word that says something beyond the request and the small words."""
    return word not in STOPWORDS and word not in REQUEST_WORDS


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
    def passing_on(self) -> bool:
        """A request was offered to be passed on (`pass_on`), not answered yet."""
        return self.offered and bool(self._about)

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

    def pass_on(self, request: str, before: str) -> DialogueReply:
        """Offer to pass on what the bot cannot do itself (a booking where nothing is booked
        by phone): a yes takes `request` down as the message; more words said to the offer
        ("so gegen sieben am Abend") are added to it."""
        reply = self.offer("offer_pass_on", before)
        self._about = request.strip()[:MAX_MESSAGE]
        return reply

    async def requested(self, text: str) -> DialogueReply:
        """The caller asked to leave a message (asks_to_leave_a_message): what it is about,
        unless they said it with the request."""
        self.drop()
        if says_what_about(text):
            return await self._about_this(text)
        self.step = MessageStep.ABOUT
        return self._say("sure", "ask_message")

    async def respond(self, text: str) -> DialogueReply:
        short = len(words(text)) <= SHORT_ANSWER
        if self.step is MessageStep.ABOUT:
            if short and is_no(text):  # "Nein, doch nicht": nothing to take down
                self.drop()
                return self._say("declined")
            return await self._about_this(text)
        if self.step is MessageStep.NAME:
            return await self._on_name(text)
        if short and is_yes(text):
            if self._about:  # a request to pass on: the message is said already
                return await self._about_this(self._about)
            self.step = MessageStep.ABOUT
            return self._say("sure", "ask_message")
        if short and is_no(text):
            self.drop()
            return self._say("declined")
        if not short or self._about:  # what it is about, or more of the request passed on
            return await self._about_this(f"{self._about} {text}")
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
