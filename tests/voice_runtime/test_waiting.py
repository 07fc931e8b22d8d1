"""Waiting for the caller alone: events in, the next one or the end of the call's time out."""

from __future__ import annotations

import asyncio

from voice_runtime.call_state import CallClock
from voice_runtime.caller_events import CallerEvent, KeyPressed
from voice_runtime.waiting import MAX_LENGTH, SILENCE, Waiting


def waiting(
    now: float, *, busy: bool = False
) -> tuple[Waiting, asyncio.Queue[CallerEvent], CallClock]:
    events: asyncio.Queue[CallerEvent] = asyncio.Queue()
    clock = CallClock.starting_at(0.0)
    wait = Waiting(
        events,
        clock,
        max_call_seconds=600,
        silence_timeout_seconds=20,
        busy=lambda: busy,
        now=lambda: now,
    )
    return wait, events, clock


async def test_the_next_event_in_order() -> None:
    wait, events, _clock = waiting(5.0)
    events.put_nowait(KeyPressed("1"))
    events.put_nowait(KeyPressed("0"))
    assert await wait.next_event() == KeyPressed("1")
    assert await wait.next_event() == KeyPressed("0")


async def test_a_silent_caller_times_out() -> None:
    wait, events, _clock = waiting(20.0)
    events.put_nowait(KeyPressed("1"))  # not looked at: the silence came first
    assert await wait.next_event() == SILENCE


async def test_talking_is_not_silence() -> None:
    wait, events, clock = waiting(25.0, busy=True)
    events.put_nowait(KeyPressed("1"))
    assert await wait.next_event() == KeyPressed("1")
    assert clock.last_activity == 25.0


async def test_the_longest_call_ends_even_while_someone_talks() -> None:
    wait, _events, _clock = waiting(600.0, busy=True)
    assert await wait.next_event() == MAX_LENGTH
