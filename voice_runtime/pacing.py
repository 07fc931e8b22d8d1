"""One pacing clock for every call's playout (issue 14).

Each player used to sleep until its own next frame: at 300 calls, 15,000 timers a second,
each its own wake-up at its own moment. The runtime's players instead wait for the ticks of
one clock, every TICK_SECONDS on a grid all calls share: one timer per tick for all of them,
and each player sends at a tick whatever has fallen due by then (two frames a tick, its
caller's buffer staying ahead by playback.py's LEAD_SECONDS). While no player waits, the
clock does not tick.
"""

from __future__ import annotations

import asyncio

TICK_SECONDS = 0.04


class PacingClock:
    def __init__(self, tick_seconds: float = TICK_SECONDS) -> None:
        self._tick_seconds = tick_seconds
        self._waiters: list[asyncio.Future[None]] = []
        self._timer: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def tick(self) -> None:
        """Until the clock's next tick (at most TICK_SECONDS away). A waiter cancelled is
        only itself cancelled: each has a future of its own."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a clock kept over event loops (tests) starts afresh
            self._loop, self._waiters, self._timer = loop, [], None
        waiter: asyncio.Future[None] = loop.create_future()
        self._waiters.append(waiter)
        if self._timer is None:
            next_tick = (loop.time() // self._tick_seconds + 1) * self._tick_seconds
            self._timer = loop.call_at(next_tick, self._fire)
        await waiter

    def _fire(self) -> None:
        waiters, self._waiters, self._timer = self._waiters, [], None
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)
