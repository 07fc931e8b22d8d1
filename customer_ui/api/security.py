"""Who is calling: a bearer token resolved to its tenant, scope and rate limit.

Callers send either their API token (`va_…`) or a short-lived access token obtained from
`POST /auth/token`. Both resolve to the stored ApiToken, so revoking it ends both at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from core.tokens import InvalidTokenError, TokenSigner
from customer_ui.api.errors import ApiError
from customer_ui.api.limits import RateLimiter
from models import ApiToken, User
from models.scoping import staff_session, tenant_session
from services.api_tokens import INVALID_TOKEN, TOKEN_PREFIX, authenticate_api_token

ACCESS_PURPOSE = "api-access"
ACCESS_TOKEN_SECONDS = 3600

bearer = HTTPBearer(auto_error=False, description="An API token (va_…) or an access token.")


@dataclass(frozen=True)
class ApiContext:
    """What the API needs from its host app; kept on `app.state.api`."""

    session_factory: sessionmaker[Session]
    limiter: RateLimiter
    signer: TokenSigner


@dataclass(frozen=True)
class Caller:
    token_id: int
    tenant_id: int
    can_write: bool
    # Writes through the API are made in the name of the person who created the token.
    created_by_id: int | None


def api_context(request: Request) -> ApiContext:
    return request.app.state.api


Context = Annotated[ApiContext, Depends(api_context)]


def current_caller(
    context: Context,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Caller:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(
            401,
            "Please send an API token: 'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    with staff_session(context.session_factory) as session:
        token = resolve_token(session, context.signer, credentials.credentials)
        caller = Caller(
            token_id=token.id,
            tenant_id=token.tenant_id,
            can_write=token.can_write,
            created_by_id=token.created_by_id,
        )
        session.commit()  # last_used_at
    context.limiter.hit(caller.token_id)
    return caller


def resolve_token(session: Session, signer: TokenSigner, presented: str) -> ApiToken:
    if presented.startswith(TOKEN_PREFIX):
        return authenticate_api_token(session=session, plain=presented)
    try:
        token_id = signer.verify(ACCESS_PURPOSE, presented, max_age_seconds=ACCESS_TOKEN_SECONDS)
    except InvalidTokenError:
        raise ApiError(401, INVALID_TOKEN, headers={"WWW-Authenticate": "Bearer"}) from None
    token = session.get(ApiToken, token_id)
    if token is None or token.revoked_at is not None:
        raise ApiError(401, INVALID_TOKEN, headers={"WWW-Authenticate": "Bearer"})
    return token


def writer(caller: Annotated[Caller, Depends(current_caller)]) -> Caller:
    if not caller.can_write:
        raise ApiError(403, "This API token is read-only.")
    return caller


def acting_user(session: Session, caller: Caller) -> User:
    """The person a write is recorded for: the token's creator, while their account lives."""
    user = session.get(User, caller.created_by_id) if caller.created_by_id else None
    if user is None or not user.is_active:
        raise ApiError(
            403, "The person who created this API token has left; please create a new one."
        )
    return user


def tenant_db(
    context: Context, caller: Annotated[Caller, Depends(current_caller)]
) -> Iterator[Session]:
    """A session scoped to the caller's tenant. Routes that write commit themselves."""
    with tenant_session(context.session_factory, caller.tenant_id) as session:
        yield session


TenantDb = Annotated[Session, Depends(tenant_db)]
Writer = Annotated[Caller, Depends(writer)]
