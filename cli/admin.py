"""`voiceagent admin`: the back office on ADMIN_PORT.

Development and `voiceagent dev` use Flask's own server; production runs the same app under
gunicorn (Procfile: `gunicorn "admin_app:create_app()"`).
"""

from __future__ import annotations

import click

from cli.serving import listen_address
from core.settings import Settings


@click.command()
@click.option("--host", default=None, help="Address (default: 127.0.0.1; 0.0.0.0 with PORT).")
@click.option("--port", type=int, default=None, help="Port (default: PORT, else ADMIN_PORT).")
@click.pass_obj
def admin(settings: Settings, host: str | None, port: int | None) -> None:
    """Serve the staff back office."""
    from admin_app import create_app

    host, port = listen_address(
        host, port, default_host="127.0.0.1", default_port=settings.admin_port
    )
    app = create_app(settings)
    click.echo(f"Back office on http://{host}:{port}/")
    app.run(host=host, port=port, debug=False, use_reloader=False)
