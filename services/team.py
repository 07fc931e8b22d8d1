"""A tenant's team: invitations by e-mail link, role changes, removal, ending sessions.

Only a customer_admin sees and changes the team (services.permissions, Action.TEAM).

An invitation (models.TeamInvitation) is not a user yet: the person becomes one when they
follow the link and choose a password. Whether the address has an account with another
company already is never shown to the inviter — the invitation is sent, listed and withdrawn
the same way for every address — because that would tell one company about another's
people. Only the address's owner learns it, on the link's page, which asks them to log in or
to have another address of theirs invited (one address logs in to one company). Inviting an
address again sends a fresh link for the same invitation; the link works for seven days and
once. A tenant always keeps at least one active customer_admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.catalogue import N_
from core.tokens import InvalidTokenError, TokenSigner
from models import CUSTOMER_ROLES, Role, TeamInvitation, Tenant, User
from services.accounts import (
    NewAccount,
    create_customer_user,
    email_taken,
    identity_errors,
    normalize_email,
)
from services.api_tokens import revoke_tokens_of
from services.audit import record_audit
from services.email_outbox import queue_email
from services.email_texts import email_text
from services.errors import Conflict, NotFound, ValidationFailed
from services.permissions import Action, require
from services.permissions import NotAllowed as NotAllowed  # what every change here raises

INVITE_PURPOSE = "team-invitation"
INVITE_VALID_SECONDS = 7 * 24 * 60 * 60
BAD_INVITATION = N_("This invitation is not valid any more. Please ask for a new one.")
ADDRESS_TAKEN = N_(
    "This e-mail address already has a VoiceAgent account, and an address can belong to one "
    "company only. Please log in with it, or ask whoever invited you to invite another "
    "address of yours."
)


@dataclass(frozen=True)
class Member:
    id: int  # the user's, or the invitation's when `invited`
    name: str
    email: str
    role: Role
    invited: bool  # an invitation nobody has accepted yet
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
    """The people on the team by name, then the open invitations by name."""
    require(viewer, Action.TEAM)
    users = session.scalars(
        select(User).where(User.is_active.is_(True)).order_by(User.name, User.id)
    )
    invitations = session.scalars(
        select(TeamInvitation).order_by(TeamInvitation.name, TeamInvitation.id)
    )
    return [Member(u.id, u.name, u.email, u.role, False, u.last_login_at) for u in users] + [
        Member(i.id, i.name, i.email, i.role, True, None) for i in invitations
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
) -> TeamInvitation:
    """Invite the person (again, with a fresh link, if they were invited before) by e-mail."""
    require(inviter, Action.TEAM)
    _check_customer_role(role)
    errors = identity_errors(email=email, name=name)
    if errors:
        raise ValidationFailed(errors)
    email = normalize_email(email)
    # The tenant session sees this team only: another company's people stay invisible.
    if email_taken(session, email):
        raise Conflict(N_("This person is on your team already."))
    invitation = session.scalars(
        select(TeamInvitation).where(TeamInvitation.email == email)
    ).first() or TeamInvitation(email=email, invited_by_id=inviter.id)
    invitation.name, invitation.role, invitation.locale = name.strip(), role, inviter.locale
    session.add(invitation)
    session.flush()
    tenant = session.get(Tenant, inviter.tenant_id)
    company = tenant.name if tenant else ""
    token = signer.sign(INVITE_PURPOSE, {"i": invitation.id})
    queue_email(
        session=session,
        to=email,
        tenant_id=invitation.tenant_id,
        subject=email_text("invitation_subject", inviter.locale, company=company),
        body=email_text(
            "invitation_body",
            inviter.locale,
            name=invitation.name,
            inviter=inviter.name,
            company=company,
            link=f"{portal_url}/invitation/{token}",
        ),
    )
    _audit(session, inviter, "user.invited", invitation, after={"email": email, "role": role.value})
    return invitation


def invitation_for(*, session: Session, signer: TokenSigner, token: str) -> TeamInvitation:
    """The invitation this link is for, or InvalidTokenError (expired, forged, used or
    withdrawn). Needs a staff session: nobody is logged in on the link's page."""
    try:
        payload = signer.verify(INVITE_PURPOSE, token, max_age_seconds=INVITE_VALID_SECONDS)
    except InvalidTokenError:
        raise InvalidTokenError(BAD_INVITATION) from None
    invitation_id = payload.get("i") if isinstance(payload, dict) else None
    invitation = session.get(TeamInvitation, invitation_id) if type(invitation_id) is int else None
    if invitation is None:
        raise InvalidTokenError(BAD_INVITATION)
    return invitation


def address_has_account(*, session: Session, invitation: TeamInvitation) -> bool:
    """Whether the invited address logs in already (to this or another company): then the
    invitation cannot be accepted, and the link's page says why (ADDRESS_TAKEN)."""
    return email_taken(session, invitation.email)


def accept_invitation(*, session: Session, signer: TokenSigner, token: str, password: str) -> User:
    """The new user, with this password, in the inviting company; the invitation is spent.
    ValidationFailed for a password that breaks the rules, Conflict(ADDRESS_TAKEN) when the
    address has an account already."""
    invitation = invitation_for(session=session, signer=signer, token=token)
    account = NewAccount(email=invitation.email, name=invitation.name, password=password)
    try:
        user = create_customer_user(
            session=session, tenant_id=invitation.tenant_id, account=account, role=invitation.role
        )
    except Conflict:
        raise Conflict(ADDRESS_TAKEN) from None
    user.locale = invitation.locale
    session.delete(invitation)
    session.flush()
    return user


def change_invitation_role(
    *, session: Session, actor: User, invitation_id: int, role: Role
) -> TeamInvitation:
    """The role the person will have once they accept."""
    require(actor, Action.TEAM)
    _check_customer_role(role)
    invitation = _invitation(session, invitation_id)
    invitation.role = role
    session.flush()
    return invitation


def withdraw_invitation(*, session: Session, actor: User, invitation_id: int) -> None:
    """The link stops working at once."""
    require(actor, Action.TEAM)
    invitation = _invitation(session, invitation_id)
    before = {"email": invitation.email, "role": invitation.role.value}
    _audit(session, actor, "user.invitation_withdrawn", invitation, before=before)
    session.delete(invitation)
    session.flush()


def change_role(*, session: Session, actor: User, user_id: int, role: Role) -> User:
    """A new role ends the person's sessions, so it takes effect at once."""
    require(actor, Action.TEAM)
    _check_customer_role(role)
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


def _check_customer_role(role: Role) -> None:
    if role not in CUSTOMER_ROLES:
        raise ValidationFailed({"role": N_("Please choose administrator or user.")})


def _invitation(session: Session, invitation_id: int) -> TeamInvitation:
    invitation = session.get(TeamInvitation, invitation_id)
    if invitation is None:
        raise NotFound(N_("This invitation has been withdrawn."))
    return invitation


def _keep_one_admin(session: Session, *, leaving: User) -> None:
    admins = session.scalar(
        select(func.count())
        .select_from(User)
        .where(
            User.role == Role.CUSTOMER_ADMIN,
            User.is_active.is_(True),
            User.password_hash.is_not(None),  # one who can log in
            User.id != leaving.id,
        )
    )
    if not admins:
        raise ValidationFailed({"role": N_("Your account needs at least one administrator.")})


def _audit(
    session: Session,
    actor: User,
    action: str,
    row: User | TeamInvitation,
    *,
    before: dict[str, str] | None = None,
    after: dict[str, str] | None = None,
) -> None:
    record_audit(
        session=session,
        actor=actor,
        action=action,
        entity_type=N_("Invitation") if isinstance(row, TeamInvitation) else N_("User"),
        entity_id=row.id,
        tenant_id=row.tenant_id,
        before=before,
        after=after,
    )
