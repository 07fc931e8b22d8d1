"""What every portal page needs, built once by the app factory and passed to the pages.

`tenant_db(user)` is the only way pages reach tenant data: a tenant-bound session that first
checks the person is still allowed in (active, same auth epoch), so "log out everywhere",
a password change or a removal ends an open page's powers at its next action.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import redis
from sqlalchemy.orm import Session, sessionmaker

from core.encryption import CredentialCipher
from core.settings import Settings
from core.tokens import TokenSigner
from models import Role, User
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


@dataclass
class PortalContext:
    settings: Settings
    session_factory: sessionmaker[Session]
    redis: redis.Redis
    throttle: LoginThrottle
    signer: TokenSigner
    cipher: CredentialCipher

    @contextmanager
    def tenant_db(self, who: PortalUser) -> Iterator[tuple[Session, User]]:
        """A tenant-bound session and the current User row; commits when the block ends
        without error, rolls back otherwise. Raises SessionEnded when the login is stale."""
        session = tenant_session(self.session_factory, who.tenant_id)
        try:
            user = session.get(User, who.id)
            if (
                user is None
                or not user.is_active
                or user.auth_epoch != who.auth_epoch
                or user.role not in (Role.CUSTOMER_ADMIN, Role.CUSTOMER_USER)
            ):
                raise SessionEnded
            yield session, user
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def read(self, who: PortalUser, query: Callable[[Session], T]) -> T:
        """Run `query` in a fresh tenant session and return its (plain) result. Thread-safe:
        pages call it through `nicegui.run.io_bound`, so heavy reads leave the event loop free
        for other visitors."""
        with self.tenant_db(who) as (session, _user):
            return query(session)

    @contextmanager
    def anonymous_db(self) -> Iterator[Session]:
        """An unscoped session for the few public steps that precede knowing the tenant:
        log in, sign up, password reset, accepting an invitation. Keep these blocks short."""
        session = staff_session(self.session_factory)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
