"""Portal forms in a real browser with text the websocket used to lose (issue 10, item 13).

A lone surrogate (the server's JSON parser refused the message) and 2 MB (NiceGUI's browser
code replaces any websocket message over ~1 MB with an error log, and the server's Engine.IO
refuses packets over 1,000,000 bytes) never reached the server, so the form saved the field's
previous value. Through customer_ui/text_fields.py each reaches the service, which names the
field; NUL, which used to surface as "Sorry, something went wrong", is a field error too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from models import Bot, Role, SupportTicket, Tenant
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from tests.browser import logged_in_page, open_portal_page
from tests.customer_ui.test_browser_journey import portal_url, scratch_database_url
from tests.factories import Factory

__all__ = ["portal_url", "scratch_database_url"]  # the journey's fixtures: a real portal

CONTROL = "Please remove the invisible control characters from this text."
BROKEN = "This text contains a broken character. Please type it again."
TYPE_LONE_SURROGATE = """(el) => {
  el.value = "Emp \\ud800 fang";
  el.dispatchEvent(new Event("input", {bubbles: true}));
}"""

# Form → its page, the field, what else it needs filled, its button, and its too-long message.
FORMS = {
    "bot name": ("/bots/new", "Name", {}, "Create bot", "at most 120 characters"),
    "ticket subject": (
        "/support",
        "Subject",
        {"Message": "Hallo"},
        "Send ticket",
        "at most 200 characters",
    ),
    "company name": ("/settings", "Company name", {}, "Save company", "at most 200 characters"),
}


@pytest.fixture(scope="module")
def account(scratch_database_url: str) -> Iterator[tuple[int, str, str]]:
    """A tenant and its administrator in the portal's database: (tenant id, e-mail, name)."""
    engine = make_engine(scratch_database_url)
    with staff_session(make_session_factory(engine)) as db:
        make = Factory(db)
        tenant = make.tenant(name="Tischlerei Form", locale="en-US")
        admin = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="en-US")
        db.commit()
        found = (tenant.id, admin.email, tenant.name)
    yield found
    engine.dispose()


def _saved(database_url: str, tenant_id: int) -> tuple[int, int, str]:
    """How many bots and tickets the tenant has, and its name."""
    engine = make_engine(database_url)
    try:
        with staff_session(make_session_factory(engine)) as db:
            bots = db.scalar(
                select(func.count()).select_from(Bot).where(Bot.tenant_id == tenant_id)
            )
            tickets = db.scalar(
                select(func.count())
                .select_from(SupportTicket)
                .where(SupportTicket.tenant_id == tenant_id)
            )
            name = db.get(Tenant, tenant_id).name
            return bots or 0, tickets or 0, name
    finally:
        engine.dispose()


@pytest.mark.parametrize("form", list(FORMS))
def test_text_the_websocket_used_to_lose_is_a_field_error(
    portal_url: str, scratch_database_url: str, account: tuple[int, str, str], form: str
) -> None:
    from playwright.sync_api import expect

    tenant_id, email, _company = account
    path, label, others, button, too_long = FORMS[form]
    before = _saved(scratch_database_url, tenant_id)
    with logged_in_page(portal_url, email, language="en") as page:
        open_portal_page(page, f"{portal_url}{path}")
        field = page.get_by_label(label, exact=True)
        for other, value in others.items():
            page.get_by_label(other, exact=True).fill(value)
        for case, message in (("nul", CONTROL), ("lone surrogate", BROKEN), ("2 MB", too_long)):
            field.fill("Gut")  # what the server would have kept and saved
            if case == "nul":
                field.fill("Emp\x00fang")
            elif case == "lone surrogate":
                field.evaluate(TYPE_LONE_SURROGATE)
            else:
                field.fill("B" * 2_000_000)
            page.get_by_role("button", name=button).click()
            box = page.locator(".q-field", has=field)
            expect(box.get_by_text(message)).to_be_visible()
            expect(page.get_by_text("Sorry, something went wrong")).not_to_be_visible()
            assert _saved(scratch_database_url, tenant_id) == before, case
