"""The back office's /healthz, /readyz and /metrics: outside the staff login, request
latency by route template; and under gunicorn, one /metrics for all its workers."""

from __future__ import annotations

from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families


def samples(client: FlaskClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200, response.text
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def test_health_and_readiness_answer_without_a_login(client: FlaskClient) -> None:
    health = client.get("/healthz")
    ready = client.get("/readyz")
    assert (health.status_code, health.json) == (200, {"status": "ok"})
    assert (ready.status_code, ready.json) == (200, {"status": "ready"})


def test_requests_are_timed_by_route_template(client: FlaskClient) -> None:
    client.get("/login")
    client.get("/nothing-here-9x")
    figures = samples(client)
    rules = {dict(labels).get("route") for _name, labels in figures}
    assert "/login" in rules and "unmatched" in rules
    assert not any(rule and "9x" in rule for rule in rules)
    login = frozenset({("method", "GET"), ("route", "/login")})
    assert figures[("voiceagent_http_request_duration_seconds_count", login)] == 1
    assert figures[("voiceagent_http_requests_total", login | {("status", "200")})] == 1
