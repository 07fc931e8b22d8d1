"""Reads on every API request, run through the driver's own cursor.

SQLAlchemy's handling of a statement — its execution context, its parameters, the result's
metadata and each row's processing — cost an API request about as much CPU as the driver's
round trip itself: ~0.2 ms for the token's lookup and ~0.25 ms for a page of 50 calls
(in-process A/Bs on 100,000 calls; bench/api_instructions.py). So those reads are compiled
once, by SQLAlchemy for the connection's dialect, and run on the connection's transaction
by psycopg itself, with SQLAlchemy's cursor events around it as its own execution has
them. The parameters go through their types' bind processors as SQLAlchemy's
would; the rows come back as the driver reads them (plain tuples: naming each row's fields cost
a page of calls ~0.04 ms), so a statement read
this way must ask for columns the driver already returns as wanted — text, numbers, times,
JSON — not for enum members (read those as text: `type_coerce(column, String)`).

Any other database (SQLite, for `make run`) runs the statement through SQLAlchemy. So does
a driver error: the statement runs once more through SQLAlchemy, which does what it does
with any failed statement — invalidates the pool when the server went away, raises its own
error (DBAPIError) that the front doors answer (503 for an outage).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any, cast

import psycopg
from sqlalchemy import Connection, Dialect, Select, TextClause
from sqlalchemy.sql.compiler import SQLCompiler

Statement = Select[Any] | TextClause


def read_rows(
    connection: Connection, statement: Statement, values: Mapping[str, Any]
) -> Sequence[Any]:
    """All rows of `statement` with `values`: tuples of its columns in order (SQLAlchemy's
    rows, which are tuples too, where the driver is not psycopg)."""
    if connection.dialect.driver != "psycopg":
        return connection.execute(statement, values).all()
    compiled, processors = _compiled(statement, connection.dialect)
    parameters = compiled.construct_params(dict(values))
    for name, process in processors.items():
        parameters[name] = process(parameters[name])
    driver = cast(psycopg.Connection[Any], connection.connection.driver_connection)
    cursor = driver.cursor()
    # SQLAlchemy's cursor events, for whoever listens (a test counting statements).
    events = connection.dispatch
    try:
        if events.before_cursor_execute:
            events.before_cursor_execute(
                connection, cursor, compiled.string, parameters, None, False
            )
        cursor.execute(compiled.string, parameters)
        if events.after_cursor_execute:
            events.after_cursor_execute(
                connection, cursor, compiled.string, parameters, None, False
            )
        return cursor.fetchall()
    except psycopg.Error:
        return connection.execute(statement, values).all()
    finally:
        cursor.close()


@functools.lru_cache(maxsize=512)
def _compiled(statement: Statement, dialect: Dialect) -> tuple[SQLCompiler, dict[str, Any]]:
    """The statement compiled for the driver, and its parameters' bind processors by name.
    Kept per statement object: the hot statements are built once (their modules keep them)."""
    compiled = cast(SQLCompiler, statement.compile(dialect=dialect))
    processors = {
        name: process
        for bind, name in compiled.bind_names.items()
        if (process := bind.type.bind_processor(dialect)) is not None
    }
    return compiled, processors
