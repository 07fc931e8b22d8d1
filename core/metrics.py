"""Prometheus metrics shared by every process: request latency by route template, the
exposition (merged across processes when gunicorn runs several workers), and who may read it.

Each app owns a CollectorRegistry, so two apps in one process (tests, `voiceagent dev`) never
count into each other. Under gunicorn, PROMETHEUS_MULTIPROC_DIR is set before any worker starts
(cli/gunicorn_conf.py): every worker writes its figures to files there, and /metrics
merges them, whichever worker answers.
"""

from __future__ import annotations

import hmac
import time
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from core.settings import Settings

CONTENT_TYPE = CONTENT_TYPE_LATEST
# Seconds: from a cached page (~5 ms) to a slow list (several seconds).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# A path no route matched. Raw paths never become labels: scanners would create a series each.
UNMATCHED = "unmatched"


class RequestMetrics:
    """Latency and count of HTTP requests by method and route template ("/calls/{call_id}")."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.latency = Histogram(
            "voiceagent_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.requests = Counter(
            "voiceagent_http_requests",
            "HTTP requests answered, by route template and status code.",
            ["method", "route", "status"],
            registry=registry,
        )

    def observe(self, method: str, route: str, status: int, started: float) -> None:
        self.latency.labels(method, route).observe(time.perf_counter() - started)
        self.requests.labels(method, route, str(status)).inc()


def exposition(registry: CollectorRegistry, multiprocess_dir: Path | None) -> bytes:
    """The registry in Prometheus' text format. With a multiprocess folder (gunicorn), the
    figures every worker wrote there instead, merged."""
    if multiprocess_dir is None:
        return generate_latest(registry)
    merged = CollectorRegistry()
    multiprocess.MultiProcessCollector(merged, path=str(multiprocess_dir))
    return generate_latest(merged)


def metrics_refusal(settings: Settings, authorization: str | None) -> str | None:
    """Why this request may not read /metrics, or None if it may.

    With METRICS_TOKEN set, a scraper sends `Authorization: Bearer <token>`. Without it,
    /metrics is open in development and closed in production: the figures (calls, queues,
    routes) are nobody's business outside the operators', and a web dyno is public."""
    token = settings.metrics_token
    if token is None:
        if settings.env == "production":
            return "Metrics are off: set METRICS_TOKEN and send it as a bearer token."
        return None
    expected = f"Bearer {token.get_secret_value()}"
    given = (authorization or "").encode("utf-8", "replace")
    if not hmac.compare_digest(given, expected.encode("utf-8")):
        return "Send METRICS_TOKEN as Authorization: Bearer <token>."
    return None
