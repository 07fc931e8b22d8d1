"""`voiceagent web`: Heroku's `web` process, which is one front door per app.

Heroku routes HTTP only to the process type named `web`, and the platform has four front
doors (back office, portal with API and Stripe webhooks, the API alone with several workers,
voice runtime). Each runs as an app
of its own, built from this one repository; VOICEAGENT_WEB says which front door an app
is, and `web` then runs exactly that front door's Procfile line. The voice runtime thus keeps
an event loop (and dynos) of its own, with no page rendering beside the calls.
"""

from __future__ import annotations

import os

import click
from honcho.environ import parse_procfile

from cli.dev import PROCFILE

FRONT_DOORS = ("admin", "portal", "api", "voice")


@click.command()
@click.option(
    "--front-door",
    envvar="VOICEAGENT_WEB",
    type=click.Choice(FRONT_DOORS),
    default=None,
    help="Which front door this app serves (env: VOICEAGENT_WEB).",
)
def web(front_door: str | None) -> None:
    """Serve VOICEAGENT_WEB's front door on PORT (Heroku's web process)."""
    if front_door is None:
        raise click.ClickException(
            "Set VOICEAGENT_WEB to the front door this app serves: " + ", ".join(FRONT_DOORS)
        )
    command = front_door_command(front_door)
    # `exec`: the server replaces the shell and this process, so Heroku's SIGTERM reaches it.
    os.execv("/bin/sh", ["/bin/sh", "-c", f"exec {command}"])  # noqa: S606


def front_door_command(front_door: str) -> str:
    """The Procfile's command for `front_door`: development and Heroku run the same line."""
    processes = parse_procfile(PROCFILE.read_text()).processes
    if front_door not in processes:
        raise click.ClickException(f"The Procfile has no {front_door!r} process.")
    return processes[front_door]
