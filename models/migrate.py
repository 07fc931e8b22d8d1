"""Running the Alembic migrations in migrations/ from code (CLI and tests), as the owner,
then readying the application role (models.row_security) for the new schema."""

from __future__ import annotations

import logging

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from core.settings import PROJECT_ROOT
from models.database import make_engine
from models.row_security import prepare_application_role

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


def upgrade(
    *,
    database_url: str | None = None,
    connection: Connection | None = None,
    application_url: str | None = None,
) -> None:
    """Migrate `database_url` (the owner's) to the newest schema. With `application_url`
    on PostgreSQL, its role is then created if missing and granted the data (not the schema)."""
    command.upgrade(alembic_config(database_url=database_url, connection=connection), "head")
    if application_url and database_url and not database_url.startswith("sqlite"):
        engine = make_engine(database_url)
        try:
            with engine.begin() as owner:
                prepare_application_role(owner, application_url)
        finally:
            engine.dispose()
