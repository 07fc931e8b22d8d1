"""When a service can start: opening hours turned into windows, and how full a window is.

Pure functions over times, no database: services/free_slots.py and services/booking_places.py
feed them the bots' opening hours and the bookings they read. Opening hours are Vienna wall-clock
times ("09:00"–"17:00"); every datetime here is timezone-aware and comparisons are in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from services.vienna_time import VIENNA

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Slots start on the quarter hour: fine enough for a salon, coarse enough to read out.
SLOT_STEP = timedelta(minutes=15)


@dataclass(frozen=True, order=True)
class Slot:
    start: datetime  # aware, UTC
    end: datetime

    def local_start(self) -> datetime:
        return self.start.astimezone(VIENNA)


def opening_windows(day: date, hours: Iterable[dict]) -> list[tuple[datetime, datetime]]:
    """The day's open periods as aware UTC pairs, merged over several bots' `business_hours`
    (a service offered by two bots is open when either is)."""
    ranges = []
    for business_hours in hours:
        for opens, closes in (business_hours or {}).get(WEEKDAYS[day.weekday()], []):
            ranges.append((_at(day, opens), _at(day, closes)))
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        elif end > start:
            merged.append((start, end))
    return merged


def fits_a_window(start: datetime, end: datetime, windows: list[tuple[datetime, datetime]]) -> bool:
    return any(opens <= start and end <= closes for opens, closes in windows)


def starts_in(
    windows: list[tuple[datetime, datetime]], duration: timedelta, *, step: timedelta = SLOT_STEP
) -> Iterator[Slot]:
    """Every slot of `duration` that fits a window, starting at the window's opening and then
    on each `step`."""
    for opens, closes in windows:
        start = opens
        while start + duration <= closes:
            yield Slot(start, start + duration)
            start += step


def peak_overlap(held: Iterable[tuple[datetime, datetime]], start: datetime, end: datetime) -> int:
    """The most of `held` (start, end) intervals that run at the same moment within
    [start, end). Touching intervals do not overlap: 9:00–9:30 and 9:30–10:00 share a chair."""
    edges = []
    for held_start, held_end in held:
        if held_start < end and held_end > start:
            edges.append((max(held_start, start), 1))
            edges.append((min(held_end, end), -1))
    # At the same instant an end comes before a start (-1 sorts before +1).
    peak = running = 0
    for _moment, change in sorted(edges):
        running += change
        peak = max(peak, running)
    return peak


def _at(day: date, clock: str) -> datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=VIENNA).astimezone(UTC)
