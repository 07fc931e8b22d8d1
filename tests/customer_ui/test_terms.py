"""The sign-up form's terms checkbox, and the public terms and privacy pages."""

from __future__ import annotations

import re

import pytest
from nicegui import ui
from nicegui.testing import User
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import OutboundEmail
from models import User as Account
from services.legal_documents import PRIVACY_VERSION, TERMS_VERSION
from tests.customer_ui.conftest import WAIT


async def fill_in(user: User, email: str) -> None:
    await user.open("/signup")
    user.find("Company").type("Bäckerei Brandl")
    user.find("Your name").type("Berta Brandl")
    user.find("E-mail").type(email)


async def test_without_the_tick_it_says_so_and_sends_nothing(user: User, staff_db: Session) -> None:
    await fill_in(user, "berta@brandl.example.at")
    user.find(kind=ui.button, content="Create account").click()
    await user.should_see("Please accept the terms and the privacy policy.")
    await user.should_not_see("Please check your inbox")
    assert staff_db.scalars(select(OutboundEmail)).first() is None


async def test_the_form_links_both_documents(user: User) -> None:
    await user.open("/signup")
    await user.should_see(
        "I accept the terms and conditions, the privacy policy and the data processing agreement"
    )
    targets = {link.props["href"] for link in user.find(kind=ui.link).elements}
    assert {"/terms", "/privacy"} <= targets


async def test_with_the_tick_the_account_keeps_what_was_accepted(
    user: User, staff_db: Session
) -> None:
    await fill_in(user, "berta@brandl.example.at")
    user.find(kind=ui.checkbox).click()
    user.find(kind=ui.button, content="Create account").click()
    await user.should_see("Please check your inbox")
    [mail] = staff_db.scalars(select(OutboundEmail)).all()
    await user.open(re.search(r"/signup/(\S+)", mail.body_text).group(0))  # type: ignore[union-attr]
    user.find(kind=ui.input, content="New password").type("knusprige-semmel")
    user.find(kind=ui.input, content="Repeat the password").type("knusprige-semmel")
    user.find(kind=ui.button, content="Save password and log in").click()
    await user.should_see("Minutes this month", retries=WAIT)
    account = staff_db.scalars(
        select(Account).where(Account.email == "berta@brandl.example.at")
    ).one()
    assert (account.terms_version, account.privacy_version) == (TERMS_VERSION, PRIVACY_VERSION)
    assert account.terms_accepted_at is not None


@pytest.mark.parametrize(
    ("path", "language", "title", "version"),
    [
        ("/terms", "Deutsch", "AGB", f"Fassung {TERMS_VERSION}"),
        ("/terms", "English", "Terms and conditions", f"Version {TERMS_VERSION}"),
        ("/privacy", "Deutsch", "Datenschutzerklärung", f"Fassung {PRIVACY_VERSION}"),
        ("/privacy", "English", "Privacy policy", f"Version {PRIVACY_VERSION}"),
    ],
)
async def test_the_documents_are_public_in_german_and_english(
    user: User, path: str, language: str, title: str, version: str
) -> None:
    await user.open(path)  # nobody logged in
    user.find(kind=ui.link, content=language).click()  # the language switch, kept for the visit
    await user.open(path)
    await user.should_see(title)
    await user.should_see(version)
    await user.should_not_see("Forgot your password?")
