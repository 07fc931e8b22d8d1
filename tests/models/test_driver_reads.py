"""Reads on every API request go through the driver's own cursor (models.driver_reads):
the same rows as SQLAlchemy's, its parameters' types applied, its errors kept."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Connection, String, bindparam, event, select, text, type_coerce
from sqlalchemy.exc import DBAPIError

from models import Call, CallStatus
from models.driver_reads import read_rows
from tests.factories import Factory


def test_a_read_takes_the_driver_and_gives_what_sqlalchemy_gives(
    connection: Connection, make: Factory
) -> None:
    tenant = make.tenant()
    done = make.call(tenant, status=CallStatus.COMPLETED)
    make.call(tenant, status=CallStatus.IN_PROGRESS)
    statement = (
        select(Call.id, type_coerce(Call.status, String).label("status"), Call.started_at)
        .where(Call.tenant_id == bindparam("tenant_id"), Call.status == bindparam("status"))
        .order_by(Call.id)
    )
    values = {"tenant_id": tenant.id, "status": CallStatus.COMPLETED}  # an enum, as for SQLAlchemy
    through_sqlalchemy: list[Any] = []
    event.listen(connection, "before_execute", lambda *a: through_sqlalchemy.append(a[1]))
    rows = read_rows(connection, statement, values)
    assert through_sqlalchemy == []  # the driver's cursor, not SQLAlchemy's execution
    assert [tuple(row) for row in rows] == [
        tuple(row) for row in connection.execute(statement, values).all()
    ]
    assert [(row[0], row[1]) for row in rows] == [(done.id, CallStatus.COMPLETED.value)]


def test_a_failed_read_raises_sqlalchemys_error(connection: Connection) -> None:
    """A driver error runs the statement again through SQLAlchemy, whose error the front
    doors know (and whose pool handling a lost server needs)."""
    with pytest.raises(DBAPIError), connection.begin_nested():
        read_rows(connection, text("SELECT * FROM no_such_table WHERE id = :id"), {"id": 1})
