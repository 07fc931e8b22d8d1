"""`voiceagent portal`: the customer portal (NiceGUI on FastAPI) under uvicorn."""

from __future__ import annotations

import click

from cli.serving import settle_heap
from core.settings import Settings


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=None, help="Port (default: PORTAL_PORT).")
@click.pass_obj
def portal(settings: Settings, host: str, port: int | None) -> None:
    """Serve the customer portal (and /webhooks/stripe)."""
    import uvicorn

    from customer_ui.app import create_app

    app = create_app(settings)
    settle_heap()
    # One worker per process: NiceGUI keeps its pages in process-wide state. Scale out by
    # running more processes behind a load balancer; sessions are shared through Redis.
    # proxy_headers=False: uvicorn would trust X-Forwarded-For from 127.0.0.1 by its own rule;
    # the portal applies TRUSTED_PROXY_HOPS itself (customer_ui.auth.request_client_address).
    uvicorn.run(
        app,
        host=host,
        port=port or settings.portal_port,
        log_level="warning",
        proxy_headers=False,
    )
