"""Sign-up in a real browser with text the websocket used to lose (issue 10, item 13).

A lone surrogate (the server's JSON parser refused the message) and 2 MB (NiceGUI's browser
code dropped it) never reached the server, which then signed up with the field's previous
value. Through customer_ui/text_fields.py each reaches the service, which names the field.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import OutboundEmail
from models.database import make_engine
from tests.browser import chromium, new_page, open_portal_page
from tests.customer_ui.test_browser_journey import portal_url, scratch_database_url

__all__ = ["portal_url", "scratch_database_url"]  # the journey's fixtures: a real portal

TYPE_LONE_SURROGATE = """(el) => {
  el.value = "Firma \\ud800 Gut";
  el.dispatchEvent(new Event("input", {bubbles: true}));
}"""


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("nul", "Please remove the invisible control characters from this text."),
        ("lone surrogate", "This text contains a broken character. Please type it again."),
        ("2 MB", "This text is too long."),
    ],
)
def test_unstorable_company_names_are_field_errors(
    portal_url: str, scratch_database_url: str, case: str, message: str
) -> None:
    from playwright.sync_api import expect

    with chromium() as browser:
        page = new_page(browser, locale="en-US")
        open_portal_page(page, f"{portal_url}/signup")
        company = page.get_by_label("Company")
        company.fill("Firma Gut")  # what the server would have kept
        page.get_by_label("Your name").fill("Berta Gut")
        page.get_by_label("E-mail").fill("berta@gut.example.at")
        if case == "nul":
            company.fill("Firma\x00Gut")
        elif case == "lone surrogate":
            company.evaluate(TYPE_LONE_SURROGATE)
        else:
            company.fill("B" * 2_000_000)
        page.get_by_role("button", name="Create account").click()
        field = page.locator(".q-field", has=page.get_by_label("Company"))
        expect(field.get_by_text(message)).to_be_visible()
        expect(page.get_by_text("Please check your inbox")).not_to_be_visible()

    engine = make_engine(scratch_database_url)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(OutboundEmail)) == 0
    engine.dispose()
