"""Recording metered usage.

Events arrive in batches (a finished call, a nightly number count) and may arrive twice (a
retried job, a reconnecting runtime): the idempotency key makes the second arrival a no-op.
On PostgreSQL a batch is streamed with COPY into a temporary staging table and moved over
with one `INSERT … ON CONFLICT DO NOTHING`, the fastest path measured here (see
bench/usage_ingest.py); SQLite gets a plain multi-row insert with the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from models import UsageEvent, UsageKind
from models.scoping import CrossTenantWriteError, session_tenant_id


@dataclass(frozen=True, slots=True)
class UsageRecord:
    tenant_id: int
    kind: UsageKind
    quantity: int
    occurred_at: datetime
    idempotency_key: str
    bot_id: int | None = None
    call_id: int | None = None


_COLUMNS = ("tenant_id", "bot_id", "call_id", "kind", "quantity", "occurred_at", "idempotency_key")

_COPY_TYPES = ("int8", "int8", "int8", "varchar", "int8", "timestamptz", "varchar")

_CREATE_STAGING = """
CREATE TEMPORARY TABLE IF NOT EXISTS usage_events_staging (
    tenant_id bigint, bot_id bigint, call_id bigint, kind varchar(32), quantity bigint,
    occurred_at timestamptz, idempotency_key varchar(200)
) ON COMMIT DROP
"""
_MOVE_STAGED = """
INSERT INTO usage_events
    (tenant_id, bot_id, call_id, kind, quantity, occurred_at, idempotency_key)
SELECT tenant_id, bot_id, call_id, kind, quantity, occurred_at, idempotency_key
FROM usage_events_staging
ON CONFLICT (idempotency_key) DO NOTHING
"""


def record_usage(*, session: Session, records: Sequence[UsageRecord]) -> int:
    """Store the records that are new; returns how many were stored.

    A tenant-bound session may only record its own tenant's usage.
    """
    if not records:
        return 0
    _refuse_other_tenants(session, records)
    if session.get_bind().dialect.name == "postgresql":
        return _copy_into_postgresql(session, records)
    return _insert_into_sqlite(session, records)


def _refuse_other_tenants(session: Session, records: Iterable[UsageRecord]) -> None:
    tenant_id = session_tenant_id(session)
    if tenant_id is None:
        return
    if any(record.tenant_id != tenant_id for record in records):
        raise CrossTenantWriteError(
            f"refused: this session belongs to tenant {tenant_id} and may not record usage "
            "of another tenant"
        )


def _copy_into_postgresql(session: Session, records: Sequence[UsageRecord]) -> int:
    connection = session.connection()
    connection.exec_driver_sql(_CREATE_STAGING)
    driver_connection = connection.connection.driver_connection
    if driver_connection is None:
        raise RuntimeError("the database connection was closed while recording usage")
    cursor = driver_connection.cursor()
    # Binary: psycopg's C dumpers write each value as PostgreSQL stores it, with no text to
    # format here or parse there (bench/usage_ingest.py).
    columns = ", ".join(_COLUMNS)
    with cursor.copy(f"COPY usage_events_staging ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(_COPY_TYPES)
        for r in records:
            copy.write_row(
                (
                    r.tenant_id,
                    r.bot_id,
                    r.call_id,
                    r.kind.value,
                    r.quantity,
                    r.occurred_at,
                    r.idempotency_key,
                )
            )
    inserted = connection.exec_driver_sql(_MOVE_STAGED).rowcount
    connection.exec_driver_sql("TRUNCATE usage_events_staging")
    return inserted


def _insert_into_sqlite(session: Session, records: Sequence[UsageRecord]) -> int:
    rows = [
        {
            "tenant_id": r.tenant_id,
            "bot_id": r.bot_id,
            "call_id": r.call_id,
            "kind": r.kind,
            "quantity": r.quantity,
            "occurred_at": r.occurred_at,
            "idempotency_key": r.idempotency_key,
        }
        for r in records
    ]
    statement = sqlite.insert(UsageEvent).on_conflict_do_nothing(index_elements=["idempotency_key"])
    # sqlite3's executemany rowcount counts the rows this insert stored, not those its
    # trigger wrote into usage_days (which total_changes() would).
    return int(session.connection().execute(statement, rows).rowcount)
