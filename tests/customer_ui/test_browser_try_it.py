"""A German owner in a real browser, on a desktop and at a phone's 390 px: the bot form with
other ways callers ask and the engines in words, and "Try it" showing what matched, asking
back, staying silent for an acknowledgement and learning a sentence with one click
(issue 12); and a test booking that says nothing was booked (issue 13). Screenshots land
in test-artifacts/try-it-*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from models import Booking, Bot, BotStatus, Role
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from tests.browser import (
    assert_no_sideways_scroll,
    enter_before_the_change,
    logged_in_page,
    open_portal_page,
)
from tests.customer_ui.test_browser_journey import ARTIFACTS, portal_url, scratch_database_url
from tests.customer_ui.test_try_it import EVERY_DAY, SALON_FAQ
from tests.factories import Factory

__all__ = ["portal_url", "scratch_database_url"]  # the journey's fixtures: a real portal

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def salon(scratch_database_url: str) -> Iterator[tuple[dict[str, int], str]]:
    """A German salon's bot per screen (each learns a sentence) and a member's e-mail,
    committed in the portal's database."""
    engine = make_engine(scratch_database_url)
    with staff_session(make_session_factory(engine)) as db:
        make = Factory(db)
        tenant = make.tenant(name="Salon Schönhaar", locale="de-AT")
        member = make.user(tenant, role=Role.CUSTOMER_USER, locale="de-AT")
        faq = [dict(entry) for entry in SALON_FAQ]
        faq[4]["phrasings"] = ["Wie ist die Adresse?", "Wo finde ich euch?"]
        bots = {
            screen: make.bot(
                tenant, name="Rezeption", language="de-AT", faq=faq, status=BotStatus.LIVE
            ).id
            for screen in VIEWPORTS
        }
        db.commit()
        found = (bots, member.email)
    yield found
    engine.dispose()


def _phrasings(database_url: str, bot_id: int) -> list[list[str]]:
    engine = make_engine(database_url)
    try:
        with staff_session(make_session_factory(engine)) as db:
            faq = db.scalars(select(Bot.faq).where(Bot.id == bot_id)).one()
            return [entry.get("phrasings", []) for entry in faq]
    finally:
        engine.dispose()


@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_try_it_in_german(
    portal_url: str, scratch_database_url: str, salon: tuple[dict[str, int], str], screen: str
) -> None:
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    bots, email = salon
    bot_id = bots[screen]
    with logged_in_page(portal_url, email, **VIEWPORTS[screen]) as page:

        def shot(name: str) -> None:
            page.screenshot(path=ARTIFACTS / f"try-it-{screen}-{name}.png", full_page=True)

        open_portal_page(page, f"{portal_url}/bots/{bot_id}")

        # The form: other ways to ask per question, the engines in words, the German note.
        phrasings = page.get_by_label("Andere Formulierungen")
        expect(phrasings).to_have_count(5)
        expect(phrasings.last).to_have_value("Wie ist die Adresse?\nWo finde ich euch?")
        expect(page.get_by_text("Unser Server versteht am Telefon nur Englisch.")).to_be_visible()
        expect(page.get_by_text("Auf unserem Server (kostenlos, nur Englisch)")).to_be_visible()
        assert_no_sideways_scroll(page, "the bot form")
        shot("1-form")

        # Try it: what matched and how sure, asking back, silence, one click to teach.
        page.get_by_role("tab", name="Ausprobieren").click()
        message = page.get_by_label("Ihre Nachricht")
        message.fill("Was kostet ein Haarschnitt?")
        page.get_by_role("button", name="Senden").click()
        expect(
            page.get_by_text("Antwort aus: „Was kostet ein Haarschnitt?“ – sehr sicher (97 %)")
        ).to_be_visible()
        message.fill("Wie komme ich zu euch mit dem Auto?")
        message.press("Enter")
        expect(
            page.get_by_text(
                "Der Bot hat nachgefragt, ob „Habt ihr Parkplätze?“ oder "
                "„Wo seid ihr?“ gemeint ist."
            )
        ).to_be_visible()
        message.fill("mhm")
        message.press("Enter")
        expect(
            page.get_by_text("(Der Bot sagt dazu nichts – das war nur eine Bestätigung.)")
        ).to_be_visible()
        enter_before_the_change(message, "Habt ihr Parkplätze?")  # Enter at once after typing
        expect(
            page.get_by_text(re.compile("Antwort aus: „Habt ihr Parkplätze\\?“ – sehr sicher"))
        ).to_be_visible()
        message.fill("Was kostet das Parken?")
        message.press("Enter")
        expect(
            page.get_by_text("Antwort aus: „Habt ihr Parkplätze?“ – unsicher (47 %)")
        ).to_be_visible()
        shot("2-chat")
        page.get_by_role("button", name="Als andere Formulierung hinzufügen").last.click()
        expect(
            page.get_by_text("Als andere Formulierung von „Habt ihr Parkplätze?“ gespeichert.")
        ).to_be_visible()
        assert "Was kostet das Parken?" in _phrasings(scratch_database_url, bot_id)[3]
        assert_no_sideways_scroll(page, "the chat")
        shot("3-learned")


@pytest.fixture(scope="module")
def booking_salon(scratch_database_url: str) -> Iterator[tuple[int, str]]:
    """A German salon that books haircuts every day, its bot and a member's e-mail."""
    engine = make_engine(scratch_database_url)
    with staff_session(make_session_factory(engine)) as db:
        make = Factory(db)
        tenant = make.tenant(name="Salon Lockenpracht", locale="de-AT")
        member = make.user(tenant, role=Role.CUSTOMER_USER, locale="de-AT")
        bot = make.bot(
            tenant, name="Rezeption", language="de-AT", business_hours=EVERY_DAY,
            status=BotStatus.LIVE,
        )  # fmt: skip
        make.service(tenant, name="Herrenschnitt", duration_minutes=30)
        make.booking_rules(tenant, min_notice_minutes=60)
        db.commit()
        found = (bot.id, member.email)
    yield found
    engine.dispose()


@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_a_test_booking_in_german(
    portal_url: str, scratch_database_url: str, booking_salon: tuple[int, str], screen: str
) -> None:
    """The owner books in the chat; it says that nothing was booked, and the calendar
    stays empty."""
    from playwright.sync_api import expect

    bot_id, email = booking_salon
    with logged_in_page(portal_url, email, **VIEWPORTS[screen]) as page:
        open_portal_page(page, f"{portal_url}/bots/{bot_id}")
        page.get_by_role("tab", name="Ausprobieren").click()
        expect(page.get_by_text("Termine werden mit Ihrem Kalender geprüft")).to_be_visible()
        message = page.get_by_label("Ihre Nachricht")
        for line, answer in [
            ("Ich hätte gern morgen um zehn einen Herrenschnitt", "Auf welchen Namen"),
            ("Maria Huber", "Ich fasse zusammen: Herrenschnitt, morgen um 10 Uhr"),
            ("Ja, passt", "Ihr Termin ist gebucht: Herrenschnitt, morgen um 10 Uhr."),
        ]:
            message.fill(line)
            message.press("Enter")
            expect(page.get_by_text(answer)).to_be_visible()
        expect(page.get_by_text("Testgespräch – es wurde nichts gebucht.")).to_be_visible()
        assert_no_sideways_scroll(page, "the test booking")
        page.screenshot(path=ARTIFACTS / f"try-it-{screen}-4-booking.png", full_page=True)
    engine = make_engine(scratch_database_url)
    try:
        with staff_session(make_session_factory(engine)) as db:
            assert db.scalars(select(Booking)).all() == []
    finally:
        engine.dispose()
