"""Team invitations: an address with an account at another company is invited, listed and
withdrawn like any other, so the inviter learns nothing of it; only its owner is told, when
they follow the link. Links are single-use, renewed by inviting again, stopped by withdrawing."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from core.tokens import InvalidTokenError, TokenSigner
from models import OutboundEmail, Role, TeamInvitation, Tenant, User
from models.scoping import staff_session, tenant_session
from services import team
from services.errors import Conflict, ValidationFailed
from tests.factories import Factory


def _invite(db: Session, signer: TokenSigner, inviter: User, email: str, **kw: object) -> str:
    """Invites and returns the link's token from the e-mail."""
    team.invite(
        session=db,
        signer=signer,
        inviter=inviter,
        email=email,
        name=str(kw.get("name", "Hannes Holzer")),
        role=kw.get("role", Role.CUSTOMER_USER),  # type: ignore[arg-type]
        portal_url="http://portal",
    )
    db.flush()
    mail = db.scalars(
        select(OutboundEmail)
        .where(OutboundEmail.to_address == email.lower())
        .order_by(OutboundEmail.id.desc())
    ).first()
    assert mail is not None
    found = re.search(r"/invitation/(\S+)", mail.body_text)
    assert found, mail.body_text
    return found.group(1)


@pytest.fixture
def signer(settings: Settings) -> TokenSigner:
    return TokenSigner.from_settings(settings)


@pytest.fixture
def team_admin(
    make: Factory, tenant: Tenant, session_factory: sessionmaker[Session]
) -> Iterator[tuple[Session, User]]:
    """A session of the company's and its administrator, who invites."""
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
    with tenant_session(session_factory, tenant.id) as db:
        yield db, db.get_one(User, admin.id)


@pytest.fixture
def tenant(make: Factory) -> Tenant:
    return make.tenant(name="Tischlerei Holzer")


@pytest.fixture
def other_tenant(make: Factory) -> Tenant:
    return make.tenant(name="Konkurrenz GmbH")


def test_another_company_s_address_is_invited_like_any_other(
    team_admin: tuple[Session, User],
    make: Factory,
    other_tenant: Tenant,
    session_factory: sessionmaker[Session],
    signer: TokenSigner,
) -> None:
    stranger = make.user(other_tenant, email="anna@konkurrenz.example.at")
    db, inviter = team_admin
    token = _invite(db, signer, inviter, "Anna@Konkurrenz.example.at", name="Anna")
    fresh = _invite(db, signer, inviter, "neu@example.at", name="Neu")
    members = team.list_members(session=db, viewer=inviter)
    listed = {m.email: m for m in members if m.invited}
    # The two look the same to the inviter: listed, invited, no sign of the other account.
    assert set(listed) == {"anna@konkurrenz.example.at", "neu@example.at"}
    assert listed["anna@konkurrenz.example.at"].role is Role.CUSTOMER_USER
    assert stranger.id not in {m.id for m in members if not m.invited}
    db.commit()
    with staff_session(session_factory) as db:
        invitation = team.invitation_for(session=db, signer=signer, token=token)
        assert team.address_has_account(session=db, invitation=invitation)
        assert not team.address_has_account(
            session=db, invitation=team.invitation_for(session=db, signer=signer, token=fresh)
        )
        with pytest.raises(Conflict) as refused:
            team.accept_invitation(
                session=db, signer=signer, token=token, password="hobelbank-2026"
            )
        assert refused.value.message == team.ADDRESS_TAKEN
        owner = db.get(User, stranger.id)
        assert (owner.tenant_id, owner.password_hash) == (other_tenant.id, stranger.password_hash)


def test_accepting_makes_the_user_with_the_invitation_s_role_once(
    team_admin: tuple[Session, User],
    tenant: Tenant,
    session_factory: sessionmaker[Session],
    signer: TokenSigner,
) -> None:
    db, inviter = team_admin
    inviter.locale = "en-US"
    token = _invite(db, signer, inviter, "hannes@holzer.example.at")
    invitation = db.scalars(select(TeamInvitation)).one()
    team.change_invitation_role(
        session=db, actor=inviter, invitation_id=invitation.id, role=Role.CUSTOMER_ADMIN
    )
    db.commit()
    with staff_session(session_factory) as db:
        with pytest.raises(ValidationFailed):  # the password rules hold here too
            team.accept_invitation(session=db, signer=signer, token=token, password="kurz")
        user = team.accept_invitation(
            session=db, signer=signer, token=token, password="hobelbank-2026"
        )
        assert (user.tenant_id, user.role, user.locale) == (
            tenant.id,
            Role.CUSTOMER_ADMIN,
            "en-US",
        )
        assert db.scalars(select(TeamInvitation)).all() == []
        with pytest.raises(InvalidTokenError):  # single use
            team.invitation_for(session=db, signer=signer, token=token)


def test_inviting_again_renews_and_withdrawing_stops_the_link(
    team_admin: tuple[Session, User], signer: TokenSigner
) -> None:
    db, inviter = team_admin
    first = _invite(db, signer, inviter, "hannes@holzer.example.at", name="Hannes")
    again = _invite(db, signer, inviter, "hannes@holzer.example.at", name="Hannes Holzer")
    invitation = db.scalars(select(TeamInvitation)).one()  # one invitation, two links
    assert invitation.name == "Hannes Holzer"
    assert team.invitation_for(session=db, signer=signer, token=first) is invitation
    team.withdraw_invitation(session=db, actor=inviter, invitation_id=invitation.id)
    for token in (first, again):
        with pytest.raises(InvalidTokenError):
            team.invitation_for(session=db, signer=signer, token=token)
    with pytest.raises(team.NotFound):
        team.withdraw_invitation(session=db, actor=inviter, invitation_id=invitation.id)


def test_an_invited_administrator_does_not_count_as_the_one_that_stays(
    team_admin: tuple[Session, User], signer: TokenSigner
) -> None:
    db, inviter = team_admin
    _invite(db, signer, inviter, "chefin@example.at", role=Role.CUSTOMER_ADMIN)
    with pytest.raises(ValidationFailed):
        team.change_role(session=db, actor=inviter, user_id=inviter.id, role=Role.CUSTOMER_USER)


def test_another_company_s_invitation_cannot_be_changed_or_withdrawn(
    team_admin: tuple[Session, User], make: Factory, other_tenant: Tenant
) -> None:
    theirs = make.team_invitation(other_tenant)
    db, inviter = team_admin
    with pytest.raises(team.NotFound):
        team.withdraw_invitation(session=db, actor=inviter, invitation_id=theirs.id)
    with pytest.raises(team.NotFound):
        team.change_invitation_role(
            session=db, actor=inviter, invitation_id=theirs.id, role=Role.CUSTOMER_ADMIN
        )
