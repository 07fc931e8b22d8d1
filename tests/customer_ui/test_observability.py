"""The portal process's /healthz, /readyz and /metrics: outside the page login, request
latency by route template (never the raw path), and the job queues' depths."""

from __future__ import annotations

from nicegui.testing.user import User
from prometheus_client.parser import text_string_to_metric_families
from redis import Redis

from jobs import PROVISIONING, enqueue_provisioning


async def samples(user: User) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = await user.http_client.get("/metrics")
    assert response.status_code == 200, response.text
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


async def test_health_and_readiness_answer_without_a_login(user: User) -> None:
    health = await user.http_client.get("/healthz")
    ready = await user.http_client.get("/readyz")
    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    assert (ready.status_code, ready.json()) == (200, {"status": "ready"})


async def test_requests_are_timed_by_route_template(user: User) -> None:
    for call_id in (101, 202, 303):
        await user.http_client.get(f"/api/v1/calls/{call_id}")  # 401 without a token
    await user.http_client.get("/login")
    await user.http_client.get("/healthz")
    await user.http_client.get("/no-such-page-4f1c")
    figures = await samples(user)

    api = frozenset({("method", "GET"), ("route", "/api/v1/calls/{call_id}")})
    assert figures[("voiceagent_http_request_duration_seconds_count", api)] == 3
    assert figures[("voiceagent_http_requests_total", api | {("status", "401")})] == 3
    login = frozenset({("method", "GET"), ("route", "/login")})
    assert figures[("voiceagent_http_request_duration_seconds_count", login)] == 1
    health = frozenset({("method", "GET"), ("route", "/healthz")})
    assert figures[("voiceagent_http_request_duration_seconds_count", health)] == 1
    routes = {dict(labels).get("route") for _name, labels in figures}
    assert not any(route and ("101" in route or "4f1c" in route) for route in routes)


async def test_queue_depths_are_read_from_redis(user: User, redis_client: Redis, settings) -> None:
    waiting = frozenset({("queue", PROVISIONING), ("state", "waiting")})
    before = (await samples(user))[("voiceagent_queue_jobs", waiting)]
    enqueue_provisioning(redis=redis_client, settings=settings, job_id=987654)
    assert (await samples(user))[("voiceagent_queue_jobs", waiting)] == before + 1
