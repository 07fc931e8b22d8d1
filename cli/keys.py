"""`voiceagent keys`: encryption keys for stored credentials."""

from __future__ import annotations

import click

from core.encryption import CredentialCipher, generate_key
from core.settings import Settings
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from services.credentials import rotate_credentials


@click.group()
def keys() -> None:
    """Encryption keys for stored credentials."""


@keys.command("generate")
def keys_generate() -> None:
    """Print a new key to put in front of ENCRYPTION_KEYS."""
    click.echo(generate_key())


@keys.command("rotate")
@click.pass_obj
def keys_rotate(settings: Settings) -> None:
    """Re-encrypt every stored credential under the newest (first) key of ENCRYPTION_KEYS.

    Afterwards the older keys can be removed from ENCRYPTION_KEYS.
    """
    engine = make_engine(settings.database_url)
    try:
        with staff_session(make_session_factory(engine)) as session:
            count = rotate_credentials(
                session=session, cipher=CredentialCipher.from_settings(settings)
            )
            session.commit()
    finally:
        engine.dispose()
    click.echo(f"Re-encrypted {count} credential(s) under the newest key.")
