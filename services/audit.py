"""The audit trail: who changed what, before and after."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.orm import Session

from models import AuditEvent, Tenant, User


def record_audit(
    *,
    session: Session,
    actor: User | None,
    action: str,
    entity_type: str,
    entity_id: object | None = None,
    tenant_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one event. Callers pass values already masked: nothing secret belongs here."""
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        actor_email=actor.email if actor else None,
        action=action,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        tenant_id=tenant_id,
        before=before,
        after=after,
        ip_address=ip_address,
    )
    session.add(event)
    return event


class AuditedRow(Protocol):
    """A tenant-owned row: its class names the entity."""

    @property
    def id(self) -> Any: ...

    @property
    def tenant_id(self) -> int | None: ...


def audit_row(
    session: Session,
    actor: User | None,
    action: str,
    row: AuditedRow | Tenant,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """`record_audit` of a change to one tenant-owned row, named by its class and id (a
    Tenant row is its own tenant)."""
    return record_audit(
        session=session,
        actor=actor,
        action=action,
        entity_type=type(row).__name__,
        entity_id=row.id,
        tenant_id=row.id if isinstance(row, Tenant) else row.tenant_id,
        before=before,
        after=after,
        ip_address=ip_address,
    )
