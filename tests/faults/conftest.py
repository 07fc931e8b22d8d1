"""Fault tests: real processes (voice runtime, worker) killed, and throwaway PostgreSQL and
Redis servers restarted under them — never the shared ones other tests run on.

The processes have their own database connections, so these tests commit their data
(`committed`, `make_committed`: the tenants they made are deleted afterwards)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.billing.conftest import (
    committed_plan,
    local_stripe,
    start_worker,
    stripe_client,
    worker_settings,
)
from tests.conftest import REDIS_URL
from tests.faults.voice_process import VoiceProcess
from tests.jobs.conftest import committed, make_committed

__all__ = [
    "committed",
    "committed_plan",
    "local_stripe",
    "make_committed",
    "start_worker",
    "stripe_client",
    "worker_settings",
]

# Short, so a fault shows in a second or two: the runtime stores turns every FLUSH_S and
# heart-beats every HEARTBEAT_S; a call silent for LOST_AFTER_S is the reaper's.
FLUSH_S = 0.2
HEARTBEAT_S = 0.5
LOST_AFTER_S = 2.0


def process_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "TWILIO_"))}
    env.update(
        ENV="test",
        LOG_LEVEL="WARNING",
        REDIS_URL=REDIS_URL,
        VOICE_FLUSH_SECONDS=str(FLUSH_S),
        VOICE_HEARTBEAT_SECONDS=str(HEARTBEAT_S),
        CALL_LOST_AFTER_S=str(LOST_AFTER_S),
    )
    env.update(values)
    return env


@pytest.fixture
def voice_processes(tmp_path: Path) -> Iterator[list[VoiceProcess]]:
    """Every runtime a test starts (append to the list) is stopped at its end."""
    started: list[VoiceProcess] = []
    yield started
    for process in started:
        process.stop()
