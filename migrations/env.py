"""Alembic environment: one linear history for PostgreSQL and SQLite (batch mode).

Flask-Migrate's `flask db` commands use this same folder; they and `voiceagent db` both end up
here. A connection passed in `config.attributes["connection"]` (tests) wins over the URL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import models
from core.settings import load_settings
from models.database import make_engine

config = context.config
target_metadata = models.Base.metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # ALTER TABLE on SQLite goes through copy-and-move
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or load_settings().migration_database_url
    engine = make_engine(url)
    with engine.connect() as connection:
        run_migrations(connection)
    engine.dispose()


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or load_settings().migration_database_url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    run_online()
