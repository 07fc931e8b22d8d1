"""Euro amounts typed the German way in a real browser, at phone width: a service's price
"12,50" is saved as 12,50 € and shown so when the service is opened again, and a spending
limit "75,50" as 75,50 €. Chromium's number field had dropped the comma: the price was
saved as 1.250,00 € without a word (customer_ui/number_fields.amount_input)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from models import Role
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from tests.browser import logged_in_page, open_portal_page
from tests.customer_ui.test_browser_journey import ARTIFACTS, portal_url, scratch_database_url
from tests.factories import Factory

__all__ = ["portal_url", "scratch_database_url"]  # the journey's fixtures: a real portal


@pytest.fixture(scope="module")
def owner_email(scratch_database_url: str) -> Iterator[str]:
    engine = make_engine(scratch_database_url)
    with staff_session(make_session_factory(engine)) as db:
        make = Factory(db)
        tenant = make.tenant(name="Friseurin Hofer", locale="de-AT")
        email = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT").email
        make.bot(tenant, business_hours={"tue": [["09:00", "18:00"]]})
        db.commit()
    yield email
    engine.dispose()


def test_a_price_and_a_limit_typed_with_a_decimal_comma(portal_url: str, owner_email: str) -> None:
    from playwright.sync_api import expect

    folder = ARTIFACTS / "portal"
    folder.mkdir(parents=True, exist_ok=True)
    with logged_in_page(portal_url, owner_email, width=390) as page:
        open_portal_page(page, f"{portal_url}/bookings")
        page.get_by_role("button", name="Leistung anlegen").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Name").fill("Pony schneiden")
        dialog.get_by_label("Preis (EUR)").fill("12,50")
        dialog.get_by_role("button", name="Speichern").click()  # the page reloads
        expect(page.get_by_text("30 Min. · 12,50\xa0€ · 1 gleichzeitig")).to_be_visible()
        page.get_by_role("button", name="Bearbeiten").click()
        expect(page.get_by_role("dialog").get_by_label("Preis (EUR)")).to_have_value("12,50")
        page.screenshot(path=folder / "service-price-de-390.png", full_page=True)

        open_portal_page(page, f"{portal_url}/settings")
        limit = page.locator("#spending-limit")
        limit.get_by_label("Monatliches Limit in € (netto)").fill("75,50")
        limit.get_by_role("button", name="Limit speichern").click()  # the page reloads
        expect(page.get_by_text("von 75,50\xa0€ (0\u00a0%)")).to_be_visible()
        expect(limit.get_by_label("Monatliches Limit in € (netto)")).to_have_value("75,50")
