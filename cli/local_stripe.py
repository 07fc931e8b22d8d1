"""`voiceagent local-stripe`: a Stripe for development and tests, on 127.0.0.1 only.

It is the `localstripe` package's aiohttp app, served by us: localstripe's own command
listens on every interface and keeps its data in /tmp/localstripe.pickle, shared by whoever
runs it. Here the data stays in memory, or with `--data-file` in a file of ours (`voiceagent
dev` keeps it next to the development database, whose Stripe ids point into it).

Our additions, for what localstripe lacks (cli/local_stripe_additions.py): finalizing an
invoice with its hosted invoice page, which can pay it, and customer-portal sessions with
their page. Everything else is localstripe as published (see README, "Stripe gaps").
"""

from __future__ import annotations

import pickle  # noqa: S403 (our own file, written by this process)
from pathlib import Path
from typing import TYPE_CHECKING

import click

from core.settings import Settings

if TYPE_CHECKING:
    from aiohttp import web

WEBHOOK_ID = "voiceagent"


def build_app(data_file: Path | None) -> web.Application:
    """localstripe's app, its store kept in `data_file` (or nowhere), with our additions.
    Once per process: localstripe keeps its objects in module globals."""
    from localstripe import server
    from localstripe.resources import store

    from cli.local_stripe_additions import add_missing_endpoints

    if data_file is None:
        store.dump_to_disk = lambda: None
    else:
        if data_file.exists():
            with data_file.open("rb") as saved:
                store.update(pickle.load(saved))  # noqa: S301 (see above)

        def dump() -> None:
            temporary = data_file.with_suffix(".tmp")
            with temporary.open("wb") as out:
                pickle.dump(dict(store), out, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(data_file)

        store.dump_to_disk = dump

    add_missing_endpoints(server.app)
    return server.app


@click.command("local-stripe")
@click.option("--port", type=int, default=8420, show_default=True)
@click.option(
    "--data-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Keep the data in this file across restarts (default: in memory only).",
)
@click.option(
    "--webhook-url",
    default=None,
    help="Deliver events here, signed with STRIPE_WEBHOOK_SECRET.",
)
@click.pass_obj
def local_stripe(
    settings: Settings, port: int, data_file: Path | None, webhook_url: str | None
) -> None:
    """A local Stripe (localstripe) on 127.0.0.1, for development."""
    if settings.env == "production":
        raise click.UsageError("The local Stripe is for development and tests only.")
    from aiohttp import web
    from localstripe.webhooks import register_webhook

    app = build_app(data_file)
    if webhook_url:
        # In-process, so the secret never appears in a command line.
        secret = settings.stripe_webhook_secret.get_secret_value()
        register_webhook(WEBHOOK_ID, webhook_url, secret, None)
    click.echo(f"local Stripe on http://127.0.0.1:{port}", err=True)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)
