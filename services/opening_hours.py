"""Opening hours as an owner writes them ("09:00-12:00, 13:00-17:00" a day) and as a bot
keeps them (services.bots.BotSpec.business_hours: day → [[opens, closes], …]). Reading splits
and pads the text and refuses a day that business_hours_error refuses (services.bots checks a
bot's hours with it too; the REST API's schema takes CLOCK_PATTERN and Weekday from here)."""

from __future__ import annotations

import re
from typing import Literal, get_args

from core.catalogue import N_
from services.errors import ValidationFailed

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)
CLOCK_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"  # 00:00 … 23:59
_CLOCK = re.compile(CLOCK_PATTERN)
HOURS_WRITTEN_WRONGLY = N_("Please write opening hours as 09:00-17:00.")


def read_opening_hours(texts: dict[str, str]) -> dict[str, list[list[str]]]:
    """Day → its ranges, from each day's text (ranges apart by "," or ";", bounds by "-" or
    "–"; "9" and "9:00" read as "09:00"); a day without text is left out (closed). Raises
    ValidationFailed with every wrong day under its own key ("mon", …), so a form marks the
    days that are wrong, not the whole week."""
    hours: dict[str, list[list[str]]] = {}
    errors: dict[str, str] = {}
    for day, text in texts.items():
        ranges = []
        for part in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
            bounds = [b.strip() for b in part.replace("–", "-").split("-")]
            if len(bounds) != 2:
                errors[day] = HOURS_WRITTEN_WRONGLY
                break
            ranges.append([_pad_clock(bounds[0]), _pad_clock(bounds[1])])
        if day not in errors and (problem := business_hours_error({day: ranges})):
            errors[day] = problem
        if ranges:
            hours[day] = ranges
    if errors:
        raise ValidationFailed(errors)
    return hours


def business_hours_error(hours: dict[str, list[list[str]]]) -> str | None:
    """What is wrong with a bot's opening hours (day → [[opens, closes], …]), or None."""
    for day, ranges in hours.items():
        if day not in WEEKDAYS:
            return f"Unknown weekday {day!r}."
        for time_range in ranges:
            if len(time_range) != 2 or not all(_CLOCK.match(t) for t in time_range):
                return HOURS_WRITTEN_WRONGLY
            if time_range[0] >= time_range[1]:
                return N_("Opening hours must end after they start.")
    return None


def opening_hours_text(ranges: list[list[str]]) -> str:
    """A day's ranges as an owner reads and writes them: "09:00-12:00, 13:00-17:00"."""
    return ", ".join(f"{opens}-{closes}" for opens, closes in ranges)


def _pad_clock(value: str) -> str:
    """'9:00' → '09:00', '9' → '09:00'; anything else is left for the validator to refuse."""
    if value.isdigit():
        value += ":00"
    if len(value) == 4 and value[1] == ":":
        value = "0" + value
    return value
