"""What every call shares in one runtime process: settings, database, Redis, engines.

Built once by `create_app` and handed to each call. Blocking work (database, Redis) runs
on one executor, so the event loop only ever waits on sockets and timers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from core.settings import Settings
from services.call_slots import HEARTBEAT_SECONDS, CallSlots
from voice_runtime.call_desk import Desks
from voice_runtime.call_store import CallStore
from voice_runtime.engines import EngineFactory
from voice_runtime.metrics import RuntimeMetrics
from voice_runtime.pacing import PacingClock
from voice_runtime.platform_account import PlatformAccount, PlatformKeys
from voice_runtime.stream_tokens import StreamTokens

T = TypeVar("T")


@dataclass
class Timings:
    """Call timing rules; tests shorten the waits that guard against idle clients."""

    end_of_turn_ms: int = 300
    # Silence after which the caller's words are decoded ahead of the turn's end, where
    # decodes cost only CPU (transcription.py); the turn still ends after `end_of_turn_ms`.
    decode_ahead_ms: int = 100
    barge_in_ms: int = 60  # voiced time that makes caller speech (onset)
    # Voiced time of caller speech over the bot before the bot stops (`clear`): longer than
    # an acknowledgement, so "mhm", "okay", "ja genau" (espeak-ng: up to 760 ms as the
    # detector counts them) never stop it. Shorter speech is judged by its words once it
    # ends: an acknowledgement lets the bot talk on, anything else stops it then.
    interrupt_ms: int = 800
    start_timeout_seconds: float = 10.0  # connected → start
    send_timeout_seconds: float = 5.0  # a client that stops reading
    # A live call's turns are stored in batches this often (call_journal.py), and its
    # heartbeat renews its slot and stamps its row this often (the reaper reads the stamp).
    flush_seconds: float = 2.0
    heartbeat_seconds: float = HEARTBEAT_SECONDS
    # A call that ends while the database is away retries its closing this long.
    close_retry_seconds: float = 30.0


@dataclass
class Runtime:
    settings: Settings
    store: CallStore
    slots: CallSlots
    tokens: StreamTokens
    platform: PlatformAccount  # the platform's Twilio account, kept current
    engine_factory: EngineFactory
    executor: Executor | None = None
    metrics: RuntimeMetrics = field(default_factory=RuntimeMetrics)
    timings: Timings = field(default_factory=Timings)
    desks: Desks | None = None  # each call's appointment book and message pad
    pacing: PacingClock = field(default_factory=PacingClock)  # every call's playout ticks

    async def blocking(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, lambda: function(*args, **kwargs))

    async def platform_keys(self) -> PlatformKeys:
        """The platform's Twilio keys; read again off the loop only when the copy is old."""
        fresh = self.platform.fresh()
        return fresh if fresh is not None else await self.blocking(self.platform.keys)
