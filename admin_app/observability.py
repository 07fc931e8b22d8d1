"""What operators see of the back office: /healthz, /readyz (PostgreSQL and Redis) and
/metrics (request latency by route template), outside the staff login.

Gunicorn runs several workers per dyno: its config (cli/gunicorn_conf.py) gives them a
PROMETHEUS_MULTIPROC_DIR, each worker writes its figures there, and /metrics merges them, so
a scrape sees the whole dyno whichever worker answers it.
"""

from __future__ import annotations

import time

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from prometheus_client import CollectorRegistry

from admin_app.database import db
from core import log_context
from core.metrics import CONTENT_TYPE, UNMATCHED, RequestMetrics, exposition, metrics_refusal
from core.settings import Settings
from models.database import make_session_factory
from services.readiness import readiness_problems

bp = Blueprint("observability", __name__)


def init_app(app: Flask, settings: Settings) -> None:
    registry = CollectorRegistry()
    metrics = RequestMetrics(registry)
    app.extensions["voiceagent.metrics_registry"] = registry

    @app.before_request
    def start_timer() -> None:
        g.request_started = time.perf_counter()
        # Every line logged while answering carries the request's id (core/log_context.py).
        g.request_id_token = log_context.request_id.set(
            log_context.request_id_from(request.headers.get("X-Request-ID"))
        )

    @app.teardown_request
    def forget_request_id(_error: BaseException | None) -> None:
        token = g.pop("request_id_token", None)
        if token is not None:
            log_context.request_id.reset(token)

    @app.after_request
    def observe(response: Response) -> Response:
        started = g.pop("request_started", None)
        if started is not None:
            route = request.url_rule.rule if request.url_rule else UNMATCHED
            metrics.observe(request.method, route, response.status_code, started)
        return response

    app.register_blueprint(bp)


@bp.get("/healthz")
def healthz() -> Response:
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    factory = make_session_factory(db.engine, join_transaction_mode="create_savepoint")
    problems = readiness_problems(
        session_factory=factory, redis_client=current_app.extensions["voiceagent.redis"]
    )
    if problems:
        return jsonify(status="unavailable", problems=problems), 503
    return jsonify(status="ready"), 200


@bp.get("/metrics")
def metrics() -> Response | tuple[Response, int]:
    settings: Settings = current_app.config["VOICEAGENT_SETTINGS"]
    refusal = metrics_refusal(settings, request.headers.get("Authorization"))
    if refusal is not None:
        return jsonify(error=refusal), 403
    registry = current_app.extensions["voiceagent.metrics_registry"]
    body = exposition(registry, settings.prometheus_multiproc_dir)
    return Response(body, content_type=CONTENT_TYPE)
