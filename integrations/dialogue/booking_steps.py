"""What the appointment-book dialogue keeps during a call, and how it asks: the steps,
the caller's request so far and how what they say fills it (`_absorb`), the saying, asking
and asking-again every step shares.
booking_dialogue.py builds on it; booking_changes.py holds moving and cancelling."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from integrations.dialogue.base import DialogueReply
from integrations.dialogue.booking_desk import Appointment, BookingDesk, OfferedService
from integrations.dialogue.booking_understanding import Task, service_in
from integrations.dialogue.listening import listening_for
from integrations.dialogue.message_pad import Caller, MessagePad
from integrations.dialogue.phrases import in_turn, spoken
from integrations.dialogue.service_facts import service_fact
from integrations.dialogue.spoken_time import SpokenTime, parse_when

MISSES_BEFORE_MESSAGE = 2


class Step(enum.StrEnum):
    SERVICE = "service"
    DAY = "day"
    TIME = "time"
    NAME = "name"
    CONFIRM = "confirm"
    CHANGE = "change"
    BOOKING_NAME = "booking_name"
    WHICH_BOOKING = "which_booking"
    CONFIRM_CANCEL = "confirm_cancel"


@dataclass
class Request:
    """What the caller has asked for so far."""

    task: Task
    service: OfferedService | None = None
    day: date | None = None
    until: date | None = None  # a span of days: "nächste Woche"
    clock: time | None = None
    part: str | None = None
    soonest: bool = False
    start: datetime | None = None  # the time chosen
    name: str = ""
    offered: list[datetime] = field(default_factory=list)
    booking: Appointment | None = None  # moving or cancelling this one
    candidates: list[Appointment] = field(default_factory=list)


# The bot's answer to a question, if it knows one (the scripted engine's FAQ), else None.
FaqAnswer = Callable[[str], str | None]


class StepDialogue:
    def __init__(
        self,
        desk: BookingDesk,
        language: str,
        now: Callable[[], datetime],
        faq: FaqAnswer | None = None,
        closed: Callable[[date], bool] | None = None,
    ) -> None:
        self._desk = desk
        self.language = language
        self._now = now
        self._faq = faq
        # Whether the business is closed all that day by its hours: a day without a free
        # time is said to be closed, not fully booked.
        self._closed = closed or (lambda day: False)
        self._heard = ""  # the caller's last words
        self._step: Step | None = None
        self._request = Request(Task.BOOK)
        self._services: list[OfferedService] | None = None
        # The service the caller last named ("Was kostet ein Herrenschnitt?"), for what
        # points back at it: "Und wie lang dauert das?", "dann hätt ich gern einen".
        self.spoken_of: OfferedService | None = None
        self._misses = 0
        self.caller = Caller()  # their name, once said, is not asked again
        self.messages = MessagePad(desk, language, self.caller)

    @property
    def active(self) -> bool:
        return self._step is not None or self.messages.active

    def listening_for(self) -> str:
        """The words of the step's likely answers (listening.py); "" for a message."""
        if self.messages.active:
            return ""
        return listening_for(self._step, self._services or [], self.language)

    def drop(self) -> None:
        self._step, self._request, self._misses = None, Request(Task.BOOK), 0
        self.messages.drop()

    def offer_message(self, key: str = "offer_message", before: str = "") -> DialogueReply:
        """ "Would you like to leave a message?" — nobody to hand over to, or no answer."""
        self.drop()
        return self.messages.offer(key, before)

    async def offered_services(self) -> list[OfferedService]:
        """What the bot books, asked of the desk once a call."""
        if self._services is None:
            self._services = await self._desk.services()
        return self._services

    @property
    def known_services(self) -> list[OfferedService]:
        """The services, once asked for (`offered_services`); none before."""
        return self._services or []

    def service_fact(self, text: str, unless_named_in: str = "") -> str | None:
        """How long the service `text` names (or points back at) takes, or what it costs;
        None unless the services are known (service_facts.py)."""
        return service_fact(
            text,
            self.known_services,
            self.language,
            unless_named_in=unless_named_in,
            spoken_of=self.spoken_of,
        )

    def _when(self, text: str) -> SpokenTime:
        return parse_when(text, self.language, self._now().date(), within=self._days_spoken_of())

    def _absorb(self, text: str, when: SpokenTime) -> bool:
        """Fill the slots `text` names; True if it named any (a correction)."""
        request, changed = self._request, False
        service = service_in(text, self._services or [])
        if service is not None and request.task is Task.BOOK and service != request.service:
            request.service, changed = service, True
        if when.day is not None or when.soonest:
            request.day, request.until, request.soonest = when.day, when.until, when.soonest
            request.clock = when.clock or (request.clock if when.day else None)
            changed = True
        elif when.clock is not None:
            if request.start is not None:
                # A time alone after one was chosen is that day's ("doch lieber um halb
                # vier", read back for Tuesday): not the day first asked for, which was
                # closed or full when Tuesday was offered instead.
                request.day, request.until = request.start.date(), None
            request.clock, changed = when.clock, True
        if when.part is not None:
            request.part, changed = when.part, True
        if changed:
            request.start, request.offered = None, []
        return changed

    def _days_spoken_of(self) -> tuple[date, date] | None:
        """The days the booking talk is about, for a weekday named alone: the span the caller
        asked for ("nächste Woche"), the days of the times just offered, or the week of the
        day being talked about (from today on). The bot offered next week's Wednesday, the
        caller said "Mittwoch", then "lieber Donnerstag", and this week's were taken."""
        request = self._request
        if request.day is not None and request.until is not None:
            return request.day, request.until
        offered = sorted({start.date() for start in request.offered})
        if len(offered) > 1:
            return offered[0], offered[-1]
        if request.day is not None:
            monday = request.day - timedelta(days=request.day.weekday())
            return max(monday, self._now().date()), monday + timedelta(days=6)
        return None

    def _say(self, key: str, **values: str) -> DialogueReply:
        return spoken(key, language=self.language, **values)

    def _ask(self, step: Step, key: str, *, lead: str = "", **values: str) -> DialogueReply:
        """Ask the step's question, after the phrase `lead` ("Gern.") if given: what the
        caller just asked for is acknowledged. Asked again (`_miss`), it goes without."""
        if step != self._step:
            self._misses = 0
        self._step = step
        return DialogueReply(in_turn(lead, key, language=self.language, **values))

    def _miss(self, key: str, **values: str) -> DialogueReply:
        """Did not understand the answer: ask again, the second time offer a message. A
        question the bot knows the answer to ("Was kostet das?") is answered first, and the
        step's question asked again, without counting against the caller."""
        answer = self._faq(self._heard) if self._faq is not None else None
        if answer:
            return DialogueReply(f"{answer} {in_turn(key, language=self.language, **values)}")
        self._misses += 1
        if self._misses >= MISSES_BEFORE_MESSAGE:
            return self.offer_message("offer_message_unanswered")
        return DialogueReply(in_turn("pardon", key, language=self.language, **values))

    def _today(self) -> date:
        return self._now().date()

    async def _next(self) -> DialogueReply:
        """The next question, from what is still missing (booking_dialogue.py)."""
        raise NotImplementedError
