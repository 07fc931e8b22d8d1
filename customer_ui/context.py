"""What every portal page needs, built once by the app factory and passed to the pages.

`tenant_db(user)` (and `read`, its form for work off the event loop) is the only way pages
reach tenant data: a tenant-bound session that first checks the person is still allowed in
(active, same auth epoch), so "log out everywhere", a password change or a removal ends an
open page's powers at its next action.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

from redis import Redis
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, sessionmaker

from core.encryption import CredentialCipher
from core.settings import Settings
from core.tokens import TokenSigner
from models import Role, Tenant, User
from models.scoping import staff_session, tenant_session
from services.login_throttle import LoginThrottle

T = TypeVar("T")


class SessionEnded(Exception):
    """The person's session is no longer valid (logged out elsewhere, removed, disabled)."""


@dataclass(frozen=True)
class PortalUser:
    """Who is logged in, as the session storage remembers it."""

    id: int
    tenant_id: int
    auth_epoch: int


@dataclass(frozen=True)
class PageRead(Generic[T]):
    """A page's data, with the person reading it and their company as the same session
    found them (loaded and detached: values to show, not rows to change)."""

    who: PortalUser
    user: User
    tenant: Tenant
    data: T


@dataclass
class PortalContext:
    settings: Settings
    session_factory: sessionmaker[Session]
    redis: Redis
    throttle: LoginThrottle
    signer: TokenSigner
    cipher: CredentialCipher

    @classmethod
    def build(
        cls, settings: Settings, session_factory: sessionmaker[Session], redis_client: Redis
    ) -> PortalContext:
        """The context of a portal on these settings, database and Redis."""
        return cls(
            settings=settings,
            session_factory=session_factory,
            redis=redis_client,
            throttle=LoginThrottle(redis_client),
            signer=TokenSigner.from_settings(settings),
            cipher=CredentialCipher.from_settings(settings),
        )

    @contextmanager
    def tenant_db(self, who: PortalUser) -> Iterator[tuple[Session, User]]:
        """A tenant-bound session and the current User row; commits when the block ends
        without error, rolls back otherwise. Raises SessionEnded when the login is stale."""
        with self._tenant_session(who) as session:
            user = session.get(User, who.id)
            if user is None or not _still_allowed(user.is_active, user.auth_epoch, user.role, who):
                raise SessionEnded
            yield session, user

    def read(self, who: PortalUser, query: Callable[[Session], T]) -> T:
        """Run `query` in a fresh tenant session and return its (plain) result. Thread-safe:
        pages call it through `nicegui.run.io_bound`, so heavy reads leave the event loop free
        for other visitors. Raises SessionEnded when the login is stale."""
        with self._tenant_session(who) as session:
            if not _login_holds(session, who):
                raise SessionEnded
            return query(session)

    @contextmanager
    def member_db(self, who: PortalUser) -> Iterator[tuple[Session, User, Tenant]]:
        """`tenant_db` with the person's Tenant row too, which a page's header names.
        Raises SessionEnded also when the account was closed while this session lived."""
        with self.tenant_db(who) as (session, user):
            tenant = session.get(Tenant, user.tenant_id)
            if tenant is None:
                raise SessionEnded
            yield session, user, tenant

    def read_page(self, who: PortalUser, query: Callable[[Session], T]) -> PageRead[T]:
        """`read` for a page that shows what it reads: the login is checked on the User row
        the page's header shows, and that row and its Tenant come back with the data, so
        building the page needs no session of its own."""
        with self.member_db(who) as (session, user, tenant):
            return PageRead(who, user, tenant, query(session))

    def login_holds(self, who: PortalUser) -> bool:
        """Whether the stored login still lets its person in (the middleware's check)."""
        with self._tenant_session(who) as session:
            return _login_holds(session, who)

    def _tenant_session(self, who: PortalUser) -> AbstractContextManager[Session]:
        return _committed(tenant_session(self.session_factory, who.tenant_id))

    def anonymous_db(self) -> AbstractContextManager[Session]:
        """An unscoped session for the few public steps that precede knowing the tenant:
        log in, sign up, password reset, accepting an invitation. Keep these blocks short."""
        return _committed(staff_session(self.session_factory))


@contextmanager
def _committed(session: Session) -> Iterator[Session]:
    """`session` for one block: committed when it ends without error, rolled back
    otherwise, closed either way."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _login_holds(session: Session, who: PortalUser) -> bool:
    """The login check where no User row is wanted: three columns read on the session's
    connection, past the ORM (~0.3 ms of CPU against ~0.5 for an ORM `get`, twice a page).
    The tenant is named here because the ORM's tenant filter does not apply to a plain
    statement (row security does too, on PostgreSQL)."""
    found = session.connection().execute(_LOGIN, {"user_id": who.id, "tenant_id": who.tenant_id})
    row = found.first()
    return row is not None and _still_allowed(*row, who)


_LOGIN = (  # built once: every page asks
    select(User.is_active, User.auth_epoch, User.role).where(
        User.id == bindparam("user_id"), User.tenant_id == bindparam("tenant_id")
    )
)


def _still_allowed(is_active: bool, auth_epoch: int, role: Role, who: PortalUser) -> bool:
    """Active, not logged out everywhere since (same auth epoch), and a portal member."""
    return (
        is_active
        and auth_epoch == who.auth_epoch
        and role in (Role.CUSTOMER_ADMIN, Role.CUSTOMER_USER)
    )
