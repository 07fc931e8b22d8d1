"""Which back-office session is still valid, and how to end them all.

A session carries `"<user id>:<auth epoch>"`. Bumping the user's epoch (password change, role
change, deactivation, "log out everywhere") makes every id issued before it worthless, in
every process, without a server-side session store.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from core.catalogue import N_
from models import User
from services.audit import record_audit


def session_token(user: User) -> str:
    return f"{user.id}:{user.auth_epoch}"


def staff_user_for_token(*, session: Session, token: str) -> User | None:
    """The staff member a session id stands for, or None when it is stale, disabled,
    malformed, or belongs to a customer (customers never hold a back-office session)."""
    user_id, _, epoch = token.partition(":")
    if not (user_id.isdigit() and epoch.isdigit()):
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.is_active or not user.is_staff:
        return None
    return user if user.auth_epoch == int(epoch) else None


def end_all_sessions(
    *, session: Session, user: User, actor: User | None, ip_address: str | None = None
) -> None:
    """Log `user` out everywhere; the caller logs the current browser in again if it should."""
    user.auth_epoch += 1
    record_audit(
        session=session,
        actor=actor,
        action="user.sessions_ended",
        entity_type=N_("User"),
        entity_id=user.id,
        tenant_id=user.tenant_id,
        ip_address=ip_address,
    )
    session.flush()
