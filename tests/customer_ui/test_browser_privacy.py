"""The privacy pages in a real browser, in German, on a desktop and on a 390 px phone: the
retention card in the settings and the page for one caller's data. Nothing runs off the side
of the phone's screen; screenshots land in test-artifacts/portal/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from models import Role
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from tests.browser import logged_in_page, open_and_check_width
from tests.customer_ui.test_browser_journey import ARTIFACTS, portal_url, scratch_database_url
from tests.factories import Factory

__all__ = ["portal_url", "scratch_database_url"]  # the journey's fixtures: a real portal

# Page → a text it shows. Each whole page must fit the screen: the settings page's company and
# webhook fields ran 170 px off a 390 px phone (issue 19).
PAGES = {
    "settings": ("/settings", "Wie lange wir die Daten Ihrer Anrufer aufbewahren"),
    "caller-data": ("/settings/privacy", "Daten eines Anrufers"),
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
    from playwright.sync_api import expect

    folder = ARTIFACTS / "portal"
    folder.mkdir(parents=True, exist_ok=True)
    with logged_in_page(portal_url, german_admin, width=width) as page:
        for name, (path, shows) in PAGES.items():
            screenshot = folder / f"privacy-{name}-{width}.png"
            open_and_check_width(page, f"{portal_url}{path}", shows, screenshot)
            if name == "settings":
                out_of_range_period_is_kept(page, folder / f"privacy-period-error-{width}.png")
        page.get_by_label("Telefonnummer").fill("0664 1234567")
        page.get_by_role("button", name="Anrufer löschen …").click()
        page.get_by_role("button", name="Löschen", exact=True).click()
        expect(page.get_by_text("Gelöscht für +436641234567:")).to_be_visible()
        page.screenshot(path=folder / f"privacy-erased-{width}.png", full_page=True)


def out_of_range_period_is_kept(page: Any, screenshot: Path) -> None:
    """Too long a period keeps what was typed and says why under the field: NiceGUI's number
    field used to set it to 3650 as it lost focus, without a word."""
    from playwright.sync_api import expect

    card = page.locator("#retention")
    field = card.get_by_label("Transkripte")
    field.fill("5000")
    field.blur()
    card.get_by_role("button", name="Fristen speichern").click()
    expect(card.get_by_text("Bitte eine ganze Zahl von 1 bis 3650 wählen.")).to_be_visible()
    expect(field).to_have_value("5000")
    card.screenshot(path=screenshot)
