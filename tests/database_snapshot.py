"""Every row of every table, to show that a refused request changed nothing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.base import Base

# Bookkeeping that a refused request may still touch without changing anything a user owns.
IGNORED_COLUMNS = {("api_tokens", "last_used_at"), ("api_tokens", "updated_at")}


def snapshot(session: Session) -> dict[str, list[tuple]]:
    """All rows, per table, in a stable order. Call `session.expire_all()` first if the
    session itself holds objects the request may have changed."""
    rows = {}
    for table in Base.metadata.sorted_tables:
        columns = [c for c in table.columns if (table.name, c.name) not in IGNORED_COLUMNS]
        rows[table.name] = sorted(
            (tuple(map(repr, row)) for row in session.execute(select(*columns))), key=str
        )
    return rows
