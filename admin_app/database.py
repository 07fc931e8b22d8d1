"""The back office's Flask-SQLAlchemy extension: `db.session` is a staff session.

Only platform staff reach the back office, so every session it opens is unscoped
(models.scoping.staff_session_options). Engines come from models.database, so SQLite gets the
same pragmas as everywhere else; tests hand in their own connection (`DATABASE_BIND`), which
the sessions join with savepoints, so a test's writes roll back with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Engine, make_url
from sqlalchemy.orm import Session

import models
from models.database import make_engine, make_session_factory
from models.scoping import staff_session_options, tenant_session


class StaffSQLAlchemy(SQLAlchemy):
    def _make_engine(self, bind_key: str | None, options: dict[str, Any], app: Flask) -> Engine:
        bind = app.config.get("DATABASE_BIND")
        if bind is not None:
            return bind  # a Connection in tests; sessions join its transaction
        options = dict(options)
        url = options.pop("url")
        return make_engine(make_url(url).render_as_string(hide_password=False), **options)


db = StaffSQLAlchemy(
    metadata=models.Base.metadata,
    session_options={**staff_session_options(), "join_transaction_mode": "create_savepoint"},
)


def staff_db() -> Session:
    """This request's staff session: Flask-SQLAlchemy's scoped session, unwrapped, for
    services that take a plain Session."""
    return db.session()


@contextmanager
def tenant_db(tenant_id: int) -> Iterator[Session]:
    """A session bound to one tenant, on the back office's database: for reading a tenant's
    data through the same scoping the portal uses."""
    factory = make_session_factory(db.engine, join_transaction_mode="create_savepoint")
    session = tenant_session(factory, tenant_id)
    try:
        yield session
    finally:
        session.close()
