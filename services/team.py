"""A tenant's team: invitations by e-mail link, role changes, removal, ending sessions.

Only a customer_admin sees and changes the team (services.permissions, Action.TEAM). An invited
person is a user without a password until they follow the link and choose one; the link is
single-use the same way a password-reset link is (services.password_reset.fingerprint).
A tenant always keeps at least one active customer_admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.catalogue import N_
from core.tokens import InvalidTokenError, TokenSigner
from models import Role, Tenant, User
from services.accounts import NewAccount, create_customer_user, set_password
from services.api_tokens import revoke_tokens_of
from services.audit import record_audit
from services.email_outbox import queue_email
from services.email_texts import email_text
from services.errors import Conflict, NotFound, ValidationFailed
from services.password_reset import fingerprint
from services.permissions import Action, require
from services.permissions import NotAllowed as NotAllowed  # what every change here raises

INVITE_PURPOSE = "team-invitation"
INVITE_VALID_SECONDS = 7 * 24 * 60 * 60
BAD_INVITATION = N_("This invitation is not valid any more. Please ask for a new one.")


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    email: str
    role: Role
    invited: bool  # has not chosen a password yet
    last_login_at: datetime | None


def tenant_administrators(*, session: Session, tenant_id: int) -> list[User]:
    """The tenant's active administrators, oldest first: who hears about money matters."""
    return list(
        session.scalars(
            select(User)
            .where(
                User.tenant_id == tenant_id,
                User.role == Role.CUSTOMER_ADMIN,
                User.is_active.is_(True),
            )
            .order_by(User.id)
        ).all()
    )


def list_members(*, session: Session, viewer: User) -> list[Member]:
    require(viewer, Action.TEAM)
    users = session.scalars(
        select(User).where(User.is_active.is_(True)).order_by(User.name, User.id)
    )
    return [
        Member(u.id, u.name, u.email, u.role, u.password_hash is None, u.last_login_at)
        for u in users
    ]


def invite(
    *,
    session: Session,
    signer: TokenSigner,
    inviter: User,
    email: str,
    name: str,
    role: Role,
    portal_url: str,
) -> User:
    """Add the person without a password and e-mail them a link to choose one."""
    require(inviter, Action.TEAM)
    if role not in (Role.CUSTOMER_ADMIN, Role.CUSTOMER_USER):
        raise ValidationFailed({"role": N_("Please choose administrator or user.")})
    # A throwaway password only to pass the account rules; it is replaced by "no password".
    account = NewAccount(email=email, name=name, password="x" * 32)
    try:
        # Another tenant's user with this address is invisible here; the unique index
        # catches it, inside a savepoint so the rest of the transaction survives.
        with session.begin_nested():
            user = create_customer_user(
                session=session, tenant_id=inviter.customer_tenant_id, account=account, role=role
            )
    except IntegrityError:
        raise Conflict(N_("An account with this e-mail address already exists.")) from None
    user.password_hash = None
    user.locale = inviter.locale
    session.flush()
    tenant = session.get(Tenant, inviter.tenant_id)
    token = signer.sign(INVITE_PURPOSE, {"u": user.id, "f": fingerprint(user)})
    company = tenant.name if tenant else ""
    link = f"{portal_url}/invitation/{token}"
    queue_email(
        session=session,
        to=user.email,
        tenant_id=user.tenant_id,
        subject=email_text("invitation_subject", inviter.locale, company=company),
        body=email_text(
            "invitation_body",
            inviter.locale,
            name=user.name,
            inviter=inviter.name,
            company=company,
            link=link,
        ),
    )
    _audit(session, inviter, "user.invited", user, after={"email": user.email, "role": role.value})
    return user


def invited_user(*, session: Session, signer: TokenSigner, token: str) -> User:
    """The invited user for this link, or InvalidTokenError (expired, forged, or used)."""
    try:
        payload = signer.verify(INVITE_PURPOSE, token, max_age_seconds=INVITE_VALID_SECONDS)
    except InvalidTokenError:
        raise InvalidTokenError(BAD_INVITATION) from None
    user = session.get(User, int(payload.get("u", 0))) if isinstance(payload, dict) else None
    if (
        user is None
        or not user.is_active
        or user.password_hash is not None
        or payload.get("f") != fingerprint(user)
    ):
        raise InvalidTokenError(BAD_INVITATION)
    return user


def accept_invitation(*, session: Session, signer: TokenSigner, token: str, password: str) -> User:
    user = invited_user(session=session, signer=signer, token=token)
    set_password(session=session, user=user, password=password)
    return user


def change_role(*, session: Session, actor: User, user_id: int, role: Role) -> User:
    """A new role ends the person's sessions, so it takes effect at once."""
    require(actor, Action.TEAM)
    if role not in (Role.CUSTOMER_ADMIN, Role.CUSTOMER_USER):
        raise ValidationFailed({"role": N_("Please choose administrator or user.")})
    user = _member(session, user_id)
    if user.role is role:
        return user
    if user.role is Role.CUSTOMER_ADMIN:
        _keep_one_admin(session, leaving=user)
    before = user.role.value
    user.role = role
    user.auth_epoch += 1
    session.flush()
    _audit(
        session,
        actor,
        "user.role_changed",
        user,
        before={"role": before},
        after={"role": role.value},
    )
    return user


def remove_member(*, session: Session, actor: User, user_id: int) -> None:
    require(actor, Action.TEAM)
    user = _member(session, user_id)
    if user.id == actor.id:
        raise ValidationFailed({"user": N_("You cannot remove yourself.")})
    if user.role is Role.CUSTOMER_ADMIN:
        _keep_one_admin(session, leaving=user)
    _audit(
        session, actor, "user.removed", user, before={"email": user.email, "role": user.role.value}
    )
    # Their tokens stop at once anyway (a token needs a live creator, services.api_tokens);
    # revoking them also takes them off the list and says so in the audit log.
    revoke_tokens_of(session=session, creator=user, actor=actor)
    session.delete(user)
    session.flush()


def end_all_sessions(*, session: Session, user: User) -> None:
    """ "Log out everywhere": every session made before this moment ends."""
    user.auth_epoch += 1
    session.flush()


def _member(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.tenant_id is None:
        raise NotFound(N_("This person is not on your team."))
    return user


def _keep_one_admin(session: Session, *, leaving: User) -> None:
    admins = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.CUSTOMER_ADMIN, User.is_active.is_(True), User.id != leaving.id)
    )
    if not admins:
        raise ValidationFailed({"role": N_("Your account needs at least one administrator.")})


def _audit(
    session: Session,
    actor: User,
    action: str,
    user: User,
    *,
    before: dict[str, str] | None = None,
    after: dict[str, str] | None = None,
) -> None:
    record_audit(
        session=session,
        actor=actor,
        action=action,
        entity_type=N_("User"),
        entity_id=user.id,
        tenant_id=user.tenant_id,
        before=before,
        after=after,
    )
