"""Moving and cancelling on the phone: the caller's name → their coming bookings under the
call's number and that name (one, or "which one?") → cancel after a yes, or on to the new
day and time like a booking."""

from __future__ import annotations

from dataclasses import replace

from integrations.dialogue.base import DialogueReply
from integrations.dialogue.booking_desk import Appointment, OfferedService
from integrations.dialogue.booking_steps import Step, StepDialogue
from integrations.dialogue.booking_understanding import (
    Task,
    is_no,
    is_yes,
    picked,
)
from integrations.dialogue.caller_names import may_hold_a_name, name_in
from integrations.dialogue.offered_times import OFFER_COUNT, readings
from integrations.dialogue.phrases import phrase, spoken_choice, spoken_when


class ChangingBookings(StepDialogue):
    async def _on_booking_name(self, text: str) -> DialogueReply:
        # "Um elf", "Ja genau": small words only, no name to look for.
        name = name_in(text) if may_hold_a_name(text, self.language) else None
        if name is None:
            return self._miss("ask_booking_name")
        return await self._find_bookings(name)

    async def _find_bookings(self, name: str) -> DialogueReply:
        self.caller.name = name
        found = await self._desk.caller_bookings(name)
        if not found:
            missing = phrase("no_booking_found", self.language, name=name)
            return self.offer_message("leave_a_message", before=missing)
        # "Meinen Termin am Dienstag verschieben": the day said picks the booking.
        on_that_day = [b for b in found if b.start.date() == self._request.day]
        if len(on_that_day) == 1:
            found = on_that_day
        if len(found) == 1:
            return await self._with_booking(found[0])
        self._request.candidates = found[:OFFER_COUNT]
        listing = [
            f"{b.service} {spoken_when(b.start, self._today(), self.language)}"
            for b in self._request.candidates
        ]
        bookings = spoken_choice(listing, self.language)
        return self._ask(Step.WHICH_BOOKING, "which_booking", bookings=bookings)

    async def _on_which_booking(self, text: str) -> DialogueReply:
        candidates = self._request.candidates
        choice = picked(text, [b.start for b in candidates])
        when = self._when(text)
        for booking in candidates:
            if choice == booking.start or (when.day == booking.start.date() and when.day):
                return await self._with_booking(booking)
        return self._miss("which_booking", bookings=", ".join(b.service for b in candidates))

    async def _with_booking(self, booking: Appointment) -> DialogueReply:
        request = self._request
        request.booking, request.name = booking, booking.caller_name
        when = spoken_when(booking.start, self._today(), self.language)
        if request.task is Task.CANCEL:
            asked = self._ask(
                Step.CONFIRM_CANCEL, "confirm_cancel", service=booking.service, when=when
            )
            done = phrase("cancelled", self.language, service=booking.service, when=when)
            return replace(asked, ahead=done)  # synthesized while the caller answers
        request.service = OfferedService(booking.service_id, booking.service, 0)
        said_its_own = request.clock is None or booking.start.time() in readings(request.clock)
        if request.day == booking.start.date() and said_its_own:
            # The day (and time) the caller named were the booking's own ("ich müsste meinen
            # Termin am Dienstag verschieben"), not the new ones: those are asked for. Another
            # time that day is the new one ("move my appointment tomorrow to 4 pm").
            request.day = request.until = request.clock = request.part = None
        return await self._next()

    async def _on_confirm_cancel(self, text: str) -> DialogueReply:
        booking = self._request.booking
        assert booking is not None
        if is_yes(text):
            result = await self._desk.cancel(booking.id)
            self.drop()
            if not result.ok:
                return self._say("no_booking_found", name=booking.caller_name)
            when = spoken_when(booking.start, self._today(), self.language)
            return self._say("cancelled", service=booking.service, when=when)
        if is_no(text):
            self.drop()
            return self._say("kept")
        when = spoken_when(booking.start, self._today(), self.language)
        return self._miss("confirm_cancel", service=booking.service, when=when)
