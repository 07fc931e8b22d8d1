"""Logging in and out, signing up, the auth middleware, throttling, ending sessions."""

from __future__ import annotations

import re

import pytest
import redis
from nicegui import ui
from nicegui.testing import User
from sqlalchemy import select
from sqlalchemy.orm import Session

from customer_ui.auth import safe_redirect_target
from models import OutboundEmail, Role, Tenant
from models import User as Account
from services.login_throttle import MAX_FAILURES
from services.password_reset import REQUESTS_PER_EMAIL
from tests.customer_ui.conftest import WAIT, LoginAs, log_in
from tests.factories import Factory


@pytest.mark.parametrize(
    "path",
    ["/", "/bots", "/bots/new", "/calls", "/usage", "/billing", "/support", "/team", "/settings"],
)
async def test_every_page_sends_anonymous_visitors_to_the_login(user: User, path: str) -> None:
    await user.open(path)
    await user.should_see("Forgot your password?")
    await user.should_not_see("Minutes this month")


async def test_login_remembers_where_the_visitor_wanted_to_go(
    user: User, make: Factory, tenant: Tenant
) -> None:
    account = make.user(tenant, role=Role.CUSTOMER_USER, locale="en-US")
    await user.open("/support")
    user.find("E-mail").type(account.email)
    user.find("Password").type(make.password)
    user.find(kind=ui.button, content="Log in").click()
    await user.should_see("New ticket", retries=WAIT)


async def test_wrong_password_says_so_without_revealing_the_account(
    user: User, make: Factory, tenant: Tenant
) -> None:
    account = make.user(tenant, locale="en-US")
    await log_in(user, account.email, "not the password")
    await user.should_see("E-mail address or password is wrong.", retries=WAIT)
    await log_in(user, "nobody@example.at", "not the password")
    await user.should_see("E-mail address or password is wrong.", retries=WAIT)


async def test_staff_cannot_log_in_to_the_portal(user: User, make: Factory) -> None:
    staff = make.user(None, role=Role.SUPPORT)
    await log_in(user, staff.email, make.password)
    await user.should_see("This is a staff account. Please use the back office.", retries=WAIT)


async def test_repeated_failures_lock_the_account_out(
    user: User, make: Factory, tenant: Tenant, redis_client: redis.Redis
) -> None:
    account = make.user(tenant, locale="en-US")
    for _ in range(MAX_FAILURES):
        await log_in(user, account.email, "wrong wrong wrong")
        await user.should_see("E-mail address or password is wrong.", retries=WAIT)
    await log_in(user, account.email, make.password)  # the right password, too late
    await user.should_see("Too many failed attempts", retries=WAIT)
    await user.should_not_see("Minutes this month")


async def sign_up(user: User, company: str, name: str, email: str) -> None:
    await user.open("/signup")
    user.find("Company").type(company)
    user.find("Your name").type(name)
    user.find("E-mail").type(email)
    user.find(kind=ui.checkbox).click()  # the terms and the privacy policy
    user.find(kind=ui.button, content="Create account").click()


def mails_to(staff_db: Session, address: str) -> list[OutboundEmail]:
    return list(
        staff_db.scalars(select(OutboundEmail).where(OutboundEmail.to_address == address)).all()
    )


async def test_sign_up_by_e_mail_creates_the_company_and_its_administrator(
    user: User, staff_db: Session
) -> None:
    await sign_up(user, "Bäckerei Brandl", "Berta Brandl", "Berta@Brandl.example.at")
    await user.should_see("Please check your inbox")
    assert staff_db.scalars(select(Tenant).where(Tenant.name == "Bäckerei Brandl")).first() is None
    [mail] = mails_to(staff_db, "berta@brandl.example.at")
    link = re.search(r"/signup/(\S+)", mail.body_text).group(0)

    await user.open(link)
    await user.should_see("Hello Berta Brandl, please choose your password.")
    user.find(kind=ui.input, content="New password").type("knusprige-semmel")
    user.find(kind=ui.input, content="Repeat the password").type("knusprige-semmel")
    user.find(kind=ui.button, content="Save password and log in").click()
    await user.should_see("Minutes this month", retries=WAIT)
    account = staff_db.scalars(
        select(Account).where(Account.email == "berta@brandl.example.at")
    ).one()
    assert account.role is Role.CUSTOMER_ADMIN
    assert account.tenant.name == "Bäckerei Brandl"
    await user.open(link)  # spent
    await user.should_see("This sign-up link is not valid any more.")


async def test_sign_up_does_not_reveal_a_registered_address(
    user: User, make: Factory, tenant: Tenant, staff_db: Session
) -> None:
    """Issue 10: sign-up said "An account with this e-mail address already exists"."""
    taken = make.user(tenant, locale="en-US")
    await sign_up(user, "Bäckerei Brandl", "Berta Brandl", taken.email)
    await user.should_see("Please check your inbox")  # the answer a new address gets
    await user.should_not_see("already exists")
    assert staff_db.scalars(select(Tenant).where(Tenant.name == "Bäckerei Brandl")).first() is None
    [mail] = mails_to(staff_db, taken.email)  # the owner learns of it, by e-mail
    assert mail.subject == "You already have a VoiceAgent account"
    assert "/signup/" not in mail.body_text and "/forgot-password" in mail.body_text


async def test_sign_up_shows_errors_at_their_fields_and_saves_nothing(
    user: User, staff_db: Session
) -> None:
    await sign_up(user, "Bäckerei Brandl", " ", "not-an-address")
    await user.should_see("Please enter a valid e-mail address.")
    await user.should_see("Please enter a name.")
    await user.should_not_see("Please check your inbox")
    assert mails_to(staff_db, "not-an-address") == []


async def test_log_out_ends_the_session(login_as: LoginAs, user: User) -> None:
    await login_as()
    user.find(marker="logout").click()
    await user.should_see("Forgot your password?", retries=WAIT)
    await user.open("/bots")
    await user.should_see("Forgot your password?")


async def test_a_bumped_auth_epoch_ends_open_sessions(
    login_as: LoginAs, user: User, staff_db: Session
) -> None:
    account = await login_as()
    # What a password change or "log out everywhere" in another browser does.
    staff_db.get(Account, account.id).auth_epoch += 1
    staff_db.flush()
    await user.open("/bots")
    await user.should_see("Forgot your password?")


async def test_log_out_everywhere(login_as: LoginAs, user: User, staff_db: Session) -> None:
    account = await login_as()
    epoch = account.auth_epoch
    await user.open("/settings")
    user.find(kind=ui.button, content="Log out everywhere").click()
    await user.should_see("Forgot your password?", retries=WAIT)
    staff_db.expire_all()
    assert staff_db.get(Account, account.id).auth_epoch == epoch + 1


async def test_a_deactivated_account_is_let_go(
    login_as: LoginAs, user: User, staff_db: Session
) -> None:
    account = await login_as()
    staff_db.get(Account, account.id).is_active = False
    staff_db.flush()
    await user.open("/")
    await user.should_see("Forgot your password?")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/calls?page=2", "/calls?page=2"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("", "/"),
    ],
)
def test_redirect_targets_stay_on_the_site(target: str, expected: str) -> None:
    assert safe_redirect_target(target) == expected


@pytest.mark.parametrize(
    ("label", "bad", "message"),
    [
        ("Company", "Bäckerei\x00Brandl", "Please remove the invisible control characters"),
        ("Company", "Bäckerei \ud83dBrandl", "This text contains a broken character."),
        ("Company", "B" * 2_000_000, "This text is too long."),
        ("Your name", "Berta\x00", "Please remove the invisible control characters"),
        ("E-mail", "berta\x00@brandl.example.at", "Please remove the invisible control"),
    ],
)
async def test_sign_up_names_the_field_with_unstorable_text_and_saves_nothing(
    user: User, staff_db: Session, label: str, bad: str, message: str
) -> None:
    values = {
        "Company": "Bäckerei Brandl",
        "Your name": "Berta Brandl",
        "E-mail": "berta@brandl.example.at",
    }
    values[label] = bad
    await sign_up(user, values["Company"], values["Your name"], values["E-mail"])
    await user.should_see(message)
    await user.should_not_see("Das hat leider nicht geklappt")
    await user.should_not_see("Please check your inbox")
    field_errors = [e for e in user.find(label).elements if getattr(e, "error", None)]
    assert field_errors, f"no error under {label}"
    assert staff_db.scalars(select(OutboundEmail)).first() is None


async def test_forgot_password_ten_times_queues_only_a_few_e_mails(
    user: User, make: Factory, tenant: Tenant, staff_db: Session
) -> None:
    account = make.user(tenant, locale="en-US")
    for _ in range(10):
        await user.open("/forgot-password")
        user.find(kind=ui.input, content="E-mail").type(account.email)
        user.find(kind=ui.button, content="Send link").click()
        await user.should_see("If an account exists for this address")
    mails = staff_db.scalars(
        select(OutboundEmail).where(OutboundEmail.to_address == account.email)
    ).all()
    assert len(mails) == REQUESTS_PER_EMAIL
