"""Support tickets, usage CSV, team invitations, password reset and settings, end to end
through the pages (and the services behind them where a page cannot show the rule)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from nicegui import ui
from nicegui.testing import User
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.encryption import CredentialCipher
from core.settings import Settings
from core.tokens import InvalidTokenError, TokenSigner
from models import (
    ApiKey,
    OutboundEmail,
    PricePlan,
    Role,
    SupportTicket,
    Tenant,
    TicketStatus,
    UsageKind,
)
from models import User as Account
from models.scoping import staff_session, tenant_session
from services import password_reset, team
from services.accounts import authenticate
from services.errors import ValidationFailed
from services.plan_terms import assign_plan
from services.team import NotAllowed
from services.usage_reports import seconds_by_day, usage_breakdown, usage_csv
from tests.customer_ui.conftest import WAIT, LoginAs
from tests.factories import Factory


async def test_open_a_ticket_reply_and_close(
    login_as: LoginAs, user: User, make: Factory, staff_db: Session, tenant: Tenant
) -> None:
    await login_as(Role.CUSTOMER_USER)
    await user.open("/support")
    user.find(kind=ui.input, content="Subject").type("Bot sagt falsche Zeiten")
    user.find(kind=ui.textarea, content="Message").type("Am Samstag haben wir zu.")
    user.find(kind=ui.button, content="Send ticket").click()
    await user.should_see("Your reply", retries=WAIT)  # the new ticket's page
    await user.should_see("Am Samstag haben wir zu.")
    ticket = staff_db.scalars(
        select(SupportTicket).where(SupportTicket.tenant_id == tenant.id)
    ).one()

    # Staff answer, and leave a note the customer must never see.
    staff = make.user(None, role=Role.SUPPORT)
    make.ticket_message(tenant, ticket, author_id=staff.id, body="Wir korrigieren das heute.")
    make.ticket_message(
        tenant, ticket, author_id=staff.id, body="Kunde ist ungeduldig", is_internal=True
    )
    await user.open(f"/support/{ticket.id}")
    await user.should_see("Wir korrigieren das heute.")
    await user.should_see("VoiceAgent support")
    await user.should_not_see("Kunde ist ungeduldig")

    user.find(kind=ui.textarea, content="Your reply").type("Danke!")
    user.find(kind=ui.button, content="Send reply").click()
    await user.should_see("Danke!", retries=WAIT)
    user.find(kind=ui.button, content="Close ticket").click()
    await user.should_see("This ticket is closed.", retries=WAIT)
    staff_db.expire_all()
    assert staff_db.get(SupportTicket, ticket.id).status is TicketStatus.CLOSED


async def test_a_ticket_needs_a_subject_and_a_message(
    login_as: LoginAs, user: User, staff_db: Session, tenant: Tenant
) -> None:
    await login_as()
    await user.open("/support")
    user.find(kind=ui.button, content="Send ticket").click()
    await user.should_see("Please enter a subject.")
    await user.should_see("Please write a message.")
    assert (
        staff_db.scalars(select(SupportTicket).where(SupportTicket.tenant_id == tenant.id)).first()
        is None
    )


@pytest.fixture
def priced_tenant(make: Factory, tenant: Tenant, staff_db: Session) -> Tenant:
    plan = PricePlan(
        code="test-plan",
        name="Test",
        monthly_fee_cents=2900,
        included_minutes=10,
        per_minute_cents=12,
    )
    staff_db.add(plan)
    staff_db.flush()
    assign_plan(session=staff_db, tenant=tenant, plan=plan, at=tenant.created_at)
    staff_db.flush()
    return tenant


def test_usage_by_day_and_bot_with_cost(
    make: Factory, priced_tenant: Tenant, session_factory: sessionmaker[Session]
) -> None:
    bot = make.bot(priced_tenant, name="Empfang")
    other = make.tenant()
    for day, seconds in ((3, 90), (3, 30), (5, 600)):
        make.usage_event(
            priced_tenant,
            bot_id=bot.id,
            quantity=seconds,
            occurred_at=datetime(2026, 11, day, 10, tzinfo=UTC),
        )
    make.usage_event(other, quantity=9999, occurred_at=datetime(2026, 11, 3, 10, tzinfo=UTC))
    make.usage_event(
        priced_tenant,
        kind=UsageKind.TTS_CHARACTERS,
        quantity=500,
        occurred_at=datetime(2026, 11, 3, 10, tzinfo=UTC),
    )
    with tenant_session(session_factory, priced_tenant.id) as db:
        days = seconds_by_day(session=db, first=date(2026, 11, 1), last=date(2026, 11, 30))
        assert [(d.day.day, d.seconds) for d in days if d.seconds] == [(3, 120), (5, 600)]
        assert len(days) == 30
        breakdown = usage_breakdown(session=db, first=date(2026, 11, 1), last=date(2026, 11, 30))
        assert (breakdown.by_day[2].seconds, breakdown.by_day[2].cost_cents) == (120, 24)  # 2 min
        assert (breakdown.by_day[4].seconds, breakdown.by_day[4].cost_cents) == (600, 120)
        [row] = breakdown.by_bot
        assert (row.bot_name, row.seconds, row.cost_cents) == ("Empfang", 720, 144)
        csv_text = usage_csv(session=db, first=date(2026, 11, 1), last=date(2026, 11, 30))
    assert csv_text.splitlines() == [
        "date,bot,seconds,minutes,cost_eur",
        "2026-11-03,Empfang,120,2.0,0.24",
        "2026-11-05,Empfang,600,10.0,1.20",
    ]


def test_usage_period_rules(
    make: Factory, tenant: Tenant, session_factory: sessionmaker[Session]
) -> None:
    with tenant_session(session_factory, tenant.id) as db, pytest.raises(ValidationFailed):
        seconds_by_day(session=db, first=date(2026, 11, 5), last=date(2026, 11, 1))


async def test_usage_page_downloads_csv(
    login_as: LoginAs, user: User, make: Factory, priced_tenant: Tenant
) -> None:
    bot = make.bot(priced_tenant, name="Empfang")
    make.usage_event(priced_tenant, bot_id=bot.id, quantity=120, occurred_at=datetime.now(UTC))
    await login_as()
    await user.open("/usage")
    await user.should_see("By bot")
    rows = [row for table in user.find(kind=ui.table).elements for row in table.rows]
    assert {"key": "Empfang", "minutes": "2.0", "cost": "€\xa00.24"} in rows
    user.find(kind=ui.button, content="Download CSV").click()
    response = await user.download.next()
    assert response.text.startswith("date,bot,seconds,minutes,cost_eur\n")
    assert ",Empfang,120,2.0,0.24" in response.text


async def test_invite_and_accept(
    login_as: LoginAs, user: User, staff_db: Session, tenant: Tenant
) -> None:
    await login_as()
    link = await _invite_and_log_out(user, staff_db, "Hannes Holzer", "hannes@holzer.example.at")
    await user.open(link)
    await user.should_see("Hello Hannes Holzer")
    user.find(kind=ui.input, content="New password").type("hobelbank-2026")
    user.find(kind=ui.input, content="Repeat the password").type("hobelbank-2026")
    user.find(kind=ui.button, content="Save password and log in").click()
    await user.should_see("Minutes this month", retries=WAIT)
    await user.open(link)  # single use
    await user.should_see("This invitation is not valid any more.")


async def test_an_invitation_to_another_company_s_address_tells_only_its_owner(
    login_as: LoginAs,
    user: User,
    make: Factory,
    staff_db: Session,
    other_tenant: Tenant,
) -> None:
    """The QA pass: inviting an address of another company's account said "An account with
    this e-mail address already exists" — telling one company who works at another."""
    make.user(other_tenant, email="anna@konkurrenz.example.at")
    await login_as()
    link = await _invite_and_log_out(user, staff_db, "Anna Berger", "anna@konkurrenz.example.at")
    await user.open(link)
    await user.should_see("This e-mail address already has a VoiceAgent account")
    await user.should_not_see("New password")


async def _invite_and_log_out(user: User, staff_db: Session, name: str, email: str) -> str:
    """Invites the person on the team page, sees them listed as any invited person is (never
    a word of an account elsewhere), logs out; returns the e-mailed link's path."""
    await user.open("/team")
    user.find(kind=ui.input, content="Name").type(name)
    user.find(kind=ui.input, content="E-mail").type(email)
    user.find(kind=ui.button, content="Send invitation").click()
    await user.should_see(f"{email} · invited, has not logged in yet", retries=WAIT)
    await user.should_not_see("already")
    mail = staff_db.scalars(select(OutboundEmail).where(OutboundEmail.to_address == email)).one()
    link = re.search(r"http://[^/\s]+(/invitation/\S+)", mail.body_text)
    assert link, mail.body_text
    user.find(marker="logout").click()
    await user.should_see("Forgot your password?", retries=WAIT)
    return link.group(1)


def test_team_rules(
    make: Factory,
    tenant: Tenant,
    other_tenant: Tenant,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    signer = TokenSigner.from_settings(settings)
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
    member = make.user(tenant, role=Role.CUSTOMER_USER)
    stranger = make.user(other_tenant, role=Role.CUSTOMER_ADMIN)
    with tenant_session(session_factory, tenant.id) as db:
        admin_row, member_row = db.get(Account, admin.id), db.get(Account, member.id)
        with pytest.raises(NotAllowed):
            team.invite(
                session=db,
                signer=signer,
                inviter=member_row,
                email="x@y.at",
                name="X",
                role=Role.CUSTOMER_USER,
                portal_url="http://portal",
            )
        with pytest.raises(NotAllowed):
            team.change_role(
                session=db, actor=member_row, user_id=admin.id, role=Role.CUSTOMER_USER
            )
        with pytest.raises(ValidationFailed):  # the last administrator stays
            team.change_role(session=db, actor=admin_row, user_id=admin.id, role=Role.CUSTOMER_USER)
        with pytest.raises(team.Conflict):  # on the team already
            team.invite(
                session=db,
                signer=signer,
                inviter=admin_row,
                email=member.email,
                name="M",
                role=Role.CUSTOMER_USER,
                portal_url="http://portal",
            )
        with pytest.raises(team.NotFound):
            team.remove_member(session=db, actor=admin_row, user_id=stranger.id)
        epoch = member_row.auth_epoch
        team.change_role(session=db, actor=admin_row, user_id=member.id, role=Role.CUSTOMER_ADMIN)
        assert (member_row.role, member_row.auth_epoch) == (Role.CUSTOMER_ADMIN, epoch + 1)
        team.remove_member(session=db, actor=admin_row, user_id=member.id)
        assert db.get(Account, member.id) is None


async def test_password_reset_by_e_mail(
    user: User, make: Factory, tenant: Tenant, staff_db: Session
) -> None:
    account = make.user(tenant, locale="en-US")
    await user.open("/forgot-password")
    user.find(kind=ui.input, content="E-mail").type(account.email)
    user.find(kind=ui.button, content="Send link").click()
    await user.should_see("If an account exists for this address")
    await user.open("/forgot-password")
    user.find(kind=ui.input, content="E-mail").type("nobody@example.at")
    user.find(kind=ui.button, content="Send link").click()
    await user.should_see("If an account exists for this address")  # the same answer
    [mail] = staff_db.scalars(
        select(OutboundEmail).where(OutboundEmail.subject.contains("password"))
    ).all()
    assert mail.to_address == account.email
    token = re.search(r"/reset-password/(\S+)", mail.body_text).group(1)

    await user.open(f"/reset-password/{token}")
    user.find(kind=ui.input, content="New password").type("frisch-gehobelt-1")
    user.find(kind=ui.input, content="Repeat the password").type("frisch-gehobelt-1")
    user.find(kind=ui.button, content="Save password").click()
    await user.should_see("Minutes this month", retries=WAIT)
    await user.open(f"/reset-password/{token}")
    await user.should_see("This link is not valid any more.")
    staff_db.expire_all()
    assert authenticate(session=staff_db, email=account.email, password="frisch-gehobelt-1")


def test_reset_links_expire_and_cannot_be_forged(
    make: Factory, tenant: Tenant, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    signer = TokenSigner.from_settings(settings)
    account = make.user(tenant)
    with staff_session(session_factory) as db:
        good = signer.sign(
            password_reset.PURPOSE, {"u": account.id, "f": password_reset.fingerprint(account)}
        )
        assert password_reset.user_for_token(session=db, signer=signer, token=good).id == account.id
        forged = TokenSigner("another-secret").sign(
            password_reset.PURPOSE, {"u": account.id, "f": "x"}
        )
        with pytest.raises(InvalidTokenError):
            password_reset.user_for_token(session=db, signer=signer, token=forged)
        invitation = signer.sign(
            team.INVITE_PURPOSE, {"u": account.id, "f": password_reset.fingerprint(account)}
        )
        with pytest.raises(InvalidTokenError):  # made for another purpose
            password_reset.user_for_token(session=db, signer=signer, token=invitation)
        with pytest.raises(InvalidTokenError):
            signer.verify(password_reset.PURPOSE, good, max_age_seconds=-1)


async def test_credentials_are_stored_encrypted_and_shown_masked(
    login_as: LoginAs, user: User, staff_db: Session, tenant: Tenant, settings: Settings
) -> None:
    await login_as()
    await user.open("/settings")
    user.find(kind=ui.input, content="Key").type("sk-tenant-own-key-1234567890WXYZ")
    user.find(kind=ui.button, content="Save key").click()
    await user.should_see("WXYZ", retries=WAIT)
    await user.should_not_see("sk-tenant-own-key")
    row = staff_db.scalars(select(ApiKey).where(ApiKey.tenant_id == tenant.id)).one()
    assert "sk-tenant-own-key" not in row.encrypted_value
    assert CredentialCipher.from_settings(settings).decrypt(row.encrypted_value).endswith("WXYZ")

    user.find(marker="delete-key").click()  # asks first
    await user.should_see("Delete this key?", retries=WAIT)
    user.find(marker="confirm").click()
    await user.should_see("Key deleted.", retries=WAIT)
    assert staff_db.scalars(select(ApiKey).where(ApiKey.tenant_id == tenant.id)).all() == []


async def test_removing_someone_from_the_team_asks_first(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant, staff_db: Session
) -> None:
    """The QA pass: one click on the icon beside a person removed them at once."""
    member = make.user(tenant, name="Lena Pichler")
    await login_as()
    await user.open("/team")
    user.find(marker="remove").click()
    await user.should_see("Remove Lena Pichler from the team? They can no longer log in.")
    user.find(kind=ui.button, content="Cancel").click()
    staff_db.expire_all()
    assert staff_db.get(Account, member.id) is not None
    user.find(marker="remove").click()
    user.find(marker="confirm").click()
    await user.should_see("Removed from the team.", retries=WAIT)
    assert staff_db.scalar(select(Account.id).where(Account.id == member.id)) is None


async def test_change_password_keeps_this_session(
    login_as: LoginAs, user: User, make: Factory
) -> None:
    await login_as()
    await user.open("/settings")
    user.find(kind=ui.input, content="Current password").type(make.password)
    user.find(kind=ui.input, content="New password").type("ein-neues-passwort")
    user.find(kind=ui.button, content="Change password").click()
    await user.should_see("Password changed.", retries=WAIT)
    await user.open("/bots")
    await user.should_see("New bot")
