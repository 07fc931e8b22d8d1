"""`voiceagent api`: the REST API as a front door of its own, under uvicorn with several
worker processes (customer_ui/api/server.py), on PORT when set, else API_PORT."""

from __future__ import annotations

import os
import tempfile

import click
from fastapi import FastAPI

from cli.serving import listen_address, settle_heap, start_worker_process
from core.http_serving import KEEP_ALIVE_SECONDS
from core.settings import Settings

# Heroku sets WEB_CONCURRENCY for the dyno's size; two workers where nobody does.
DEFAULT_WORKERS = 2


@click.command()
@click.option("--host", default=None, help="Address (default: 127.0.0.1; 0.0.0.0 with PORT).")
@click.option("--port", type=int, default=None, help="Port (default: PORT, else API_PORT).")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    envvar="WEB_CONCURRENCY",
    default=DEFAULT_WORKERS,
    show_default=True,
    help="Worker processes (env: WEB_CONCURRENCY).",
)
@click.pass_obj
def api(settings: Settings, host: str | None, port: int | None, workers: int) -> None:
    """Serve the REST API at /api/v1 (as the portal does) with several worker processes."""
    import uvicorn

    host, port = listen_address(
        host, port, default_host="127.0.0.1", default_port=settings.api_port
    )
    # Each worker writes its request figures there and /metrics merges them (core/metrics.py).
    # Fresh for every start: files of an earlier run would be counted again.
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="voiceagent-api-metrics-")
    # proxy_headers=False, as for the portal (cli/portal.py): uvicorn would trust
    # X-Forwarded-For from 127.0.0.1 by its own rule.
    uvicorn.run(
        "cli.api:worker_app",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=False,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )


def worker_app() -> FastAPI:
    """uvicorn's factory, called in each worker process: a worker set up as every server
    process is (cli.serving), the app, its heap settled before serving."""
    from customer_ui.api.server import create_api_server
    from jobs.queues import redis_from_settings

    settings = start_worker_process()
    app = create_api_server(settings, redis_from_settings(settings))
    settle_heap()
    return app
