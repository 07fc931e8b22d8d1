"""Every portal page a company's administrator can open, in a real browser, in German, on a
390 × 844 phone and a 1366 × 900 laptop: on the phone the navigation is a drawer behind a
menu button (not a block of buttons filling the screen), and no page scrolls sideways — the
calls and tickets are cards, other wide tables scroll inside their own box. Screenshots
land in test-artifacts/portal/phone/ (kept out of the repository) for people to look at."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from models import BookingSource, Role, Speaker
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from tests.browser import assert_no_sideways_scroll, logged_in_page, open_portal_page
from tests.customer_ui.test_browser_journey import ARTIFACTS, portal_url, scratch_database_url
from tests.factories import Factory

__all__ = ["portal_url", "scratch_database_url"]  # the journey's fixtures: a real portal

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
# Words of the navigation as the drawer and the header show them.
NAVIGATION = ("Bots", "Termine", "Nachrichten", "Anrufe", "Verbrauch", "Rechnungen", "Team")


@pytest.fixture(scope="module")
def busy_company(scratch_database_url: str) -> Iterator[tuple[str, list[str]]]:
    """A German administrator of a company with something on every page (bots with a number,
    calls with a transcript, bookings, messages, an invoice, a ticket, a colleague), and the
    paths of every page they can open."""
    engine = make_engine(scratch_database_url)
    with staff_session(make_session_factory(engine)) as db:
        make = Factory(db)
        tenant = make.tenant(name="Tischlerei Oberhollenzer & Söhne", locale="de-AT")
        admin = make.user(
            tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT", name="Magdalena Oberhollenzer"
        )
        make.user(tenant, role=Role.CUSTOMER_USER, locale="de-AT", name="Florian Gstrein")
        bot = make.bot(tenant, name="Telefonempfang Werkstatt")
        make.phone_number(tenant, bot)
        now = datetime.now(UTC)
        call = make.call(tenant, bot, started_at=now - timedelta(hours=2), summary="Termin.")
        make.call_turn(tenant, call, speaker=Speaker.CALLER, text="Ich hätte gern einen Termin.")
        make.call_turn(
            tenant,
            call,
            speaker=Speaker.BOT,
            text="Gerne, für welchen Tag?",
            started_ms=12_340,
            turn_latency_ms=883,
        )
        for hours in range(3, 12):
            make.call(tenant, bot, started_at=now - timedelta(hours=hours))
        make.usage_event(tenant, bot_id=bot.id, quantity=95 * 60, occurred_at=now)
        service = make.service(tenant, name="Beratung Küchenmöbel nach Maß")
        make.booking(
            tenant, service, caller_name="Karl Berger-Oberhuber", source=BookingSource.PHONE
        )
        make.message(tenant, bot, caller_name="Anna Schönbichler")
        invoice = make.open_invoice_for_last_month(tenant)
        make.invoice_line(tenant, invoice)
        ticket = make.ticket(tenant, subject="Die Ansage ist zu leise")
        make.ticket_message(tenant, ticket)
        db.commit()
        paths = [
            "/",
            "/bots",
            "/bots/new",
            f"/bots/{bot.id}",
            "/bookings",
            "/messages",
            "/calls",
            f"/calls/{call.id}",
            "/usage",
            "/billing",
            f"/billing/invoices/{invoice.id}",
            "/support",
            f"/support/{ticket.id}",
            "/team",
            "/settings",
            "/settings/privacy",
        ]
        found = (admin.email, paths)
    yield found
    engine.dispose()


def _walk(page: Any, portal_url: str, paths: list[str]) -> None:  # noqa: ANN401
    """Open each page, save its screenshot, and fail if it scrolls sideways or its header
    takes more than one line (the navigation wrapped into a 236 px block on a phone)."""
    width = page.viewport_size["width"]
    folder = ARTIFACTS / "portal" / "phone"
    folder.mkdir(parents=True, exist_ok=True)
    for path in paths:
        # Not "networkidle": socket.io may poll over HTTP before its websocket is up, and
        # the wait then ran out in CI (90 s). The handshake means the page is built and live.
        open_portal_page(page, f"{portal_url}{path}")
        name = path.strip("/").replace("/", "-") or "dashboard"
        page.screenshot(path=folder / f"{name}-{width}.png", full_page=True)
        assert_no_sideways_scroll(page, path)
        header = page.locator(".q-header").bounding_box()
        assert header is not None and header["height"] <= 64, (path, header)


def test_no_page_scrolls_sideways_on_a_phone(
    portal_url: str, busy_company: tuple[str, list[str]]
) -> None:
    from playwright.sync_api import expect

    email, paths = busy_company
    with logged_in_page(portal_url, email, **PHONE) as page:
        _walk(page, portal_url, paths)
        expect(page.get_by_role("button", name="Menü")).to_be_visible()


def test_the_phone_navigation_is_a_drawer(
    portal_url: str, busy_company: tuple[str, list[str]]
) -> None:
    from playwright.sync_api import expect

    email, _paths = busy_company
    with logged_in_page(portal_url, email, **PHONE) as page:
        drawer = page.locator(".q-drawer")
        for word in NAVIGATION:  # the header carries none of them
            expect(page.locator(".q-header").get_by_text(word, exact=True)).to_be_hidden()
        page.get_by_role("button", name="Menü").click()
        for word in NAVIGATION:
            expect(drawer.get_by_text(word, exact=True)).to_be_visible()
        folder = ARTIFACTS / "portal" / "phone"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=folder / "drawer-390.png")
        drawer.get_by_text("Anrufe", exact=True).click()
        page.wait_for_url("**/calls")
        expect(page.get_by_text("Anrufe", exact=True).last).to_be_visible()


def test_the_laptop_keeps_the_navigation_in_the_header(
    portal_url: str, busy_company: tuple[str, list[str]]
) -> None:
    from playwright.sync_api import expect

    email, paths = busy_company
    with logged_in_page(portal_url, email, **LAPTOP) as page:
        expect(page.get_by_role("button", name="Menü")).to_be_hidden()
        for word in NAVIGATION:
            expect(page.locator(".q-header").get_by_text(word, exact=True)).to_be_visible()
        _walk(page, portal_url, paths)


def test_calls_are_cards_on_a_phone(portal_url: str, busy_company: tuple[str, list[str]]) -> None:
    """Each call a card with every column (a table showed only time and bot at 390 px);
    tapping one opens the call. Tickets are cards too."""
    from playwright.sync_api import expect

    email, _paths = busy_company
    with logged_in_page(portal_url, email, **PHONE) as page:
        page.goto(f"{portal_url}/calls")
        cards = page.locator(".q-table__grid-item")
        expect(cards).to_have_count(10)
        for label in ("Zeit", "Bot", "Anrufer", "Dauer", "Ergebnis"):
            expect(cards.first.get_by_text(label, exact=True)).to_be_visible()
        page.screenshot(path=ARTIFACTS / "portal" / "phone" / "calls-cards-390.png", full_page=True)
        cards.first.click()
        page.wait_for_url("**/calls/*")
        expect(page.get_by_text("Übliche Wartezeit auf eine Antwort")).to_be_visible()
        page.goto(f"{portal_url}/support")
        expect(cards.get_by_text("Die Ansage ist zu leise")).to_be_visible()


def test_invoices_are_cards_on_a_phone(
    portal_url: str, busy_company: tuple[str, list[str]]
) -> None:
    """Each invoice a card with its number, total, status and period (the table hid the
    status and period behind the edge at 390 px); tapping one opens the invoice. On a
    laptop it stays a table."""
    from playwright.sync_api import expect

    email, _paths = busy_company
    with logged_in_page(portal_url, email, **PHONE) as page:
        page.goto(f"{portal_url}/billing")
        card = page.locator(".invoice-card")
        expect(card).to_have_count(1)
        expect(card).to_contain_text(" €")
        expect(card).to_contain_text("Offen · ")
        assert_no_sideways_scroll(page, "billing with invoice cards")
        page.screenshot(
            path=ARTIFACTS / "portal" / "phone" / "invoices-cards-390.png", full_page=True
        )
        card.click()
        page.wait_for_url("**/billing/invoices/*")
    with logged_in_page(portal_url, email, **LAPTOP) as page:
        page.goto(f"{portal_url}/billing")
        expect(page.get_by_role("columnheader", name="Zeitraum")).to_be_visible()
        expect(page.locator(".invoice-card")).to_have_count(0)
