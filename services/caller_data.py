"""One caller's data on request, by phone number, within one tenant: everything held about
them as a download (GDPR Art. 15 and 20: JSON and CSV in a zip), and erasure (Art. 17).

Where a caller's data lives is one table, CALLER_TABLES: the tables that hold a caller's
number, and those whose rows belong to a call of theirs. tests/services/test_caller_data.py
walks the models and fails for any table with a caller's number or a `call_id` that is not
listed, so a new table joins export and erasure by being classified here.

Erasure keeps what billing needs and nothing of the person: a call stays with its duration
and outcome (usage events and invoices are computed from it), its caller number cut to the
country code ("+43"), its transcript deleted; bookings keep their time and service without a
name or number; webhook deliveries (queued or sent) that carried the number and transcript
are deleted, so no retry sends them again. Redis holds no caller numbers (call slots, stream
tokens and limits are keyed by ids), and jobs carry ids only.

Every statement runs in the tenant's session (row security holds it to the tenant) and names
the tenant too: another tenant's calls from the same number are never read or touched.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Literal

from sqlalchemy import Column, Connection, Table, delete, func, or_, select, update
from sqlalchemy.orm import Session

from models import Base, User
from models.base import utcnow
from services.audit import record_audit
from services.caller_numbers import number_forms, use_country_code_function
from services.permissions import Action, require
from services.tenant_settings import own_tenant


@dataclass(frozen=True)
class CallerTable:
    """How one table holds a caller's data.

    `number`: the column with the caller's number (rows are found by it). `via_call`: the
    column that ties rows to one of the caller's calls. `personal`: other columns with the
    caller's words, emptied (or NULL) on erasure. `on_erase`: "anonymise" (number cut to its country
    code, personal columns emptied, the row stays), "delete", or "keep" (nothing personal).
    """

    name: str
    on_erase: Literal["anonymise", "delete", "keep"]
    number: str | None = None
    via_call: str | None = None
    personal: tuple[str, ...] = ()


CALLER_TABLES: tuple[CallerTable, ...] = (
    # The summary quotes the caller's unanswered questions.
    CallerTable("calls", "anonymise", number="from_number", personal=("summary", "summary_fields")),
    CallerTable("call_turns", "delete", via_call="call_id"),  # the transcript
    CallerTable(
        "bookings",
        "anonymise",
        number="caller_phone",
        via_call="call_id",
        personal=("caller_name",),
    ),
    # A message is the caller's own words for the owner: erased whole.
    CallerTable("messages", "delete", number="caller_phone", via_call="call_id"),
    # Each holds a call's number and transcript as sent to the tenant's webhook.
    CallerTable("webhook_deliveries", "delete", via_call="call_id"),
    # Seconds per call for invoices: nothing about the person.
    CallerTable("usage_events", "keep", via_call="call_id"),
)
# Never exported: secrets and internals of ours, not the caller's data.
_LEFT_OUT = {"tenant_id"}
_FORMULA = re.compile(r"^(?:[=@\t\r]|[+-](?![0-9]))")


@dataclass(frozen=True)
class CallerRows:
    number: str
    forms: tuple[str, ...]
    rows: dict[str, list[dict[str, Any]]]

    @property
    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.rows.items()}

    @property
    def empty(self) -> bool:
        return not any(self.rows.values())


def find_caller(*, session: Session, viewer: User, number: str) -> CallerRows:
    """Everything the viewer's tenant holds about the caller `number` (any usual form).
    Raises ValidationFailed for what is not a phone number."""
    require(viewer, Action.PRIVACY)
    tenant = own_tenant(session=session)
    forms = number_forms(number, country=tenant.country)
    connection = session.connection()
    call_ids = _call_ids(connection, tenant.id, forms)
    rows = {}
    for spec in CALLER_TABLES:
        table = _table(spec.name)
        found = connection.execute(
            select(table)
            .where(_belongs(table, spec, tenant.id, forms, call_ids))
            .order_by(table.c.id)
        )
        rows[spec.name] = [_plain(dict(row._mapping)) for row in found]
    return CallerRows(number=forms[0], forms=forms, rows=rows)


def export_caller(
    *, session: Session, actor: User, number: str, ip_address: str | None = None
) -> bytes:
    """The caller's data as a zip: `caller-data.json` with every table, and one CSV per
    table that holds something. Audited (the number masked)."""
    found = find_caller(session=session, viewer=actor, number=number)
    record_audit(
        session=session,
        actor=actor,
        action="privacy.caller_exported",
        entity_type="Caller",
        entity_id=masked(found.number),
        tenant_id=actor.tenant_id,
        after=found.counts,
        ip_address=ip_address,
    )
    return caller_zip(found)


def caller_zip(found: CallerRows) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        document = {"phone_number": found.number, "forms_searched": found.forms, **found.rows}
        archive.writestr("caller-data.json", json.dumps(document, ensure_ascii=False, indent=2))
        for name, rows in found.rows.items():
            if rows:
                archive.writestr(f"{name}.csv", _csv(rows))
    return buffer.getvalue()


@dataclass(frozen=True)
class Erased:
    number: str
    counts: dict[str, int]


def erase_caller(
    *, session: Session, actor: User, number: str, ip_address: str | None = None
) -> Erased:
    """Erase the caller `number` from the actor's tenant (Art. 17), keeping calls only as
    anonymous usage for billing. Audited with the counts (the number masked)."""
    require(actor, Action.PRIVACY)
    tenant = own_tenant(session=session)
    forms = number_forms(number, country=tenant.country)
    connection = session.connection()
    use_country_code_function(connection)
    call_ids = _call_ids(connection, tenant.id, forms)
    counts: dict[str, int] = {}
    # Dependants first: their link to a call is found before the call is anonymised.
    for spec in sorted(CALLER_TABLES, key=lambda s: s.number is not None):
        if spec.on_erase == "keep":
            continue
        table = _table(spec.name)
        where = _belongs(table, spec, tenant.id, forms, call_ids)
        if spec.on_erase == "delete":
            result = connection.execute(delete(table).where(where))
        else:
            changes: dict[str, Any] = {
                name: None if table.c[name].nullable else "" for name in spec.personal
            }
            if spec.number:
                changes[spec.number] = func.caller_country_code(table.c[spec.number])
            if "updated_at" in table.c:
                changes["updated_at"] = utcnow()
            result = connection.execute(update(table).where(where).values(changes))
        counts[spec.name] = int(result.rowcount or 0)
    session.expire_all()  # rows loaded before now no longer say what the database holds
    record_audit(
        session=session,
        actor=actor,
        action="privacy.caller_erased",
        entity_type="Caller",
        entity_id=masked(forms[0]),
        tenant_id=tenant.id,
        after=counts,
        ip_address=ip_address,
    )
    return Erased(number=forms[0], counts=counts)


def masked(number: str) -> str:
    """What the audit log keeps of a number: enough to tell requests apart, not to call."""
    return f"{number[:3]}…{number[-3:]}" if len(number) > 6 else "…"


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _call_ids(connection: Connection, tenant_id: int, forms: Sequence[str]) -> list[int]:
    calls = _table("calls")
    return list(
        connection.execute(
            select(calls.c.id).where(calls.c.tenant_id == tenant_id, calls.c.from_number.in_(forms))
        ).scalars()
    )


def _belongs(
    table: Table, spec: CallerTable, tenant_id: int, forms: Sequence[str], call_ids: list[int]
) -> Any:
    tests = []
    if spec.number:
        tests.append(table.c[spec.number].in_(forms))
    if spec.via_call and call_ids:
        tests.append(table.c[spec.via_call].in_(call_ids))
    if not tests:
        return table.c.id.is_(None)  # nothing of this caller here
    return (table.c.tenant_id == tenant_id) & or_(*tests)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {key: _value(value) for key, value in row.items() if key not in _LEFT_OUT}


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    # A caller's words that a spreadsheet would run as a formula are quoted ("+43…" stays).
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def caller_columns(table: Table) -> list[Column[Any]]:
    """Columns that look like they hold a caller (for the test that keeps CALLER_TABLES
    complete): a caller's or a phone's number, but not a foreign key to one of ours."""
    return [
        column
        for column in table.columns
        if not column.name.endswith("_id")
        and ("phone" in column.name or "caller" in column.name or column.name == "from_number")
    ]
