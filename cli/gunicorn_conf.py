"""Gunicorn's configuration for the back office (Procfile: `gunicorn -c
python:cli.gunicorn_conf …`): one Prometheus folder per dyno, shared by its workers.

Prometheus' client writes each worker's figures to files in PROMETHEUS_MULTIPROC_DIR, and
/metrics merges them (core/metrics.py). The folder is made fresh when gunicorn starts — files
left by an earlier run would be counted again — and a worker that exits has its live gauges
dropped. The environment variable must be set before anything imports the client, which is
why it is set here, in the master, at configuration time — and why this module lives outside
admin_app (importing it would import the app, and the client with it, first).
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

from core.http_serving import KEEP_ALIVE_SECONDS  # imports nothing else

if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="voiceagent-metrics-")

# Idle connections outlast Heroku's router (90 s) instead of gunicorn's 2 s.
keepalive = KEEP_ALIVE_SECONDS


def child_exit(_server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def post_worker_init(_worker: Any) -> None:
    """Each worker logs (and reports errors) like every other process: gunicorn's command
    line is not `voiceagent`, whose start does this. Then what the loaded app holds is moved
    out of the garbage collector's sight, as `voiceagent portal` does (cli.serving), so its
    full passes stay short while pages render."""
    from cli.serving import settle_heap, start_worker_process

    start_worker_process()
    settle_heap()
