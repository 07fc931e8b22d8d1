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

On PostgreSQL the same choice reaches the database: at the start of every transaction a
tenant or staff session sets the row-security settings of models.row_security for its
transaction only (`app.tenant_id`, `app.staff`), so Core statements, raw SQL and a
forgotten filter are held to the tenant too, and a pooled connection carries nothing on.
A session bound to nobody sets nothing and so sees nothing; the API's token lookup
(`app.api_token_lookup`) is the database's own function (services.api_tokens).
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import (
    Connection,
    event,
    inspect,
    text,
)
from sqlalchemy.orm import (
    LoaderCriteriaOption,
    ORMExecuteState,
    Session,
    SessionTransaction,
    UOWTransaction,
    sessionmaker,
    with_loader_criteria,
)

from models.base import TenantOwned
from models.row_security import STAFF_SETTING, TENANT_SETTING, TOKEN_LOOKUP_SETTING
from models.tenancy import Tenant

_TENANT_KEY = "voiceagent.tenant_id"
_STAFF_KEY = "voiceagent.staff"


class UnscopedSessionError(RuntimeError):
    """A query ran on a session that was bound to neither a tenant nor staff."""


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


def bind_to_tenant(session: Session, tenant_id: int, *, narrowed: bool = False) -> None:
    """Narrow `session` to `tenant_id`. `narrowed`: its transaction's last statement
    already narrowed the database's row security to that tenant (the API's token lookup)."""
    if session.info.get(_STAFF_KEY):
        raise ValueError("a staff session cannot be narrowed to a tenant; open a new session")
    session.info[_TENANT_KEY] = int(tenant_id)
    if not session.in_transaction():
        return
    # Narrowed mid-transaction (the API, after its token lookup): the database follows now.
    connection = session.connection()
    if narrowed:
        connection.info[_CARRIES_KEY] = id(session)
    else:
        _apply_row_security(session, connection)


def session_tenant_id(session: Session) -> int | None:
    """The tenant this session is bound to, or None for a staff session."""
    return session.info.get(_TENANT_KEY)


def held_tenant_id(session: Session) -> int | None:
    """`session_tenant_id`, strictly: UnscopedSessionError for a session bound to neither a
    tenant nor staff, as an ORM statement on it would raise (for the lookups by key that
    replace a scoped query)."""
    return _held_to(session.info)


def core_connection(session: Session) -> tuple[Connection, int | None]:
    """For a Core statement on `session`'s connection: the connection, and the tenant the
    statement must name in its WHERE for every tenant-owned table it reads (the loader
    criteria below hold ORM statements only; row security holds Core too, but on
    PostgreSQL only), or None for a staff session. A page of plain columns costs ~0.2 ms
    less of CPU this way than through the ORM (an in-process A/B of the call list).
    UnscopedSessionError for a session bound to nobody, as for an ORM statement."""
    tenant_id = _held_to(session.info)
    connection = session.connection()
    _reapply_if_shared(session)
    return connection, tenant_id


def _held_to(info: dict[str, Any]) -> int | None:
    """The tenant a session's statements are held to, None for a staff session;
    UnscopedSessionError for a session bound to neither."""
    if info.get(_STAFF_KEY):
        return None
    tenant_id = info.get(_TENANT_KEY)
    if tenant_id is None:
        raise UnscopedSessionError(
            "this session is bound to no tenant; use models.scoping.tenant_session() "
            "or, for platform staff, staff_session()"
        )
    return int(tenant_id)


@event.listens_for(Session, "do_orm_execute")
def _filter_by_tenant(state: ORMExecuteState) -> None:
    _reapply_if_shared(state.session)
    if state.is_column_load:
        return  # loading a deferred column of a row we already hold
    tenant_id = _held_to(state.session.info)
    if tenant_id is None:
        return
    if state.is_select or state.is_update or state.is_delete:
        state.statement = state.statement.options(*_tenant_criteria(tenant_id))


@functools.lru_cache(maxsize=4096)
def _tenant_criteria(tenant_id: int) -> tuple[LoaderCriteriaOption, LoaderCriteriaOption]:
    """The two loader criteria that hold a statement to `tenant_id`, made once per tenant:
    making them analyses their lambdas' closures (~37 us a statement, ~7 % of a voice call's
    CPU in py-spy). The objects are immutable and each carries its own tenant's id, so the
    same pair serves every statement of that tenant's sessions."""
    return (
        with_loader_criteria(
            TenantOwned, lambda cls: cls.tenant_id == tenant_id, include_aliases=True
        ),
        with_loader_criteria(Tenant, lambda cls: cls.id == tenant_id, include_aliases=True),
    )


@event.listens_for(Session, "before_flush")
def _guard_tenant_writes(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    _reapply_if_shared(session)
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


# Row-level security settings (models.row_security), per transaction. Every transaction of
# a session bound to someone begins with this statement: as text it costs ~71 us of CPU, as
# a select() of set_config calls ~83 us (its cache key is built on every run), so it stays
# text. No session turns the token lookup's setting on: only the database's
# `api_token_grant` does, within its own statement; here it is cleared.
_SET_ROW_SECURITY = text(
    f"SELECT set_config('{TENANT_SETTING}', :tenant, true),"
    f" set_config('{STAFF_SETTING}', :staff, true),"
    f" set_config('{TOKEN_LOOKUP_SETTING}', :lookup, true)"
)
_CURRENT_ROW_SECURITY = text(
    f"SELECT current_setting('{TENANT_SETTING}', true) AS tenant,"
    f" current_setting('{STAFF_SETTING}', true) AS staff,"
    f" current_setting('{TOKEN_LOOKUP_SETTING}', true) AS lookup"
)
# Set on a connection's info: the session whose settings the connection carries now, and,
# for a session joined into an outer transaction, what to put back when it commits.
_CARRIES_KEY = "voiceagent.row_security_of"
_RESTORE_KEY = "voiceagent.row_security_restore"


def _row_security_values(info: dict[str, Any]) -> dict[str, str]:
    tenant_id = info.get(_TENANT_KEY)
    return {
        "tenant": "" if tenant_id is None else str(tenant_id),
        "staff": "on" if info.get(_STAFF_KEY) else "",
        "lookup": "",
    }


def _apply_row_security(session: Session, connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    connection.execute(_SET_ROW_SECURITY, _row_security_values(session.info))
    connection.info[_CARRIES_KEY] = id(session)


@event.listens_for(Session, "after_begin")
def _begin_with_row_security(
    session: Session, transaction: SessionTransaction, connection: Connection
) -> None:
    if connection.dialect.name != "postgresql" or transaction.nested:
        # A savepoint of the session's own (`begin_nested`) runs inside its transaction,
        # whose settings the connection already carries.
        return
    if connection.in_nested_transaction():
        # Joined into an outer transaction with a savepoint (tests, the back office's test
        # binding): a released savepoint keeps our settings, so the outer owner's come back
        # at commit, and sessions sharing the connection re-apply theirs before each use.
        previous = dict(connection.execute(_CURRENT_ROW_SECURITY).one()._mapping)
        session.info[_RESTORE_KEY] = (connection, previous, connection.info.get(_CARRIES_KEY))
    elif not session.info.get(_STAFF_KEY) and session.info.get(_TENANT_KEY) is None:
        # A transaction begins with no setting (each is SET LOCAL), and a session bound to
        # nobody has none to add: the API's, whose token lookup narrows it, is spared a
        # round trip on every request.
        return
    _apply_row_security(session, connection)


@event.listens_for(Session, "after_commit")
def _restore_outer_row_security(session: Session) -> None:
    if session.in_transaction():
        # A savepoint of the session's own was released; its transaction, and its
        # settings, go on.
        return
    saved = session.info.pop(_RESTORE_KEY, None)
    if saved is None:
        return
    connection, previous, carried_by = saved
    if connection.closed or not connection.in_transaction():
        return
    connection.execute(_SET_ROW_SECURITY, {k: v or "" for k, v in previous.items()})
    connection.info[_CARRIES_KEY] = carried_by


@event.listens_for(Session, "after_soft_rollback")
def _forget_outer_row_security(session: Session, _previous: SessionTransaction) -> None:
    # A rolled-back savepoint takes its settings with it; nothing to put back.
    if not session.in_transaction():
        session.info.pop(_RESTORE_KEY, None)


def _reapply_if_shared(session: Session) -> None:
    """A session sharing its connection with others (joined sessions) makes sure the
    connection carries its settings before it runs a statement."""
    saved = session.info.get(_RESTORE_KEY)
    if saved is None:
        return
    connection = saved[0]
    if connection.info.get(_CARRIES_KEY) != id(session) and not connection.closed:
        _apply_row_security(session, connection)
