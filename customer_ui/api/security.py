"""Who is calling: a bearer token resolved to its tenant, scope and rate limit.

Callers send either their API token (`va_…`) or a short-lived access token obtained from
`POST /auth/token`. Both resolve to the stored ApiToken, so revoking it ends both at once.
A token acts with its creator's current role: every operation names the action it needs
(`requires`, checked against services.permissions), and the OpenAPI document shows it as
`x-permission`.

One database session serves a whole request, and all its database work — the token's
lookup, the checks, the endpoint and the session's end — happens in one trip to a worker
thread (`ApiCall.run`, which routing.ThreadedRoute calls): the dependencies FastAPI solves
on the event loop only say what the route needs. Each trip through the thread pool costs
~0.2 ms of CPU (bench/api_load.py), and the request took three. The token is looked up on
the session's connection (plain SQL, before any tenant is known: row security lets it read
tokens and their creators), then the session is bound to the token's tenant for the route.
Every request runs in a transaction, because the row-security settings last one transaction
(models.row_security); routes that write commit it.

So a request with a token that is wrong *and* parameters that are wrong is answered 422
for the parameters (they are read before the endpoint's trip); one without any token is
answered 401 first, as before.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import anyio.to_thread
from anyio import CancelScope, CapacityLimiter
from fastapi import Depends, Request, params
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from core.catalogue import N_
from core.tokens import InvalidTokenError, TokenSigner
from customer_ui.api.errors import ApiError
from customer_ui.api.limits import RateLimiter
from models import User
from models.scoping import bind_to_tenant
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

T = TypeVar("T")

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


class ApiCall:
    """One request's database work, done on the endpoint's worker thread in one trip.

    Made on the event loop with the request's session (a session connects only when first
    used, so making it waits on nothing); the route's dependencies add what it needs: a
    known caller, the actions of `requires`, a token that may write. `run` then admits the
    caller, runs the endpoint and ends the session, on one worker thread."""

    def __init__(self, context: ApiContext) -> None:
        self.context = context
        # Bound to nobody: it sees no row until its first statement, the token's lookup
        # (services.api_tokens; on PostgreSQL the database's api_token_grant), narrows its
        # transaction to the token's tenant; then bind_to_tenant(..., narrowed=True).
        self.session = context.session_factory()
        self.presented: str | None = None  # the bearer token, when the route needs a caller
        self.needed: list[Action] = []
        self.writes = False
        self._grant: TokenGrant | None = None

    @property
    def grant(self) -> TokenGrant:
        """The caller's grant: known inside the endpoint, after `run` admitted them."""
        if self._grant is None:
            raise RuntimeError("the caller is known on the endpoint's worker thread only")
        return self._grant

    def run(self, endpoint: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """On a worker thread: admit the caller (for a route that needs one), run the
        endpoint, end the session (closing rolls back what was not committed)."""
        try:
            if self.presented is not None and self._grant is None:
                self.admit()
            return endpoint(*args, **kwargs)
        finally:
            self.session.close()

    def admit(self) -> None:
        """Look up the caller's token, count the request against its rate limit, check what
        the route needs and bind the session to the token's tenant. ApiError (401, 403,
        429) or NotAllowed when refused."""
        if self.presented is None:
            raise RuntimeError("admit() before the route's caller was asked for")
        self._grant = self._grant_checked(self.presented)

    def _grant_checked(self, presented: str) -> TokenGrant:
        grant = resolve_grant(self.session, self.context.signer, presented)
        if grant.touched:
            self.session.commit()  # last_used_at: kept even if the route fails
        self.context.limiter.hit(grant.token_id)
        if not all(allows(grant.role, action) for action in self.needed):
            raise NotAllowed(Requires.REFUSED)
        if self.writes and not grant.can_write:
            raise ApiError(403, N_("This API token is read-only."))
        bind_to_tenant(self.session, grant.tenant_id, narrowed=grant.narrowed)
        return grant


async def api_call(request: Request) -> ApiCall:
    """The request's ApiCall. `ApiCall.run` ends its session; a writer, admitted before
    its endpoint's trip, ends it in `writer` if the endpoint never runs."""
    return ApiCall(request.app.state.api)


Call = Annotated[ApiCall, Depends(api_call)]


async def request_session(call: Call) -> Session:
    """The request's session, before anyone is known: for the token exchange."""
    return call.session


RequestSession = Annotated[Session, Depends(request_session)]


async def known_caller(
    call: Call,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> ApiCall:
    """The route needs a caller: a bearer token, looked up when the endpoint runs."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(
            401,
            N_("Please send an API token: 'Authorization: Bearer <token>'."),
            headers={"WWW-Authenticate": "Bearer"},
        )
    call.presented = credentials.credentials
    return call


Caller = Annotated[ApiCall, Depends(known_caller)]


def resolve_grant(session: Session, signer: TokenSigner, presented: str) -> TokenGrant:
    connection = session.connection()
    if presented.startswith(TOKEN_PREFIX):
        return grant_for_token(connection=connection, plain=presented)
    try:
        token_id = signer.verify(ACCESS_PURPOSE, presented, max_age_seconds=ACCESS_TOKEN_SECONDS)
    except InvalidTokenError:
        raise ApiError(401, INVALID_TOKEN, headers={"WWW-Authenticate": "Bearer"}) from None
    return grant_for_token_id(connection=connection, token_id=int(token_id))


class Requires:
    """A route dependency: the caller's token may do `action` with its creator's role as it
    is now (checked as the endpoint runs: ApiCall). A class, so the API can read which
    action a route needs (api.permissions_of)."""

    REFUSED = (
        "Only an administrator of your account can do this. An API token acts with the role "
        "its creator has now."
    )

    def __init__(self, action: Action) -> None:
        self.action = action

    async def __call__(self, caller: Caller) -> None:
        caller.needed.append(self.action)


def requires(action: Action) -> params.Depends:
    return Depends(Requires(action))


async def writer(caller: Caller) -> AsyncIterator[ApiCall]:
    """A route that writes admits its caller here, in a trip of its own: a read-only token
    is refused before its request body is read (a 403, not the body's 422). Writes are
    rare; reads keep their one trip, and no teardown of their own (FastAPI's for a
    dependency that yields costs every request that has one).

    A session still in a transaction afterwards — refused here, or for its body, so the
    endpoint never ran — is closed on a worker thread of its own (closing rolls back: a
    round trip), shielded from cancellation and outside the thread pool's limit (a full
    pool cannot keep a connection from going back)."""
    caller.writes = True
    try:
        await run_in_threadpool(caller.admit)
        yield caller
    finally:
        if caller.session.in_transaction():
            with CancelScope(shield=True):
                await anyio.to_thread.run_sync(caller.session.close, limiter=CapacityLimiter(1))


async def tenant_db(call: Call) -> Session:
    """The request's session; by the time the endpoint runs it is bound to the caller's
    tenant (ApiCall.run). Routes that write commit. It asks for the request's ApiCall, not
    for a caller: every route that is not public names its permission (api.permissions_of
    refuses to build the API otherwise), and `Requires` asks for the caller; a second path
    to the caller cost FastAPI's solving of it again on every request. A session no caller
    was admitted to stays bound to nobody, and refuses every query."""
    return call.session


def acting_user(session: Session, caller: ApiCall) -> User:
    """The person a write is recorded for: the token's creator, while their account lives."""
    creator_id = caller.grant.created_by_id
    user = session.get(User, creator_id) if creator_id else None
    if user is None or not user.is_active:
        raise ApiError(
            403, N_("The person who created this API token has left; please create a new one.")
        )
    return user


TenantDb = Annotated[Session, Depends(tenant_db)]
Writer = Annotated[ApiCall, Depends(writer)]
