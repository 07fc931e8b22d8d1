"""Who is calling: a bearer token resolved to its tenant, scope and rate limit.

Callers send either their API token (`va_…`) or a short-lived access token obtained from
`POST /auth/token`. Both resolve to the stored ApiToken, so revoking it ends both at once.
A token acts with its creator's current role: every operation names the action it needs
(`requires`, checked against services.permissions), and the OpenAPI document shows it as
`x-permission`.

One database session serves a whole request: the token is looked up on its connection
(plain SQL, before any tenant is known: row security lets it read tokens and their creators),
then the session is bound to the token's tenant for the route. Every request runs in a
transaction, because the row-security settings last one transaction (models.row_security);
routes that write commit it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

import anyio.to_thread
from anyio import CancelScope, CapacityLimiter
from fastapi import Depends, Request, params
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from core.catalogue import N_
from core.tokens import InvalidTokenError, TokenSigner
from customer_ui.api.errors import ApiError
from customer_ui.api.limits import RateLimiter
from models import User
from models.scoping import api_token_lookup_session, bind_to_tenant, session_tenant_id
from services.api_tokens import (
    INVALID_TOKEN,
    TOKEN_PREFIX,
    TokenGrant,
    grant_for_token,
    grant_for_token_id,
)
from services.permissions import Action, NotAllowed, allows

ACCESS_PURPOSE = "api-access"
ACCESS_TOKEN_SECONDS = 3600

bearer = HTTPBearer(auto_error=False, description="An API token (va_…) or an access token.")


@dataclass(frozen=True)
class ApiContext:
    """What the API needs from its host app; kept on `app.state.api`."""

    session_factory: sessionmaker[Session]
    limiter: RateLimiter
    signer: TokenSigner


async def api_context(request: Request) -> ApiContext:
    return request.app.state.api


Context = Annotated[ApiContext, Depends(api_context)]


async def request_session(context: Context) -> AsyncIterator[Session]:
    """The request's session: it may look up the bearer token, and is bound to the token's
    tenant once the caller is known. Made on the event loop (a session connects only when
    first used, so making it waits on nothing: a thread hop for it cost more than the rest),
    closed on a worker thread of its own (closing rolls back: a round trip), shielded from
    cancellation (a request whose client left still ends its transaction) and outside the
    thread pool's limit (a full pool cannot keep a connection from going back), as FastAPI
    closes a sync dependency."""
    session = api_token_lookup_session(context.session_factory)
    try:
        yield session
    finally:
        with CancelScope(shield=True):
            await anyio.to_thread.run_sync(session.close, limiter=CapacityLimiter(1))


RequestSession = Annotated[Session, Depends(request_session)]


def current_caller(
    context: Context,
    session: RequestSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> TokenGrant:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(
            401,
            N_("Please send an API token: 'Authorization: Bearer <token>'."),
            headers={"WWW-Authenticate": "Bearer"},
        )
    grant = resolve_grant(session, context.signer, credentials.credentials)
    if grant.touched:
        session.commit()  # last_used_at: kept even if the route fails
    context.limiter.hit(grant.token_id)
    # Narrowed to the token's tenant here, on this worker thread: a database round trip for
    # row security's setting, where the lookup did not already narrow it, must not hold up
    # the event loop (tenant_db is async).
    bind_to_tenant(session, grant.tenant_id, narrowed=grant.narrowed)
    return grant


def resolve_grant(session: Session, signer: TokenSigner, presented: str) -> TokenGrant:
    connection = session.connection()
    if presented.startswith(TOKEN_PREFIX):
        return grant_for_token(connection=connection, plain=presented)
    try:
        token_id = signer.verify(ACCESS_PURPOSE, presented, max_age_seconds=ACCESS_TOKEN_SECONDS)
    except InvalidTokenError:
        raise ApiError(401, INVALID_TOKEN, headers={"WWW-Authenticate": "Bearer"}) from None
    return grant_for_token_id(connection=connection, token_id=int(token_id))


Caller = Annotated[TokenGrant, Depends(current_caller)]


class Requires:
    """A route dependency: the caller's token may do `action` with its creator's role as it
    is now. A class, so the API can read which action a route needs (api.permissions_of)."""

    REFUSED = (
        "Only an administrator of your account can do this. An API token acts with the role "
        "its creator has now."
    )

    def __init__(self, action: Action) -> None:
        self.action = action

    async def __call__(self, caller: Caller) -> TokenGrant:
        if not allows(caller.role, self.action):
            raise NotAllowed(self.REFUSED)
        return caller


def requires(action: Action) -> params.Depends:
    return Depends(Requires(action))


async def writer(caller: Caller) -> TokenGrant:
    if not caller.can_write:
        raise ApiError(403, N_("This API token is read-only."))
    return caller


async def tenant_db(session: RequestSession, caller: Caller) -> Session:
    """The request's session, scoped to the caller's tenant (current_caller bound it).
    Routes that write commit."""
    if session_tenant_id(session) != caller.tenant_id:
        raise RuntimeError("the request's session is not bound to the caller's tenant")
    return session


def acting_user(session: Session, caller: TokenGrant) -> User:
    """The person a write is recorded for: the token's creator, while their account lives."""
    user = session.get(User, caller.created_by_id) if caller.created_by_id else None
    if user is None or not user.is_active:
        raise ApiError(
            403, N_("The person who created this API token has left; please create a new one.")
        )
    return user


TenantDb = Annotated[Session, Depends(tenant_db)]
Writer = Annotated[TokenGrant, Depends(writer)]
