"""`voiceagent voice`: the voice runtime — Twilio webhooks and media streams on PORT
(Heroku) or VOICE_PORT."""

from __future__ import annotations

import click

from cli.serving import ALL_INTERFACES, listen_address, settle_heap
from core.settings import Settings


@click.command()
@click.option("--host", default=None, help="Interface (default: 0.0.0.0).")
@click.option("--port", type=int, default=None, help="Port (default: PORT, else VOICE_PORT).")
@click.pass_obj
def voice(settings: Settings, host: str | None, port: int | None) -> None:
    """Answer Twilio calls: POST /twilio/voice, POST /twilio/status, WS /twilio/stream."""
    import uvicorn

    from voice_runtime.app import SERVER_OPTIONS, create_app
    from voice_runtime.signatures import MissingTwilioTokenError

    # Every interface even without PORT: Twilio reaches it through a tunnel or a proxy.
    host, port = listen_address(
        host, port, default_host=ALL_INTERFACES, default_port=settings.voice_port
    )
    try:
        app = create_app(settings)
    except (MissingTwilioTokenError, RuntimeError) as error:
        raise click.ClickException(str(error)) from None
    settle_heap()
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        **SERVER_OPTIONS,
    )
