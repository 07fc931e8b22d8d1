"""`voiceagent voice`: the voice runtime — Twilio webhooks and media streams on VOICE_PORT."""

from __future__ import annotations

import click

from core.settings import Settings


@click.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Interface to listen on.")  # noqa: S104
@click.option("--port", type=int, default=None, help="Port (default: VOICE_PORT).")
@click.pass_obj
def voice(settings: Settings, host: str, port: int | None) -> None:
    """Answer Twilio calls: POST /twilio/voice, POST /twilio/status, WS /twilio/stream."""
    import uvicorn

    from voice_runtime.app import SERVER_OPTIONS, create_app
    from voice_runtime.signatures import MissingTwilioTokenError

    try:
        app = create_app(settings)
    except (MissingTwilioTokenError, RuntimeError) as error:
        raise click.ClickException(str(error)) from None
    uvicorn.run(
        app,
        host=host,
        port=port or settings.voice_port,
        log_level="warning",
        **SERVER_OPTIONS,
    )
