"""Tenant scoping, in exactly one place.

Every session says who it works for before it runs an ORM query:

- `tenant_session(factory, tenant_id)`: every ORM SELECT, UPDATE and DELETE (relationship
  loads included) is filtered to that tenant; new rows get its tenant_id; a flush that
  would write another tenant's row raises `CrossTenantWriteError`.
- `staff_session(factory)`: sees every tenant. The only way to get an unscoped session,
  so a search for it finds every place that needs one.

A session that is neither refuses ORM queries with `UnscopedSessionError`, so forgetting to
scope fails loudly instead of leaking. The pattern is SQLAlchemy's `do_orm_execute` +
`with_loader_criteria` recipe (examples/extending_query/filter_public.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import (
    ORMExecuteState,
    Session,
    UOWTransaction,
    sessionmaker,
    with_loader_criteria,
)

from models.base import TenantOwned
from models.tenancy import Tenant

_TENANT_KEY = "voiceagent.tenant_id"
_STAFF_KEY = "voiceagent.staff"


class UnscopedSessionError(RuntimeError):
    """An ORM query ran on a session that was bound to neither a tenant nor staff."""


class CrossTenantWriteError(PermissionError):
    """A tenant session tried to write a row that belongs to another tenant."""


def tenant_session(factory: sessionmaker[Session], tenant_id: int) -> Session:
    session = factory()
    bind_to_tenant(session, tenant_id)
    return session


def staff_session(factory: sessionmaker[Session]) -> Session:
    """An unscoped session for platform staff, jobs and the CLI: sees every tenant."""
    session = factory()
    session.info[_STAFF_KEY] = True
    return session


def staff_session_options() -> dict[str, Any]:
    """Session options for a factory whose every session is a staff session — the back
    office's Flask-SQLAlchemy `db.session`, which only staff ever reach."""
    return {"info": {_STAFF_KEY: True}}


def bind_to_tenant(session: Session, tenant_id: int) -> None:
    if session.info.get(_STAFF_KEY):
        raise ValueError("a staff session cannot be narrowed to a tenant; open a new session")
    session.info[_TENANT_KEY] = int(tenant_id)


def session_tenant_id(session: Session) -> int | None:
    """The tenant this session is bound to, or None for a staff session."""
    return session.info.get(_TENANT_KEY)


@event.listens_for(Session, "do_orm_execute")
def _filter_by_tenant(state: ORMExecuteState) -> None:
    if state.is_column_load:
        return  # loading a deferred column of a row we already hold
    info = state.session.info
    if info.get(_STAFF_KEY):
        return
    tenant_id = info.get(_TENANT_KEY)
    if tenant_id is None:
        raise UnscopedSessionError(
            "this session is bound to no tenant; use models.scoping.tenant_session() "
            "or, for platform staff, staff_session()"
        )
    if state.is_select or state.is_update or state.is_delete:
        state.statement = state.statement.options(
            with_loader_criteria(
                TenantOwned, lambda cls: cls.tenant_id == tenant_id, include_aliases=True
            ),
            with_loader_criteria(Tenant, lambda cls: cls.id == tenant_id, include_aliases=True),
        )


@event.listens_for(Session, "before_flush")
def _guard_tenant_writes(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    tenant_id = session.info.get(_TENANT_KEY)
    if tenant_id is None:
        return  # staff sessions write anywhere; unscoped ones cannot have loaded anything
    for obj in session.new:
        if isinstance(obj, TenantOwned) and obj.tenant_id is None:
            obj.tenant_id = tenant_id
        _check_owner(obj, tenant_id)
    for obj in (*session.dirty, *session.deleted):
        _check_owner(obj, tenant_id)


def _check_owner(obj: object, tenant_id: int) -> None:
    if isinstance(obj, Tenant):
        owners = _current_and_original(obj, "id")
    elif isinstance(obj, TenantOwned):
        owners = _current_and_original(obj, "tenant_id")
    else:
        return
    if any(owner != tenant_id for owner in owners if owner is not None) or None in owners:
        raise CrossTenantWriteError(
            f"refused: this session belongs to tenant {tenant_id} and may not write "
            f"{type(obj).__name__} of tenant {owners[0]}"
        )


def _current_and_original(obj: object, attribute: str) -> list[Any]:
    history = inspect(obj).attrs[attribute].history
    values = [*history.added, *history.unchanged, *history.deleted]
    return values or [getattr(obj, attribute)]
