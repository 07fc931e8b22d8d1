"""Opening hours as a bot says them on the phone: the week, one day the caller asked about,
and whether the business is open right now.

Times are said as a person says them ("von 9 Uhr bis 17 Uhr 30", "from 9 am to 5:30 pm"),
not as the portal stores them: espeak-ng read "09:00" as "neun Uhr null null". A caller who
names a day ("Habt ihr am Sonntag offen?", "are you open today") hears that day alone, closed
or its hours, rather than the whole week. Every word comes from the one catalogue
(phrases.py).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from integrations.dialogue.phrases import WEEKDAYS as DAY_NAMES
from integrations.dialogue.phrases import phrase, spoken_clock
from integrations.dialogue.spoken_time import parse_when

VIENNA = ZoneInfo("Europe/Vienna")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Hours = dict[str, Any]  # the bot's business_hours: {"mon": [["09:00", "17:00"]], ...}
Ranges = tuple[tuple[str, str], ...]


def week_listing(hours: Hours, language: str) -> str:
    """The days and times the business is open: "Montag bis Freitag von 9 Uhr bis 17 Uhr;
    Samstag von 9 Uhr bis 12 Uhr"."""
    parts = [_describe_group(days, ranges, language) for days, ranges in _group_days(hours)]
    if not parts:
        return phrase("by_appointment", language)
    return "; ".join(parts)


def week_answer(hours: Hours, language: str, now: datetime) -> str:
    """The week's hours, then whether the business is open right now."""
    listing = phrase("hours_week", language, listing=week_listing(hours, language))
    status = phrase("open_now" if is_open(hours, now) else "closed_now", language)
    return f"{listing} {status}"


def day_asked(text: str, language: str, today: date) -> date | None:
    """The one day the caller's words name ("am Sonntag", "today", "morgen"); None for none
    or a span ("next week")."""
    spoken = parse_when(text, language, today)
    return spoken.day if spoken.day is not None and spoken.until is None else None


def day_answer(hours: Hours, language: str, day: date, now: datetime) -> str:
    """That day's hours, or that it is closed then; asked about today, also whether the
    business is open right now."""
    today = now.astimezone(VIENNA).date()
    label = _day_label(day, today, language)
    ranges = _ranges(hours, WEEKDAYS[day.weekday()])
    if not ranges:
        return phrase("closed_on_day", language, day=label)
    answer = phrase("open_on_day", language, day=label, times=_times(ranges, language))
    if day == today:
        status = phrase("open_now" if is_open(hours, now) else "closed_now", language)
        answer = f"{answer} {status}"
    return answer


def is_open(hours: Hours, now: datetime) -> bool:
    local = now.astimezone(VIENNA)
    current = local.strftime("%H:%M")
    return any(start <= current < end for start, end in _ranges(hours, WEEKDAYS[local.weekday()]))


def closed_all_day(hours: Hours, day: date) -> bool:
    """Whether the business's hours keep it closed all `day` (never when it set no hours)."""
    return bool(hours) and not _ranges(hours, WEEKDAYS[day.weekday()])


def _day_label(day: date, today: date, language: str) -> str:
    """ "Heute", "Morgen", "Am Sonntag" / "Today", "On Sunday": a sentence's first words."""
    if day == today:
        label = phrase("today", language)
    elif day == today + timedelta(days=1):
        label = phrase("tomorrow", language)
    else:
        label = phrase("on_weekday", language, weekday=DAY_NAMES[_lang(language)][day.weekday()])
    return label[:1].upper() + label[1:]


def _ranges(hours: Hours, day: str) -> Ranges:
    value = hours.get(day) or []
    return tuple(
        (str(r[0]), str(r[1])) for r in value if isinstance(r, list | tuple) and len(r) == 2
    )


def _group_days(hours: Hours) -> list[tuple[list[int], Ranges]]:
    """Days in a row with the same hours, together: Monday to Friday, then Saturday."""
    groups: list[tuple[list[int], Ranges]] = []
    for index, day in enumerate(WEEKDAYS):
        ranges = _ranges(hours, day)
        if not ranges:
            continue
        if groups and groups[-1][1] == ranges and groups[-1][0][-1] == index - 1:
            groups[-1][0].append(index)
        else:
            groups.append(([index], ranges))
    return groups


def _describe_group(days: list[int], ranges: Ranges, language: str) -> str:
    names = DAY_NAMES[_lang(language)]
    if len(days) == 1:
        span = names[days[0]]
    else:
        span = phrase("days_span", language, first=names[days[0]], last=names[days[-1]])
    return f"{span} {_times(ranges, language)}"


def _times(ranges: Ranges, language: str) -> str:
    """ "von 9 Uhr bis 12 Uhr und von 13 Uhr bis 18 Uhr" / "from 9 am to 12 pm and …"."""
    spans = [
        phrase("from_to", language, start=_clock(start, language), end=_clock(end, language))
        for start, end in ranges
    ]
    return f" {phrase('and', language)} ".join(spans)


def _clock(stored: str, language: str) -> str:
    """ "17:30" said: "17 Uhr 30" / "5:30 pm"; a time that does not read as HH:MM as is."""
    try:
        return spoken_clock(time.fromisoformat(stored), language, at=False)
    except ValueError:
        return stored


def _lang(language: str) -> str:
    return "de" if language.startswith("de") else "en"
