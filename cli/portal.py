"""`voiceagent portal`: the customer portal (NiceGUI on FastAPI) under uvicorn, on PORT when set."""

from __future__ import annotations

import click

from cli.serving import listen_address, settle_heap
from core.http_serving import KEEP_ALIVE_SECONDS
from core.settings import Settings


@click.command()
@click.option("--host", default=None, help="Address (default: 127.0.0.1; 0.0.0.0 with PORT).")
@click.option("--port", type=int, default=None, help="Port (default: PORT, else PORTAL_PORT).")
@click.pass_obj
def portal(settings: Settings, host: str | None, port: int | None) -> None:
    """Serve the customer portal (and /webhooks/stripe)."""
    import uvicorn

    from customer_ui.app import create_app

    host, port = listen_address(
        host, port, default_host="127.0.0.1", default_port=settings.portal_port
    )
    app = create_app(settings)
    settle_heap()
    # One worker per process: NiceGUI keeps its pages in process-wide state. Scale out by
    # running more processes behind a load balancer; sessions are shared through Redis.
    # proxy_headers=False: uvicorn would trust X-Forwarded-For from 127.0.0.1 by its own rule;
    # the portal applies TRUSTED_PROXY_HOPS itself (customer_ui.auth.request_client_address).
    # Idle connections outlast Heroku's router and API clients (core/http_serving.py).
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=False,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
