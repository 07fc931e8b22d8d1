"""The calls list's "Älter", "Neuer" and "Neueste" in a real browser, in German, on a
390 px phone and a 1366 px laptop: they are links that open the next page, the previous one
and the first, and the page never scrolls sideways."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from models import Role
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from tests.browser import assert_no_sideways_scroll, logged_in_page
from tests.customer_ui.test_browser_journey import portal_url, scratch_database_url
from tests.factories import Factory

__all__ = ["portal_url", "scratch_database_url"]  # the journey's fixtures: a real portal

SCREENS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 900}}
CALLS = 30  # a page of 25 and five more


@pytest.fixture(scope="module")
def administrator(scratch_database_url: str) -> Iterator[str]:
    engine = make_engine(scratch_database_url)
    with staff_session(make_session_factory(engine)) as db:
        make = Factory(db)
        tenant = make.tenant(name="Tischlerei Oberhollenzer", locale="de-AT")
        admin = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT")
        bot = make.bot(tenant, name="Telefonempfang")
        now = datetime.now(UTC)
        for n in range(CALLS):
            make.call(tenant, bot, started_at=now - timedelta(hours=n), from_number=f"+43664{n:07}")
        db.commit()
        email = admin.email
    yield email
    engine.dispose()


@pytest.mark.parametrize("screen", SCREENS)
def test_older_newer_and_newest_are_links_to_the_pages(
    portal_url: str, administrator: str, screen: str
) -> None:
    from playwright.sync_api import expect

    with logged_in_page(portal_url, administrator, **SCREENS[screen]) as page:
        page.goto(f"{portal_url}/calls")
        newest_caller = page.get_by_text("+436640000000", exact=True)
        expect(newest_caller).to_be_visible()
        expect(page.get_by_role("link", name="Neuer", exact=True)).to_have_count(0)  # greyed out
        assert_no_sideways_scroll(page, f"calls, first page, {screen}")

        page.get_by_role("link", name="Älter", exact=True).click()
        page.wait_for_url("**/calls?after=*")
        expect(page.get_by_text("+436640000029", exact=True)).to_be_visible()
        expect(newest_caller).to_have_count(0)
        assert_no_sideways_scroll(page, f"calls, second page, {screen}")

        page.get_by_role("link", name="Neuer", exact=True).click()
        page.wait_for_url("**/calls?before=*")
        expect(newest_caller).to_be_visible()

        page.goto(f"{portal_url}/calls?page=2")  # an address from the numbered pages
        expect(newest_caller).to_be_visible()
        page.get_by_role("link", name="Älter", exact=True).click()
        page.wait_for_url("**/calls?after=*")
        page.get_by_role("link", name="Neueste", exact=True).click()
        page.wait_for_url("**/calls")
        expect(newest_caller).to_be_visible()


def test_a_day_is_picked_from_the_calendar_beside_the_field(
    portal_url: str, administrator: str
) -> None:
    """The calendar is made when first opened (not with every page): it still opens from
    its icon, writes the picked day into the field the German way and closes."""
    from playwright.sync_api import expect

    with logged_in_page(portal_url, administrator, **SCREENS["phone"]) as page:
        page.goto(f"{portal_url}/calls")
        since = page.get_by_label("Von (TT.MM.JJJJ)")
        expect(page.locator(".q-date")).to_have_count(0)

        page.locator(".q-field", has=since).get_by_text("event", exact=True).click()
        calendar = page.locator(".q-date")
        expect(calendar).to_be_visible()
        calendar.get_by_role("button", name="15", exact=True).click()

        expect(calendar).to_be_hidden()
        assert re.fullmatch(r"15\.\d\d\.\d{4}", since.input_value())
