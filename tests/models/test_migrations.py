"""The models and the Alembic history agree, on PostgreSQL and on SQLite."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from models import Base
from models.database import make_engine
from models.migrate import upgrade


def _differences(engine: Engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def test_postgresql_schema_matches_the_models(engine: Engine) -> None:
    assert _differences(engine) == []


def test_sqlite_upgrade_builds_the_same_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(database_url=url)
    upgrade(database_url=url)  # a second run is a no-op
    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
        assert _differences(engine) == []
    finally:
        engine.dispose()
