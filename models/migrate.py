"""Running the Alembic migrations in migrations/ from code (CLI and tests)."""

from __future__ import annotations

import logging

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from core.settings import PROJECT_ROOT

ALEMBIC_INI = PROJECT_ROOT / "migrations" / "alembic.ini"


def alembic_config(
    *, database_url: str | None = None, connection: Connection | None = None
) -> Config:
    config = Config(str(ALEMBIC_INI))
    if database_url:
        config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


# Alembic announces each of its plugins at INFO; the revisions it runs are what matter.
logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def upgrade(*, database_url: str | None = None, connection: Connection | None = None) -> None:
    command.upgrade(alembic_config(database_url=database_url, connection=connection), "head")
