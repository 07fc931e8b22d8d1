"""`voiceagent admin`: the back office on ADMIN_PORT.

Development and `voiceagent dev` use Flask's own server; production runs the same app under
gunicorn (Procfile: `gunicorn "admin_app:create_app()"`).
"""

from __future__ import annotations

import click

from core.settings import Settings


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=None, help="Port (default: ADMIN_PORT).")
@click.pass_obj
def admin(settings: Settings, host: str, port: int | None) -> None:
    """Serve the staff back office."""
    from admin_app import create_app

    app = create_app(settings)
    port = port or settings.admin_port
    click.echo(f"Back office on http://{host}:{port}/")
    app.run(host=host, port=port, debug=False, use_reloader=False)
