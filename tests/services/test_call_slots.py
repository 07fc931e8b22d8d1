"""The per-tenant call limit in Redis: shared, exact at the edge, and self-healing."""

from __future__ import annotations

import time

from services.call_slots import CallSlots


def test_limit_holds_per_tenant(redis_client) -> None:
    slots = CallSlots(redis_client)
    assert slots.acquire(tenant_id=1, call_sid="CA1", limit=2)
    assert slots.acquire(tenant_id=1, call_sid="CA2", limit=2)
    assert not slots.acquire(tenant_id=1, call_sid="CA3", limit=2)
    assert slots.acquire(tenant_id=2, call_sid="CA4", limit=2)  # another tenant's own limit
    assert slots.acquire(tenant_id=1, call_sid="CA1", limit=2)  # a retry keeps its slot
    slots.release(tenant_id=1, call_sid="CA1")
    assert slots.acquire(tenant_id=1, call_sid="CA3", limit=2)
    assert slots.live_calls(tenant_id=1) == 2


def test_two_runtimes_share_the_limit(redis_client) -> None:
    first, second = CallSlots(redis_client), CallSlots(redis_client)
    assert first.acquire(tenant_id=1, call_sid="CA1", limit=1)
    assert not second.acquire(tenant_id=1, call_sid="CA2", limit=1)


def test_a_dead_runtimes_calls_expire(redis_client) -> None:
    slots = CallSlots(redis_client, ttl_seconds=0.2)
    assert slots.acquire(tenant_id=1, call_sid="CA1", limit=1)
    assert not slots.acquire(tenant_id=1, call_sid="CA2", limit=1)
    time.sleep(0.25)  # no heartbeat: the runtime that held CA1 is gone
    assert slots.acquire(tenant_id=1, call_sid="CA2", limit=1)


def test_heartbeat_keeps_a_live_call(redis_client) -> None:
    slots = CallSlots(redis_client, ttl_seconds=0.3)
    assert slots.acquire(tenant_id=1, call_sid="CA1", limit=1)
    for _ in range(3):
        time.sleep(0.15)
        slots.heartbeat(tenant_id=1, call_sid="CA1")
    assert not slots.acquire(tenant_id=1, call_sid="CA2", limit=1)


def test_zero_limit_takes_no_calls(redis_client) -> None:
    assert not CallSlots(redis_client).acquire(tenant_id=1, call_sid="CA1", limit=0)
