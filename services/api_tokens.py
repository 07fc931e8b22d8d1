"""Tenant API tokens: created and revoked by a customer_admin, shown once, stored hashed.

A token acts for the person who created it, with the rights that person has *now*: each
request reads the creator's current role in the same query that finds the token, and a
token whose creator left the team or was deactivated no longer works. So demoting an
administrator caps their tokens at once (services.permissions), and removing them ends them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    bindparam,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from core.catalogue import N_
from models import ApiToken, Role, TokenScope, User
from models.base import utcnow
from models.driver_reads import read_rows
from services.audit import record_audit
from services.errors import AuthenticationFailed, NotFound, ValidationFailed
from services.permissions import Action, require
from services.text_input import text_problem
from services.vienna_time import as_utc

TOKEN_PREFIX = "va_"  # noqa: S105 — a label, not a secret
# last_used_at is a hint for people, not an audit trail: writing it on every request would
# turn each read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)
INVALID_TOKEN = N_("The API token is missing, revoked or not valid.")
MAX_TOKEN_NAME = 100


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plain: str  # shown once, then gone


def digest(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def create_api_token(
    *, session: Session, creator: User, name: str, scope: TokenScope
) -> IssuedToken:
    require(creator, Action.API_TOKENS)
    if not name.strip():
        raise ValidationFailed({"name": N_("Please give the token a name.")})
    if problem := text_problem(name, max_length=MAX_TOKEN_NAME):
        raise ValidationFailed({"name": problem})
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        tenant_id=creator.tenant_id,
        name=name.strip(),
        prefix=plain[:10],
        token_digest=digest(plain),
        scope=scope,
        created_by_id=creator.id,
    )
    session.add(token)
    session.flush()
    record_audit(
        session=session,
        actor=creator,
        action="api_token.created",
        entity_type="ApiToken",
        entity_id=token.id,
        tenant_id=token.tenant_id,
        after={"name": token.name, "prefix": token.prefix, "scope": scope.value},
    )
    return IssuedToken(token=token, plain=plain)


def revoke_api_token(*, session: Session, token_id: int, actor: User) -> None:
    require(actor, Action.API_TOKENS)
    token = session.get(ApiToken, token_id)
    if token is None or token.revoked_at is not None:
        raise NotFound(N_("This API token does not exist."))
    _revoke(session, token, actor)


def revoke_tokens_of(*, session: Session, creator: User, actor: User) -> None:
    """Revoke every live token `creator` made (they are leaving the team)."""
    query = select(ApiToken).where(
        ApiToken.created_by_id == creator.id, ApiToken.revoked_at.is_(None)
    )
    for token in session.scalars(query):
        _revoke(session, token, actor)


def _revoke(session: Session, token: ApiToken, actor: User) -> None:
    token.revoked_at = utcnow()
    record_audit(
        session=session,
        actor=actor,
        action="api_token.revoked",
        entity_type="ApiToken",
        entity_id=token.id,
        tenant_id=token.tenant_id,
        before={"name": token.name, "prefix": token.prefix},
    )
    session.flush()


def list_api_tokens(*, session: Session, viewer: User) -> list[ApiToken]:
    """The tokens of the session's tenant that still work, newest first."""
    require(viewer, Action.API_TOKENS)
    query = (
        select(ApiToken)
        .join(User, User.id == ApiToken.created_by_id)
        .where(ApiToken.revoked_at.is_(None), User.is_active.is_(True))
        .order_by(ApiToken.id.desc())
    )
    return list(session.scalars(query))


@dataclass(frozen=True)
class TokenGrant:
    """What a presented token allows: whose data, whether it may write, in whose name, and
    with which role (its creator's, as it is now)."""

    token_id: int
    tenant_id: int
    can_write: bool
    created_by_id: int
    role: Role
    # True when this lookup wrote last_used_at: the caller's transaction must be committed.
    touched: bool = False
    # True when the lookup narrowed its transaction's row security to the tenant (PostgreSQL).
    narrowed: bool = False


def grant_for_token(*, connection: Connection, plain: str) -> TokenGrant:
    """The grant of a live API token, or AuthenticationFailed.

    Runs on a plain connection (no ORM session) because it is on every API request's path:
    one indexed lookup joined with its creator's row, and a write of last_used_at at most
    once a minute. On PostgreSQL the lookup is the database's `api_token_grant`, which also
    narrows the transaction's row security to the token's tenant (the grant says so:
    `narrowed`), so the connection needs no setting before it: a round trip fewer a request.
    """
    if not plain.startswith(TOKEN_PREFIX):
        raise AuthenticationFailed(INVALID_TOKEN)
    return _grant(connection, _GRANT_BY_DIGEST, {"by_digest": digest(plain), "by_id": None})


def grant_for_token_id(*, connection: Connection, token_id: int) -> TokenGrant:
    """The grant of the live token with this id (behind a signed access token)."""
    return _grant(connection, _GRANT_BY_ID, {"by_digest": None, "by_id": token_id})


def _grant_query(condition: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    """The token's id, tenant, scope, creator, when last used and the creator's role; as
    `api_token_grant` reads them on PostgreSQL (migration api_token_grant). The creator must
    still be an active member of the token's tenant: a removed creator (created_by_id set
    NULL), a deactivated one or one moved elsewhere ends the token."""
    return (
        select(
            ApiToken.id,
            ApiToken.tenant_id,
            ApiToken.scope,
            ApiToken.created_by_id,
            ApiToken.last_used_at,
            User.role,
        )
        .join(User, User.id == ApiToken.created_by_id)
        .where(
            condition,
            ApiToken.revoked_at.is_(None),
            User.is_active.is_(True),
            User.tenant_id == ApiToken.tenant_id,
        )
    )


# Built once: every API request runs one of them, and building the statement cost more of
# the request's CPU than running it (py-spy, bench/api_load.py).
_GRANT_BY_DIGEST = _grant_query(ApiToken.token_digest == bindparam("by_digest"))
_GRANT_BY_ID = _grant_query(ApiToken.id == bindparam("by_id"))
_GRANT_ON_POSTGRESQL = text(
    "SELECT id, tenant_id, scope, created_by_id, last_used_at, role"
    " FROM api_token_grant(:by_digest, :by_id)"
)


def _grant(connection: Connection, query: Select[Any], values: dict[str, object]) -> TokenGrant:
    narrowing = connection.dialect.name == "postgresql"
    # Through the driver (models.driver_reads): on every API request.
    found = read_rows(connection, _GRANT_ON_POSTGRESQL if narrowing else query, values)
    if not found:
        raise AuthenticationFailed(INVALID_TOKEN)
    token_id, tenant_id, scope, created_by_id, last_used_at, role = found[0]
    now = utcnow()
    touched = last_used_at is None or now - as_utc(last_used_at) > LAST_USED_RESOLUTION
    if touched:
        connection.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
    return TokenGrant(
        token_id=token_id,
        tenant_id=tenant_id,
        can_write=TokenScope(scope) is TokenScope.READ_WRITE,
        created_by_id=created_by_id,
        role=Role(role),
        touched=touched,
        narrowed=narrowing,
    )
