"""The appointment book as tools for a chat model (OpenAI Chat Completions `tools`):
check_availability, book, move, cancel, take_message, transfer_to_person.

`TOOLS` is what the model is offered; `run_tool` carries out one call through the call's
BookingDesk and returns the JSON-able result the model gets back (never raises for the
model's arguments: a bad one comes back as `{"ok": false, "error": …}` so it can ask the
caller again) and whether the call should be handed to a person. Times go to and from the
model as Vienna wall-clock times, "2026-12-04T15:00".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from integrations.dialogue.booking_desk import Appointment, BookingDesk, DeskResult, OfferedService

VIENNA = ZoneInfo("Europe/Vienna")
VIENNA_TIME = "%Y-%m-%dT%H:%M"
MAX_FREE_LISTED = 6
TRANSFER = "transfer_to_person"


def _tool(name: str, description: str, properties: dict[str, Any], required: list[str]) -> dict:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {
                "type": "object",
                "properties": properties,
                "required": required,
                "additionalProperties": False,
            },
        },
    }


_SERVICE = {"type": "string", "description": "The service's name, as listed in the prompt."}
_NAME = {"type": "string", "description": "The caller's name, as they said it."}


def _start(what: str) -> dict[str, str]:
    return {"type": "string", "description": f"{what}, Vienna time, YYYY-MM-DDTHH:MM."}


TOOLS: list[dict[str, Any]] = [
    _tool(
        "check_availability",
        "List free start times of a service on a day (or from a day on). Call it before "
        "offering times; offer two or three of them.",
        {"service": _SERVICE, "date": {"type": "string", "description": "YYYY-MM-DD."}},
        ["service", "date"],
    ),
    _tool(
        "book",
        "Book a service for the caller at a free start time, after they confirmed the "
        "service, the time and their name.",
        {"service": _SERVICE, "start": _start("The start"), "caller_name": _NAME},
        ["service", "start", "caller_name"],
    ),
    _tool(
        "move",
        "Move the caller's booking (found by their phone number and name) to a new start.",
        {
            "caller_name": _NAME,
            "new_start": _start("The new start"),
            "current_start": _start("The booking's current start, if they have several"),
        },
        ["caller_name", "new_start"],
    ),
    _tool(
        "cancel",
        "Cancel the caller's booking (found by their phone number and name), after they "
        "confirmed it.",
        {"caller_name": _NAME, "start": _start("The booking's start, if they have several")},
        ["caller_name"],
    ),
    _tool(
        "take_message",
        "Take a message for the business when you cannot help: nobody can take the call, "
        "it is outside opening hours, or you cannot answer. Ask for the name and what it "
        "is about first.",
        {
            "caller_name": _NAME,
            "about": {"type": "string", "description": "What the message is about."},
            "caller_phone": {
                "type": "string",
                "description": "A number to call back, if it is not the one calling.",
            },
        },
        ["caller_name", "about"],
    ),
    _tool(TRANSFER, "Put the caller through to a person of the business.", {}, []),
]


@dataclass(frozen=True)
class ToolOutcome:
    result: dict[str, Any]
    hand_over: bool = False


async def run_tool(desk: BookingDesk, name: str, arguments: str) -> ToolOutcome:
    """Carry out one tool call; `arguments` is the model's JSON text."""
    try:
        values = json.loads(arguments or "{}")
    except ValueError:
        return ToolOutcome({"ok": False, "error": "The arguments are not valid JSON."})
    if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
        return ToolOutcome({"ok": False, "error": "Every argument is a string."})
    if name == TRANSFER:
        return ToolOutcome({"ok": True}, hand_over=True)
    runner = _RUNNERS.get(name)
    if runner is None:
        return ToolOutcome({"ok": False, "error": f"There is no tool {name!r}."})
    try:
        return ToolOutcome(await runner(desk, values))
    except ArgumentError as error:
        return ToolOutcome({"ok": False, "error": str(error)})


class ArgumentError(ValueError):
    """An argument the model got wrong; its text goes back to the model."""


async def _check_availability(desk: BookingDesk, values: dict[str, str]) -> dict[str, Any]:
    service = await _service(desk, values)
    day = _date(values.get("date", ""))
    starts = await desk.free_starts(service.id, day)
    if not starts:
        starts = await desk.next_free_starts(service.id, _midnight(day), MAX_FREE_LISTED)
    free = [s.strftime(VIENNA_TIME) for s in starts[:MAX_FREE_LISTED]]
    return {"ok": True, "service": service.name, "free": free}


async def _book(desk: BookingDesk, values: dict[str, str]) -> dict[str, Any]:
    service = await _service(desk, values)
    start = _moment(values.get("start", ""))
    return _answer(await desk.book(service.id, start, values.get("caller_name", "")))


async def _move(desk: BookingDesk, values: dict[str, str]) -> dict[str, Any]:
    booking = await _callers_booking(desk, values, values.get("current_start", ""))
    return _answer(await desk.move(booking.id, _moment(values.get("new_start", ""))))


async def _cancel(desk: BookingDesk, values: dict[str, str]) -> dict[str, Any]:
    booking = await _callers_booking(desk, values, values.get("start", ""))
    return _answer(await desk.cancel(booking.id))


async def _take_message(desk: BookingDesk, values: dict[str, str]) -> dict[str, Any]:
    result = await desk.take_message(
        values.get("caller_name", ""), values.get("about", ""), values.get("caller_phone", "")
    )
    return {"ok": True} if result.ok else {"ok": False, "error": result.reason}


_RUNNERS = {
    "check_availability": _check_availability,
    "book": _book,
    "move": _move,
    "cancel": _cancel,
    "take_message": _take_message,
}


async def _service(desk: BookingDesk, values: dict[str, str]) -> OfferedService:
    wanted = values.get("service", "").strip().casefold()
    services = await desk.services()
    for service in services:
        if service.name.casefold() == wanted:
            return service
    names = ", ".join(s.name for s in services)
    raise ArgumentError(f"Unknown service. The services are: {names}.")


async def _callers_booking(desk: BookingDesk, values: dict[str, str], at: str) -> Appointment:
    found = await desk.caller_bookings(values.get("caller_name", ""))
    if at:
        start = _moment(at)
        found = [b for b in found if b.start == start]
    if not found:
        raise ArgumentError("No coming booking under the caller's number and this name.")
    if len(found) > 1:
        listed = ", ".join(f"{b.service} {b.start.strftime(VIENNA_TIME)}" for b in found)
        raise ArgumentError(f"Several bookings; say which by its start: {listed}.")
    return found[0]


def _answer(result: DeskResult) -> dict[str, Any]:
    if result.ok and result.appointment is not None:
        done = result.appointment
        booking = {"service": done.service, "start": done.start.strftime(VIENNA_TIME)}
        return {"ok": True, "booking": {**booking, "caller_name": done.caller_name}}
    free = [s.strftime(VIENNA_TIME) for s in result.alternatives]
    return {"ok": False, "error": result.reason, "free_instead": free}


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ArgumentError("The date is not YYYY-MM-DD.") from None


def _moment(text: str) -> datetime:
    """A Vienna wall-clock time."""
    try:
        return datetime.strptime(text.strip()[:16], VIENNA_TIME).replace(tzinfo=VIENNA)
    except ValueError:
        raise ArgumentError("The time is not YYYY-MM-DDTHH:MM.") from None


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=VIENNA)
