"""A live call's records while it runs: its turns written as they happen (in the order
pending_turns.py hands them out), a batch every `flush_seconds`, and its heartbeat — the
concurrency slot in Redis and a stamp on the call's row — every `heartbeat_seconds`. The
slot is given back as soon as the caller's stream ends (`free_slot`), before the slower
closing of the records: the next caller dialling that line must not hear "all lines busy"
from a call that has hung up.

If the runtime dies, what the caller and the bot said up to the last batch is stored, and
the stale stamp lets the reaper (services.call_reaper) close and bill the call. If the
database or Redis is away for a while, the call goes on: the batch stays pending and is
written once they are back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from models import CallOutcome
from models.base import utcnow
from voice_runtime.pending_turns import PendingTurns
from voice_runtime.runtime import Runtime
from voice_runtime.stream_tokens import StreamGrant

log = logging.getLogger(__name__)


class CallJournal:
    def __init__(self, runtime: Runtime, grant: StreamGrant, turns: PendingTurns) -> None:
        self._runtime = runtime
        self._grant = grant
        self._turns = turns
        self._stopping = asyncio.Event()
        self._holds_slot = True
        # A beat renewing the slot and `free_slot` never overlap: a renewal landing after the
        # release would take the line again for SLOT_TTL_SECONDS.
        self._slot_lock = asyncio.Lock()
        # The row's stamp and the slot's renewal keep their own clocks: every batch of
        # turns stamps the row, but only a renewal keeps the slot, so a call talking at every
        # tick must still renew it before SLOT_TTL_SECONDS run out.
        self._last_stamp = float("-inf")
        self._last_renewal = float("-inf")
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="journal")

    async def free_slot(self) -> None:
        """The caller's stream has ended: give the tenant's line back now. Later beats only
        stamp the call's row (a slow summary or database keeps the reaper away)."""
        grant = self._grant
        async with self._slot_lock:
            if not self._holds_slot:
                return
            self._holds_slot = False
            try:
                await self._runtime.blocking(
                    self._runtime.slots.release, tenant_id=grant.tenant_id, call_sid=grant.call_sid
                )
            except Exception:  # Redis away: the slot's heartbeat expires by itself
                log.exception("call %s: releasing its slot failed", grant.call_sid)

    async def finish(
        self,
        *,
        outcome: CallOutcome,
        stt_seconds: float,
        tts_characters: int,
        summary: str | None = None,
    ) -> None:
        """Stop beating and close the call's records with the turns not written yet (and
        the chat model's `summary` line, if it wrote one). While
        the database is away, try again for `close_retry_seconds`; after that the reaper
        closes the call from its last heartbeat, with the turns stored until then."""
        self._stopping.set()
        if self._task is not None:
            await self._task
        timings = self._runtime.timings
        deadline = time.monotonic() + timings.close_retry_seconds
        while True:
            try:
                await self._runtime.blocking(
                    self._runtime.store.finish,
                    tenant_id=self._grant.tenant_id,
                    call_id=self._grant.call_id,
                    outcome=outcome,
                    turns=self._turns.everything(),
                    stt_seconds=stt_seconds,
                    tts_characters=tts_characters,
                    summary=summary,
                )
                return
            except Exception as error:
                if time.monotonic() > deadline:
                    raise
                log.warning("call %s: closing its records failed: %r", self._grant.call_sid, error)
                await asyncio.sleep(timings.flush_seconds)

    async def _run(self) -> None:
        timings = self._runtime.timings
        while not self._stopping.is_set():
            await self._beat_and_write()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timings.flush_seconds):  # keeps a cancellation
                    await self._stopping.wait()

    async def _beat_and_write(self) -> None:
        """One tick: renew the slot if a heartbeat has passed since its last renewal, and
        write the turns that are ready, stamping the row (with no turns, only when a
        heartbeat has passed since its last stamp). A failed write keeps the turns pending
        for the next tick, a failed renewal waits for the next beat; the call goes on."""
        heartbeat = self._runtime.timings.heartbeat_seconds
        if time.monotonic() - self._last_renewal >= heartbeat:
            # Tried once a heartbeat, failed or not: Redis away is retried at the next
            # beat, still within SLOT_TTL_SECONDS, not at every tick of every call.
            self._last_renewal = time.monotonic()
            await self._renew_slot()
        ready = self._turns.ready()
        if not ready and time.monotonic() - self._last_stamp < heartbeat:
            return
        grant = self._grant
        try:
            await self._runtime.blocking(
                self._runtime.store.append_turns,
                tenant_id=grant.tenant_id,
                call_id=grant.call_id,
                turns=ready,
                beat_at=utcnow(),
            )
        except Exception as error:  # the database away: these turns go with the next batch
            log.warning("call %s: storing its turns failed: %r", grant.call_sid, error)
            return
        self._turns.stored(len(ready))
        self._last_stamp = time.monotonic()

    async def _renew_slot(self) -> None:
        grant = self._grant
        async with self._slot_lock:
            if not self._holds_slot:
                return
            try:
                await self._runtime.blocking(
                    self._runtime.slots.heartbeat,
                    tenant_id=grant.tenant_id,
                    call_sid=grant.call_sid,
                )
            except Exception as error:  # Redis away: the slot is renewed on a later beat
                log.warning("call %s: renewing its slot failed: %r", grant.call_sid, error)
