"""The `voiceagent` console script: one subcommand per process, plus database and key chores."""

from __future__ import annotations

from pathlib import Path

import click
from pydantic import ValidationError

from cli.admin import admin
from cli.call import call
from cli.dev import dev
from cli.keys import keys
from cli.local_stripe import local_stripe
from cli.local_twilio import local_twilio
from cli.portal import portal
from cli.seed import seed_demo
from cli.voice import voice
from cli.web import web
from cli.worker import billing, cron, worker
from core.error_reporting import start_error_reporting
from core.logging import configure_logging
from core.production import describe_settings_error
from core.settings import Settings, load_settings


@click.group()
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


main.add_command(admin)
main.add_command(dev)
main.add_command(keys)
main.add_command(portal)
main.add_command(web)
main.add_command(seed_demo)
main.add_command(worker)
main.add_command(cron)
main.add_command(billing)
main.add_command(voice)
main.add_command(call)
main.add_command(local_stripe)
main.add_command(local_twilio)
