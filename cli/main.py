"""The `voiceagent` console script: one subcommand per process, plus database and key chores."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from core.error_reporting import start_error_reporting
from core.logging import configure_logging
from core.production import describe_settings_error
from core.settings import Settings, load_settings


class LazyGroup(click.Group):
    """A group whose subcommands are imported when one is run (click's lazy-loading recipe):
    every process the platform starts is a `voiceagent` subcommand, and importing all of
    them (the back office, the demo data, the key tools…) cost each process ~1.2 s of CPU
    before it did anything; `voiceagent --help` still lists them all."""

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy  # the command's name -> "module:attribute"

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.lazy:
            return super().get_command(ctx, cmd_name)
        module, attribute = self.lazy[cmd_name].split(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command


SUBCOMMANDS = {
    "admin": "cli.admin:admin",
    "api": "cli.api:api",
    "billing": "cli.worker:billing",
    "call": "cli.call:call",
    "cron": "cli.worker:cron",
    "dev": "cli.dev:dev",
    "keys": "cli.keys:keys",
    "local-stripe": "cli.local_stripe:local_stripe",
    "local-twilio": "cli.local_twilio:local_twilio",
    "portal": "cli.portal:portal",
    "seed-demo": "cli.seed:seed_demo",
    "voice": "cli.voice:voice",
    "web": "cli.web:web",
    "worker": "cli.worker:worker",
}


@click.group(cls=LazyGroup, lazy=SUBCOMMANDS)
@click.pass_context
def main(ctx: click.Context) -> None:
    """VoiceAgent: phone voice bots for businesses."""
    try:
        settings = load_settings()
    except ValidationError as error:
        # A plain list of the settings to fix: no traceback, no values (they may be secrets).
        raise click.ClickException(describe_settings_error(error)) from None
    configure_logging(settings.log_level, settings.log_format)
    start_error_reporting(settings)
    ctx.obj = settings


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.pass_obj
def db_upgrade(settings: Settings) -> None:
    """Migrate the database to the newest schema, as DATABASE_OWNER_URL's role (else
    DATABASE_URL's), and ready DATABASE_URL's role: created if missing, granted the data."""
    from models.migrate import upgrade

    ensure_sqlite_folder(settings)
    upgrade(database_url=settings.migration_database_url, application_url=settings.database_url)
    click.echo("Database is up to date.")


def ensure_sqlite_folder(settings: Settings) -> None:
    """SQLite will not create the folder its file lives in."""
    if not settings.is_sqlite:
        return
    path = settings.database_url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
