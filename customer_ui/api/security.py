"""Who is calling: a bearer token resolved to its tenant, scope and rate limit.

Callers send either their API token (`va_…`) or a short-lived access token obtained from
`POST /auth/token`. Both resolve to the stored ApiToken, so revoking it ends both at once.
A token acts with its creator's current role: every operation names the action it needs
(`requires`, checked against services.permissions), and the OpenAPI document shows it as
`x-permission`.

One database session serves a whole request, and all its database work — the token's
lookup, the checks, the endpoint and the session's end — happens in one trip to a worker
thread (`ApiCall.run`, which routing.ThreadedRoute calls). Each trip through the thread
pool costs ~0.2 ms of CPU (bench/api_load.py), and the request took three. The route makes
the request's ApiCall with the presented token before FastAPI reads the parameters
(`start_call`); FastAPI solves no dependency for it. The token is looked up on the
session's connection (plain SQL, before any tenant is known: row security lets it read
tokens and their creators), then the session is bound to the token's tenant for the route.
Every request runs in a transaction, because the row-security settings last one transaction
(models.row_security); routes that write commit it.

So a request without a token is answered 401 before its parameters are read; one with a
token that is wrong *and* parameters that are wrong is answered 422 for the parameters
(they are read before the endpoint's trip, where the token is looked up).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import anyio.to_thread
from anyio import CancelScope, CapacityLimiter
from fastapi import Depends, Request, params
from fastapi.security import HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

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


# The API's worker threads: asyncio's executor, not Starlette's thread pool (anyio's), whose
# bookkeeping for each trip — its capacity limiter, its cancel scope — cost a request ~2 %
# of its instructions (bench/api_instructions.py). Eight: a request's thread mostly runs
# Python, which holds the GIL, so more threads serve no more requests at once; they only
# take the GIL from the event loop more often (and wait for the pool's connections). With
# anyio's forty, the most requests a second one process served with a p95 under 50 ms was
# 300–450; with sixteen 338–450; with eight 375–562 (bench/api_load.py --quick, in turns,
# 2026-12-07). The admitted requests beyond eight (InFlightLimit) wait here for a thread,
# not for a connection.
API_THREADS = 8
_WORKERS = ThreadPoolExecutor(max_workers=API_THREADS, thread_name_prefix="api")


async def on_api_thread(work: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`work(*args, **kwargs)` on one of the API's worker threads, in the caller's context."""
    call = functools.partial(contextvars.copy_context().run, work, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_WORKERS, call)


@dataclass(frozen=True)
class ApiContext:
    """What the API needs from its host app; kept on `app.state.api`."""

    session_factory: sessionmaker[Session]
    limiter: RateLimiter
    signer: TokenSigner


class ApiCall:
    """One request's database work, done on the endpoint's worker thread in one trip.

    Made on the event loop by the route (`start_call`) with the request's session (a session
    connects only when first used, so making it waits on nothing), the presented token and
    the actions the route needs; a writer's dependency marks it as writing. `run` then
    admits the caller, runs the endpoint and ends the session, on one worker thread."""

    SCOPE_KEY = "voiceagent.api_call"  # where the request's scope keeps it

    def __init__(
        self,
        context: ApiContext,
        *,
        presented: str | None = None,
        needed: tuple[Action, ...] = (),
    ) -> None:
        self.context = context
        # Bound to nobody: it sees no row until its first statement, the token's lookup
        # (services.api_tokens; on PostgreSQL the database's api_token_grant), narrows its
        # transaction to the token's tenant; then bind_to_tenant(..., narrowed=True).
        self.session = context.session_factory()
        self.presented = presented  # the bearer token, when the route needs a caller
        self.needed = needed
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
            raise RuntimeError("admit() on a route that names no permission")
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


async def start_call(request: Request, needed: tuple[Action, ...]) -> ApiCall:
    """The request's ApiCall, kept in its scope. A route that needs actions needs a caller:
    without a bearer token the request is refused here (401), before anything else is read.
    The token itself is looked up when the endpoint runs (ApiCall.run)."""
    presented = None
    if needed:
        credentials = await bearer(request)
        if credentials is None:
            raise ApiError(
                401,
                N_("Please send an API token: 'Authorization: Bearer <token>'."),
                headers={"WWW-Authenticate": "Bearer"},
            )
        presented = credentials.credentials
    call = ApiCall(request.app.state.api, presented=presented, needed=needed)
    request.scope[ApiCall.SCOPE_KEY] = call
    return call


@dataclass(frozen=True)
class FromCall:
    """Marks an endpoint's parameter that the route hands over from the request's ApiCall
    (routing.ThreadedRoute): FastAPI never sees it, so it solves no dependency for it."""

    take: Callable[[ApiCall], Any]


# The request's session, bound to the caller's tenant by the time the endpoint runs (the
# route names a permission, so the caller is admitted first; api.permissions_of refuses to
# build an API with a route that names none). Routes that write commit. A session no caller
# was admitted to stays bound to nobody, and refuses every query.
TenantDb = Annotated[Session, FromCall(lambda call: call.session)]
# The request's session before anyone is known: for the token exchange.
RequestSession = Annotated[Session, FromCall(lambda call: call.session)]
Context = Annotated[ApiContext, FromCall(lambda call: call.context)]


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
    """A route's permission: the caller's token may do `action` with its creator's role as
    it is now. Named with `requires` among a router's or an operation's dependencies; the
    route reads it when it is made and checks it as the endpoint runs (routing.ThreadedRoute,
    ApiCall.admit), and the API reads which action each route needs (api.permissions_of)."""

    REFUSED = (
        "Only an administrator of your account can do this. An API token acts with the role "
        "its creator has now."
    )

    def __init__(self, action: Action) -> None:
        self.action = action

    def __call__(self) -> None:
        raise RuntimeError("a permission is checked by the API's route class (ThreadedRoute)")


def requires(action: Action) -> params.Depends:
    return Depends(Requires(action))


async def writer(request: Request) -> AsyncIterator[ApiCall]:
    """A route that writes admits its caller here, in a trip of its own: a read-only token
    is refused before its request body is read (a 403, not the body's 422). Writes are
    rare; reads keep their one trip, and no teardown of their own (FastAPI's for a
    dependency that yields costs every request that has one).

    A session still in a transaction afterwards — refused here, or for its body, so the
    endpoint never ran — is closed on a worker thread of its own (closing rolls back: a
    round trip), shielded from cancellation and outside the thread pool's limit (a full
    pool cannot keep a connection from going back)."""
    caller: ApiCall = request.scope[ApiCall.SCOPE_KEY]
    caller.writes = True
    try:
        await on_api_thread(caller.admit)
        yield caller
    finally:
        if caller.session.in_transaction():
            with CancelScope(shield=True):
                await anyio.to_thread.run_sync(caller.session.close, limiter=CapacityLimiter(1))


def acting_user(session: Session, caller: ApiCall) -> User:
    """The person a write is recorded for: the token's creator, while their account lives."""
    creator_id = caller.grant.created_by_id
    user = session.get(User, creator_id) if creator_id else None
    if user is None or not user.is_active:
        raise ApiError(
            403, N_("The person who created this API token has left; please create a new one.")
        )
    return user


Writer = Annotated[ApiCall, Depends(writer)]
