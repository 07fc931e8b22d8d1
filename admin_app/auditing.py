"""Audit events for changes made through the generic model views.

The "before" comes from SQLAlchemy's attribute history (the form has already written into the
row when Flask-Admin's hooks run), so only the columns that really changed are recorded.
Secret columns are masked, whatever their value.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from models import AuditEvent, Tenant
from services.audit import record_audit

MASK = "••••••••"
SECRET_WORDS = ("password", "secret", "token", "encrypted", "api_key")


def is_secret(column: str) -> bool:
    return any(word in column for word in SECRET_WORDS)


def plain(value: Any) -> Any:
    """A JSON-safe copy of a column value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


def shown(column: str, value: Any) -> Any:
    if is_secret(column) and value is not None:
        return MASK
    return plain(value)


def snapshot(obj: object) -> dict[str, Any]:
    props = inspect(obj).mapper.column_attrs
    return {prop.key: shown(prop.key, getattr(obj, prop.key)) for prop in props}


def changes(obj: object) -> tuple[dict[str, Any], dict[str, Any]]:
    """(before, after) of the columns changed on `obj` since it was loaded."""
    state = inspect(obj)
    before, after = {}, {}
    for key in (prop.key for prop in state.mapper.column_attrs):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        before[key] = shown(key, history.deleted[0] if history.deleted else None)
        after[key] = shown(key, history.added[0] if history.added else None)
    before.pop("updated_at", None)
    after.pop("updated_at", None)
    return before, after


def audit_model_write(
    *,
    session: Session,
    action: str,
    obj: object,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    record_audit(
        session=session,
        actor=current_user.user if current_user.is_authenticated else None,
        action=action,
        entity_type=type(obj).__name__,
        entity_id=getattr(obj, "id", None),
        tenant_id=tenant_of(obj),
        before=before,
        after=after,
        ip_address=request.remote_addr,
    )


def tenant_of(obj: object) -> int | None:
    if isinstance(obj, Tenant):
        return obj.id
    return getattr(obj, "tenant_id", None)


@event.listens_for(FlaskSession, "before_flush")
def _stamp_request_address(session: Session, _flush: object, _instances: object) -> None:
    """Audit events written by services during a back-office request (credentials,
    provisioning retries) get the staff member's address too."""
    if not has_request_context():
        return
    for obj in session.new:
        if isinstance(obj, AuditEvent) and obj.ip_address is None:
            obj.ip_address = request.remote_addr
