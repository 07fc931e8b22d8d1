"""The privacy pages in a real browser, in German, on a desktop and on a 390 px phone: the
retention card in the settings and the page for one caller's data. Nothing runs off the side
of the phone's screen; screenshots land in test-artifacts/portal/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from models import Role
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from tests.browser import launch_chromium, new_page
from tests.customer_ui.test_browser_journey import ARTIFACTS, portal_url, scratch_database_url
from tests.factories import Factory

__all__ = ["portal_url", "scratch_database_url"]  # the journey's fixtures: a real portal

# Page → a text it shows, and the element that must fit the screen (the settings page holds
# other cards too: only the retention card is checked there).
PAGES = {
    "settings": ("/settings", "Wie lange wir die Daten Ihrer Anrufer aufbewahren", "#retention"),
    "caller-data": ("/settings/privacy", "Daten eines Anrufers", "body"),
}


@pytest.fixture(scope="module")
def german_admin(scratch_database_url: str) -> Iterator[str]:
    engine = make_engine(scratch_database_url)
    with staff_session(make_session_factory(engine)) as db:
        make = Factory(db)
        tenant = make.tenant(name="Salon Anna", locale="de-AT")
        admin = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT")
        make.call(tenant, from_number="+436641234567")
        db.commit()
        found = admin.email
    yield found
    engine.dispose()


@pytest.mark.parametrize("width", [1280, 390])
def test_privacy_pages_in_german_on_desktop_and_phone(
    portal_url: str, german_admin: str, width: int
) -> None:
    from playwright.sync_api import expect, sync_playwright

    folder = ARTIFACTS / "portal"
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = new_page(browser, locale="de-AT", viewport={"width": width, "height": 900})
        page.goto(f"{portal_url}/login")
        page.get_by_label("E-Mail").fill(german_admin)
        page.get_by_label("Passwort").fill(Factory.password)
        page.get_by_role("button", name="Anmelden").click()
        expect(page.get_by_text("Minuten diesen Monat")).to_be_visible()
        for name, (path, shows, part) in PAGES.items():
            page.goto(f"{portal_url}{path}")
            expect(page.get_by_text(shows).first).to_be_visible()
            overflow = page.evaluate(
                "(part) => Math.max(...[...document.querySelectorAll(part + ', ' + part + ' *')]"
                ".map(e => e.getBoundingClientRect().right)) - window.innerWidth",
                part,
            )
            page.screenshot(path=folder / f"privacy-{name}-{width}.png", full_page=True)
            assert overflow <= 0, (name, width, overflow)
        page.get_by_label("Telefonnummer").fill("0664 1234567")
        page.get_by_role("button", name="Anrufer löschen …").click()
        page.get_by_role("button", name="Löschen", exact=True).click()
        expect(page.get_by_text("Gelöscht für +436641234567:")).to_be_visible()
        page.screenshot(path=folder / f"privacy-erased-{width}.png", full_page=True)
        browser.close()
