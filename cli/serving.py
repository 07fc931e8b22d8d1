"""What every long-running server process does just before it starts serving."""

from __future__ import annotations

import gc
import os

import click

from core.settings import Settings, load_settings

# Young objects collected after 10,000 allocations instead of Python's 700, so a full pass
# (over every live object) comes ~14 times less often. A portal process holds each open
# page's elements (thousands of objects a page), and its full passes took 300–650 ms every
# second or so under load, stalling the event loop: bench/portal_pages.py's worst p95 with
# 8 clients went 439 / 393 -> 174 / 181 ms with this (2026-12-03, quiet machine). The price:
# garbage in cycles (closed pages) waits longer for a full pass, ~25 % more memory there.
YOUNG_COLLECTION_THRESHOLD = 10_000


def settle_heap() -> None:
    """Move everything built at start-up (models, metadata, pages, compiled schemas) out of
    the garbage collector's sight, and collect young objects less often (above). Those
    objects live as long as the process; freezing them keeps the collector's full passes
    short, which took the API's p95 under load from ~50 ms to ~10–40 ms
    (bench/api_load.py). In the voice runtime a full pass over its start-up heap stalled
    every call for 110–125 ms every ~20 s at 200 calls, longer than the audio each call
    sends ahead (voice_runtime/playback.py LEAD_SECONDS): the callers heard gaps."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, middle, old)


def start_worker_process() -> Settings:
    """A server's worker process that did not start through the `voiceagent` command
    (gunicorn's for the back office, uvicorn's for `voiceagent api`): it logs and reports
    errors as every `voiceagent` process does. Returns its settings."""
    from core.error_reporting import start_error_reporting
    from core.logging import configure_logging

    settings = load_settings()
    configure_logging(settings.log_level, settings.log_format)
    start_error_reporting(settings)
    return settings


# Every address, so the platform's router (Heroku's, a container's port mapping) reaches it.
ALL_INTERFACES = "0.0.0.0"  # noqa: S104


def listen_address(
    host: str | None, port: int | None, *, default_host: str, default_port: int
) -> tuple[str, int]:
    """Where a front door listens: `--host`/`--port` if given, else the platform's PORT.

    Heroku hands each web dyno the port it routes to in PORT and connects from outside the
    dyno, so PORT also means listening on every interface. Without PORT (a laptop,
    `voiceagent dev`) the front door keeps its own port setting and address."""
    platform_port = os.environ.get("PORT")
    if not platform_port:
        return host or default_host, port or default_port
    if not platform_port.isdigit() or not 0 < int(platform_port) < 65536:
        raise click.ClickException(f"PORT must be a port number, not {platform_port!r}.")
    return host or ALL_INTERFACES, port or int(platform_port)
