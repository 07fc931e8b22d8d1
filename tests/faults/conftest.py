"""Fault tests: real processes (voice runtime, worker) killed, and throwaway PostgreSQL and
Redis servers restarted under them — never the shared ones other tests run on.

The processes have their own database connections, so these tests commit their data
(`committed`, `make_committed`: the tenants they made are deleted afterwards)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from models import BotLanguage, BotStatus, Call, CallTurn, Tenant, UsageEvent
from models.database import make_engine
from models.scoping import staff_session
from tests.billing.conftest import (
    committed_plan,
    local_stripe,
    start_worker,
    stripe_client,
    worker_settings,
)
from tests.conftest import REDIS_URL
from tests.factories import Factory
from tests.faults.holding_stripe import HoldingProxy
from tests.faults.throwaway_postgres import ThrowawayPostgres
from tests.faults.voice_process import VoiceProcess
from tests.jobs.conftest import committed, make_committed, row_lock, wait_until
from tests.voice_runtime.conftest import FAQ

__all__ = [
    "committed",
    "committed_plan",
    "local_stripe",
    "make_committed",
    "row_lock",
    "start_worker",
    "stripe_client",
    "worker_settings",
]

# Short, so a fault shows in a second or two: the runtime stores turns every FLUSH_S and
# heart-beats every HEARTBEAT_S; a call silent for LOST_AFTER_S is the reaper's.
FLUSH_S = 0.2
HEARTBEAT_S = 0.5
LOST_AFTER_S = 2.0
# A worker killed mid-job: its job counts as abandoned JOB_LOST_AFTER_S after the worker's last
# heartbeat, and the next worker's sweep (every half of that) retries it.
LOST_WORKER_ENV = {"JOB_LOST_AFTER_S": "3"}
# Generous for a loaded machine; RQ's defaults took 90 s and more, up to 10 minutes.
RESUMED_WITHIN_S = 20.0


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
def proxy(local_stripe: str) -> Iterator[HoldingProxy]:
    """The local Stripe, holding the first request that creates an invoice."""
    holding = HoldingProxy(local_stripe)
    yield holding
    holding.close()


@pytest.fixture
def postgres() -> Iterator[ThrowawayPostgres]:
    """A PostgreSQL server of the test's own, to stop and start."""
    server = ThrowawayPostgres()
    yield server
    server.remove()


@pytest.fixture
def reader(postgres: ThrowawayPostgres) -> Iterator[Engine]:
    engine = make_engine(postgres.url, pool_pre_ping=True)  # the test reads across the restart
    yield engine
    engine.dispose()


@pytest.fixture
def voice_processes(tmp_path: Path) -> Iterator[list[VoiceProcess]]:
    """Every runtime a test starts (append to the list) is stopped at its end."""
    started: list[VoiceProcess] = []
    yield started
    for process in started:
        process.stop()


@pytest.fixture
def start_runtime(
    voice_processes: list[VoiceProcess], tmp_path: Path
) -> Callable[..., VoiceProcess]:
    """Starts a runtime with process_env(**values) and waits until it serves."""

    def start(**values: str) -> VoiceProcess:
        runtime = VoiceProcess(process_env(**values), tmp_path / "voice.log")
        voice_processes.append(runtime)
        runtime.wait_until_serving()
        return runtime

    return start


async def until(condition: Callable[[], Any], what: str, timeout: float = 20.0) -> Any:
    """wait_until, polled in a thread so that the call under test goes on meanwhile."""
    return await asyncio.to_thread(wait_until, condition, timeout=timeout, what=what)


def read_call(
    factory: sessionmaker[Session], call_sid: str
) -> tuple[Call, list[CallTurn], list[UsageEvent]]:
    """The call, its turns in order and its usage, as stored now."""
    with staff_session(factory) as db:
        call = db.scalars(select(Call).where(Call.provider_call_sid == call_sid)).one()
        turns = db.scalars(
            select(CallTurn).where(CallTurn.call_id == call.id).order_by(CallTurn.seq)
        ).all()
        usage = db.scalars(select(UsageEvent).where(UsageEvent.call_id == call.id)).all()
        db.expunge_all()
        return call, list(turns), list(usage)


async def until_closed(
    factory: sessionmaker[Session], call_sid: str
) -> tuple[Call, list[CallTurn], list[UsageEvent]]:
    """read_call once the runtime has closed the call (it has an outcome)."""

    def closed() -> tuple[Call, list[CallTurn], list[UsageEvent]] | None:
        found = read_call(factory, call_sid)
        return found if found[0].outcome is not None else None

    return await until(closed, "the call to be closed")


def answering_bot(make: Factory) -> tuple[Tenant, str]:
    """A tenant with a live English bot on a number: the tenant, and the number to dial."""
    tenant = make.tenant()
    bot = make.bot(tenant, status=BotStatus.LIVE, language=BotLanguage.EN_US, faq=FAQ)
    return tenant, make.phone_number(tenant, bot).e164
