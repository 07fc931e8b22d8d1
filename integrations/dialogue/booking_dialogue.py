"""Booking, moving and cancelling an appointment on the phone by slot filling, and taking a
message — the scripted engine's part that talks to the call's BookingDesk.

Booking: which service → which day → which time (the next free times offered, or the one
asked for checked) → the caller's name → read back → "ja" → booked. Whatever the caller
says at any step fills every slot it names ("Herrenschnitt am Freitag um drei" skips three
questions), and a correction ("nein, lieber Samstag", "no, at four") changes that slot and
goes on from there. Moving and cancelling find the caller's booking by the call's number
and the name they give. After two answers it cannot place in a row, it offers to take a
message. Every sentence comes from phrases.py, in the bot's language.

    booking = BookingDialogue(desk, "de", now=lambda: datetime.now(VIENNA))
    reply = await booking.respond("Ich hätte gern einen Termin")   # None: not for the book
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from integrations.dialogue.base import DialogueReply
from integrations.dialogue.booking_changes import ChangingBookings
from integrations.dialogue.booking_desk import Outcome
from integrations.dialogue.booking_steps import MISSES_BEFORE_MESSAGE, Request, Step
from integrations.dialogue.booking_understanding import (
    CHANGE_DAY,
    CHANGE_NAME,
    CHANGE_TIME,
    LATER,
    Task,
    asks_about_opening,
    drops_it,
    is_no,
    is_yes,
    may_be_for_the_book,
    picked,
    refers_back,
    service_in,
    task_of,
    wants,
)
from integrations.dialogue.caller_names import may_hold_a_name, name_given_again, name_in
from integrations.dialogue.message_pad import asks_to_leave_a_message
from integrations.dialogue.offered_times import (
    around,
    one_a_day,
    part_of,
    readings,
    spread,
    times_said,
)
from integrations.dialogue.phrases import (
    phrase,
    spoken_choice,
    spoken_day,
    spoken_when,
)
from integrations.dialogue.spoken_time import (
    clock_alone,
)

# Free starts looked at for a part of the day on the days after the one asked for: two
# days' worth of half hours, so an afternoon is found past a free morning.
PART_SEARCH = 64


class BookingDialogue(ChangingBookings):
    async def respond(self, text: str) -> DialogueReply | None:
        """The reply if `text` is for the book (a request, or an answer to its question),
        else None."""
        self._heard = text
        if (named := service_in(text, self.known_services)) is not None:
            self.spoken_of = named
        if (self.messages.offered or not self.messages.active) and asks_to_leave_a_message(text):
            # "Can I leave a message?", "bitte um Rückruf": whatever was under way. Said to
            # the offer, the message itself ("it's about a group booking, please call me
            # back"), not a booking it mentions.
            self.drop()
            return await self.messages.requested(text)
        if self.messages.offered:
            # Offered a message, the caller may ask for something else instead: a booking
            # ("Habt ihr am Samstag Zeit für mich?") or a question the bot can answer.
            # A request offered to be passed on is not asked again: what follows adds to it.
            begun = None if self.messages.passing_on else await self._begin(text)
            if begun is not None:
                self.messages.drop()
                return begun
            # A day or time said to a request offered to be passed on is more of it, not a
            # question about the opening hours ("so gegen sieben am Abend").
            detail = self.messages.passing_on and self._when(text).said_anything
            if not detail and self._faq is not None and self._faq(text):
                self.messages.drop()
                return None
        if self.messages.active:
            return await self.messages.respond(text)
        if self._step is None:
            return await self._begin(text)
        if drops_it(text):
            self.drop()
            return self._say("booking_dropped")
        # The answer goes to its step's handler: Step.DAY's to `_on_day`, and so on.
        on_answer: Callable[[str], Awaitable[DialogueReply]] = getattr(self, f"_on_{self._step}")
        return await on_answer(text)

    # ---- starting ----------------------------------------------------------------------

    async def _begin(self, text: str) -> DialogueReply | None:
        when = self._when(text)
        if not may_be_for_the_book(text, when.said_anything, self.language):
            return None  # most questions: no need to ask the book what it offers
        services = await self.offered_services()
        task = task_of(text, services, when.said_anything, self.language)
        if task is Task.BOOK and not services:
            # Nothing is booked by phone here (a Heuriger's table): the owner's own answer
            # if the FAQ has one, and the request passed on, so it is not lost.
            answer = self._faq(text) if self._faq is not None else None
            before = answer or phrase("cannot_book", self.language)
            return self.messages.pass_on(text, before=before)
        if task is None:
            return None
        self._request = Request(task)
        self._misses = 0
        self._absorb(text, when)
        if task is Task.BOOK and self._request.service is None and refers_back(text):
            self._request.service = self.spoken_of  # "dann hätt ich gern einen am Samstag"
        if task is Task.BOOK:
            return await self._next()
        if self.caller.name:
            return await self._find_bookings(self.caller.name)
        return self._ask(Step.BOOKING_NAME, "ask_booking_name", lead="sure")

    # ---- booking: the next question ------------------------------------------------------

    async def _next(self) -> DialogueReply:
        request = self._request
        services = self._services or []
        if request.service is None and len(services) == 1:
            request.service = services[0]
        if request.service is None:
            names = spoken_choice([s.name for s in services], self.language)
            return self._ask(Step.SERVICE, "ask_service", lead="sure", services=names)
        if request.start is None:
            if request.day is None and request.clock is None and not request.soonest:
                if request.booking is not None:
                    when = spoken_when(request.booking.start, self._today(), self.language)
                    return self._ask(
                        Step.DAY, "ask_new_day", service=request.service.name, when=when
                    )
                service = request.service.name
                return self._ask(Step.DAY, "ask_day", lead="sure_of", service=service)
            return await self._offer()
        if not request.name:
            return self._ask(Step.NAME, "ask_name")
        when = spoken_when(request.start, self._today(), self.language)
        service = request.service.name
        # The confirmation _commit says after a "yes", to be synthesized while they answer.
        done = "moved" if request.task is Task.MOVE else "booked"
        ahead = phrase(done, self.language, service=service, when=when)
        if request.task is Task.MOVE:
            asked = self._ask(Step.CONFIRM, "confirm_move", service=service, when=when)
        else:
            asked = self._ask(
                Step.CONFIRM, "confirm_booking", service=service, when=when, name=request.name
            )
        return replace(asked, ahead=ahead)

    async def _offer(self) -> DialogueReply:
        """Offer free times for the day asked for (or check the time asked for)."""
        request = self._request
        assert request.service is not None
        if request.day is None and request.clock is not None:
            today = self._today()
            soon = self._now() + timedelta(hours=1)
            request.day = (
                today
                if datetime.combine(today, request.clock, soon.tzinfo) > soon
                else (today + timedelta(days=1))
            )
        if request.day is None:  # "as soon as possible"
            starts = await self._desk.next_free_starts(request.service.id, None, 12)
            return self._offer_times(spread(starts), elsewhere=None)
        days = (request.until - request.day).days + 1 if request.until else 1
        starts = await self._desk.free_starts(request.service.id, request.day, days)
        # A part of the day narrows the times offered; with a time asked for it only said
        # which reading of the hour was meant ("halb sechs am Nachmittag" is 17:30, though
        # 17:30 counts as evening among the times offered).
        if request.part is not None and request.clock is None:
            starts = [s for s in starts if part_of(s) == request.part]
        if request.clock is not None and starts:
            exact = [s for s in starts if s.time() == request.clock]
            if exact:
                return await self._chose(exact[0])
            asked = datetime.combine(starts[0].date(), request.clock, starts[0].tzinfo)
            taken = spoken_when(asked, self._today(), self.language)
            request.offered = around(starts, asked)
            return self._ask(Step.TIME, "time_taken", time=taken, times=self._times())
        if starts:
            picks = one_a_day(starts) if request.until else spread(starts)
            return self._offer_times(picks, elsewhere=None)
        after = datetime.combine(request.day + timedelta(days=days), time(0), self._now().tzinfo)
        if request.part is not None and request.clock is None:
            # "Eher am Nachmittag" to the times offered on the next open day: its afternoon.
            later = await self._desk.next_free_starts(request.service.id, after, PART_SEARCH)
            later = [s for s in later if part_of(s) == request.part]
        else:
            later = await self._desk.next_free_starts(request.service.id, after, 12)
        return self._offer_times(spread(later), elsewhere=request.day)

    def _offer_times(self, starts: list[datetime], elsewhere: date | None) -> DialogueReply:
        request = self._request
        assert request.service is not None
        if not starts:
            nothing = phrase("nothing_free", self.language, service=request.service.name)
            return self.offer_message(before=nothing)
        request.offered = starts
        if elsewhere is not None:
            day = spoken_day(elsewhere, self._today(), self.language)
            closed = request.until is None and self._closed(elsewhere)
            said = "closed_elsewhere" if closed else "offer_elsewhere"
            return self._ask(Step.TIME, said, day=day, times=self._times())
        if len({s.date() for s in starts}) == 1:  # the sentence names the day
            day = spoken_day(starts[0].date(), self._today(), self.language)
            clocks = times_said(starts, self._today(), self.language)
            return self._ask(Step.TIME, "offer_times", day=day, times=clocks)
        return self._ask(Step.TIME, "which_time", times=self._times())

    def _times(self) -> str:
        """The offered times, with their day where it is not the day the caller asked for
        (times offered elsewhere, a slot gone), also when the question is asked again: "Frei
        wäre um 8 Uhr" after "Heute ist leider nichts mehr frei" sounds like today's."""
        offered, asked = self._request.offered, self._request.day
        elsewhere = asked is not None and any(s.date() != asked for s in offered)
        return times_said(offered, self._today(), self.language, with_day=elsewhere)

    async def _chose(self, start: datetime) -> DialogueReply:
        self._request.start, self._request.offered = start, []
        return await self._next()

    # ---- booking: the caller's answers --------------------------------------------------

    async def _on_service(self, text: str) -> DialogueReply:
        services = self._services or []
        service = service_in(text, services) or picked(text, services)
        if service is None:
            names = spoken_choice([s.name for s in services], self.language)
            # "Am Donnerstag Nachmittag, wenn's geht": when before what. Kept for the times
            # offered once the service is named, and the service asked again without
            # counting a miss; "Habt ihr am Donnerstag offen?" is answered first (_miss).
            asks = asks_about_opening(text, self.language)
            if self._absorb(text, self._when(text)) and not asks:
                return self._ask(Step.SERVICE, "ask_service", lead="sure", services=names)
            return self._miss("ask_service", services=names)
        self._request.service = service
        self._absorb(text, self._when(text))
        return await self._next()

    async def _on_day(self, text: str) -> DialogueReply:
        if not self._absorb(text, self._when(text)):
            assert self._request.service is not None
            return self._miss("ask_day", service=self._request.service.name)
        return await self._next()

    async def _on_time(self, text: str) -> DialogueReply:
        request = self._request
        if (choice := picked(text, request.offered)) is not None:
            return await self._chose(choice)
        when = self._when(text)
        # "Geht auch was am Nachmittag?": another part of the same day, offered anew.
        other_part = when.part is not None and when.clock is None
        if when.day is not None or when.soonest or other_part:
            self._absorb(text, when)
            return await self._next()
        clock = when.clock or clock_alone(text, self.language)
        if clock is not None:
            chosen = [s for s in request.offered if s.time() in readings(clock)]
            if chosen:
                return await self._chose(chosen[0])
            request.clock, request.start = clock, None
            request.day = request.offered[0].date() if request.offered else request.day
            request.until = None
            return await self._offer()
        if wants(text, LATER) and request.offered and request.service is not None:
            after = request.offered[-1] + timedelta(minutes=1)
            later = await self._desk.next_free_starts(request.service.id, after, 12)
            return self._offer_times(spread(later), elsewhere=None)
        if is_yes(text) and len(request.offered) == 1:
            return await self._chose(request.offered[0])
        if is_no(text) and request.service is not None:
            request.day = request.clock = request.until = None
            return self._ask(Step.DAY, "ask_day", service=request.service.name)
        return self._miss("which_time", times=self._times())

    async def _on_name(self, text: str) -> DialogueReply:
        # "Halb vier", "nein, lieber Samstag" when the name is asked: a correction of the
        # day or time, not a caller called "Halb Vier" — the name is asked again after it.
        when = self._when(text)
        correcting = is_no(text) or not may_hold_a_name(text, self.language)
        if when.said_anything and correcting and self._absorb(text, when):
            return await self._next()
        # Only small words ("Ja genau", "Nein danke", "Um elf"): no name, though name_in
        # would make "Genau" of them. A "no" here turns the booking down.
        if not may_hold_a_name(text, self.language):
            if is_no(text):
                self.drop()
                return self._say("booking_dropped")
            return self._miss("ask_name")
        name = name_in(text)
        if name is None:
            return self._miss("ask_name")
        return await self._named(name)

    async def _named(self, name: str) -> DialogueReply:
        self._request.name = self.caller.name = name
        return await self._next()

    async def _on_confirm(self, text: str) -> DialogueReply:
        if self._absorb(text, self._when(text)):
            return await self._next()
        if is_yes(text):
            return await self._commit()
        # A name misheard ("… under the name Vita Miller?") is put right in one answer:
        # "No, it's Peter Miller" is read back again without asking what to change.
        if is_no(text) and (name := name_given_again(text)) is not None:
            return await self._named(name)
        if is_no(text):
            return self._ask(Step.CHANGE, "what_to_change")
        return await self._repeat_confirm()

    async def _repeat_confirm(self) -> DialogueReply:
        self._misses += 1
        if self._misses >= MISSES_BEFORE_MESSAGE:
            return self.offer_message("offer_message_unanswered")
        reply = await self._next()
        return replace(reply, text=f"{phrase('pardon', self.language)} {reply.text}")

    async def _on_change(self, text: str) -> DialogueReply:
        request = self._request
        if self._absorb(text, self._when(text)):
            return await self._next()
        if (name := name_given_again(text)) is not None:  # "The name is Peter Miller"
            return await self._named(name)
        if wants(text, CHANGE_NAME):
            request.name = ""
            return self._ask(Step.NAME, "ask_name")
        if wants(text, CHANGE_DAY | CHANGE_TIME):
            if wants(text, CHANGE_DAY):
                request.day = request.until = None
            request.clock = request.start = None
            return await self._next()
        if is_no(text):
            self.drop()
            return self._say("booking_dropped")
        return self._miss("what_to_change")

    async def _commit(self) -> DialogueReply:
        request = self._request
        assert request.service is not None and request.start is not None
        if request.task is Task.MOVE and request.booking is not None:
            result = await self._desk.move(request.booking.id, request.start)
        else:
            result = await self._desk.book(request.service.id, request.start, request.name)
        if result.ok and result.appointment is not None:
            self.drop()
            done = result.appointment
            key = "moved" if request.task is Task.MOVE else "booked"
            when = spoken_when(done.start, self._today(), self.language)
            return self._say(key, service=done.service, when=when)
        if result.outcome is Outcome.INVALID:
            request.name = ""
            return self._ask(Step.NAME, "ask_name")
        request.start = None
        if not result.alternatives:
            return self._offer_times([], elsewhere=None)
        request.offered = list(result.alternatives)
        key = "slot_gone" if result.outcome is Outcome.TAKEN else "not_bookable"
        return self._ask(Step.TIME, key, times=self._times())
