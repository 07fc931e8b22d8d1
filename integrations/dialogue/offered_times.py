"""Which free times the bot offers a caller, and how it says them: a few, spread out,
near the one asked for — "um 9 Uhr, um 9 Uhr 30 oder um 10 Uhr" rather than every quarter
hour of the day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from integrations.dialogue.phrases import (
    phrase,
    spoken_choice,
    spoken_clock,
    spoken_day,
    spoken_when,
)
from integrations.dialogue.spoken_time_words import AFTERNOON, EVENING, MORNING

OFFER_COUNT = 3
MIN_GAP = timedelta(minutes=30)  # between offered times: "9, 9:15, 9:30" says little


def spread(starts: list[datetime]) -> list[datetime]:
    """Up to three of the free starts, earliest first, at least MIN_GAP apart."""
    picks: list[datetime] = []
    for start in starts:
        if not picks or start - picks[-1] >= MIN_GAP or start.date() != picks[-1].date():
            picks.append(start)
        if len(picks) == OFFER_COUNT:
            break
    return picks


def around(starts: list[datetime], asked: datetime) -> list[datetime]:
    """The free time just before the one asked for, and the next ones after it."""
    before = [s for s in starts if s < asked][-1:]
    after = spread([s for s in starts if s > asked])
    return (before + after)[:OFFER_COUNT]


def one_a_day(starts: list[datetime]) -> list[datetime]:
    """For a span of days ("next week"): the first free time of each of three days."""
    picks: list[datetime] = []
    for start in starts:
        if not picks or start.date() != picks[-1].date():
            picks.append(start)
        if len(picks) == OFFER_COUNT:
            break
    return picks


def part_of(start: datetime) -> str:
    if start.hour < 12:
        return MORNING
    return AFTERNOON if start.hour < 17 else EVENING


def readings(clock: time) -> set[time]:
    """ "um drei" offered as 15:00 and "at nine" as 9:00: both readings of a small hour."""
    other = (clock.hour + 12) % 24 if clock.hour < 12 else clock.hour - 12
    return {clock, clock.replace(hour=other)}


def times_said(
    offered: list[datetime], today: date, language: str, *, with_day: bool = False
) -> str:
    """The offered times, with their days when they fall on more than one; `with_day`: with
    the day also when it is one ("morgen um 8 Uhr, um 8 Uhr 30 oder um 9 Uhr"), for times
    on another day than the one being talked about."""
    if len(days := {s.date() for s in offered}) > 1:
        return spoken_choice([spoken_when(s, today, language) for s in offered], language)
    clocks = spoken_choice([spoken_clock(s.time(), language) for s in offered], language)
    if not with_day:
        return clocks
    day = spoken_day(days.pop(), today, language)
    return phrase("day_at_clock", language, day=day, clock=clocks)
