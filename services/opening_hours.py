"""Opening hours as an owner writes them ("09:00-12:00, 13:00-17:00" a day) and as a bot
keeps them (services.bots.BotSpec.business_hours: day → [[opens, closes], …]). Reading only
splits and pads the text; services.bots decides what is a valid time."""

from __future__ import annotations

from core.catalogue import N_
from services.errors import ValidationFailed

HOURS_WRITTEN_WRONGLY = N_("Please write opening hours as 09:00-17:00.")


def read_opening_hours(texts: dict[str, str]) -> dict[str, list[list[str]]]:
    """Day → its ranges, from each day's text (ranges apart by "," or ";", bounds by "-" or
    "–"; "9" and "9:00" read as "09:00"); a day without text is left out (closed). Raises
    ValidationFailed under "business_hours" for a range without exactly two bounds."""
    hours: dict[str, list[list[str]]] = {}
    for day, text in texts.items():
        ranges = []
        for part in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
            bounds = [b.strip() for b in part.replace("–", "-").split("-")]
            if len(bounds) != 2:
                raise ValidationFailed({"business_hours": HOURS_WRITTEN_WRONGLY})
            ranges.append([_pad_clock(bounds[0]), _pad_clock(bounds[1])])
        if ranges:
            hours[day] = ranges
    return hours


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
