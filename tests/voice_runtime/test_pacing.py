"""The runtime's one pacing clock (voice_runtime/pacing.py) alone: every call's player waits
for the same ticks, a call that ends mid-wait takes no other call's tick with it, and a
clock kept over event loops (a runtime reused by tests) still ticks in the next one."""

from __future__ import annotations

import asyncio

import pytest

from voice_runtime.pacing import PacingClock


async def test_a_tick_wakes_every_waiter_and_a_cancelled_one_alone_is_cancelled() -> None:
    clock = PacingClock(tick_seconds=0.01)
    first, hung_up, third = (asyncio.create_task(clock.tick()) for _ in range(3))
    await asyncio.sleep(0)  # all three wait for the same tick
    hung_up.cancel()
    async with asyncio.timeout(5):  # a bound on a hang, not a timing
        await asyncio.gather(first, third)
    with pytest.raises(asyncio.CancelledError):
        await hung_up


def test_a_clock_kept_over_event_loops_ticks_in_the_next_one() -> None:
    clock = PacingClock(tick_seconds=0.01)

    async def left_mid_wait() -> None:  # the loop ends before its tick: its timer is lost
        waiter = asyncio.create_task(clock.tick())
        await asyncio.sleep(0)
        waiter.cancel()

    async def one_tick() -> None:
        async with asyncio.timeout(5):  # a bound on a hang, not a timing
            await clock.tick()

    asyncio.run(left_mid_wait())
    asyncio.run(one_tick())
