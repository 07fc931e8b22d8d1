"""The dashboard in a real browser, in German, on a desktop and on a 390 px phone: the
bookings the bot made this week and an unanswered question, whose "add to FAQ" opens the
bot with the question in its FAQ editor. Nothing runs off the side of the phone's screen;
screenshots land in test-artifacts/portal/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from models import BookingSource, Role
from models.base import utcnow
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from tests.browser import logged_in_page
from tests.customer_ui.test_browser_journey import ARTIFACTS, portal_url, scratch_database_url
from tests.factories import Factory

__all__ = ["portal_url", "scratch_database_url"]  # the journey's fixtures: a real portal

QUESTION = "Kann ich mit Karte zahlen?"
UNANSWERED = {
    "intent": "question",
    "bookings_made": 0,
    "bookings_moved": 0,
    "bookings_cancelled": 0,
    "message_taken": False,
    "handed_over": False,
    "unanswered_questions": [QUESTION],
}


@pytest.fixture(scope="module")
def salon_admin(scratch_database_url: str) -> Iterator[str]:
    engine = make_engine(scratch_database_url)
    with staff_session(make_session_factory(engine)) as db:
        make = Factory(db)
        tenant = make.tenant(name="Salon Huber", locale="de-AT")
        admin = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT")
        bot = make.bot(tenant, name="Rezeption")
        service = make.service(tenant, name="Damenhaarschnitt mit Föhnen")
        for name in ("Maria Huber", "Karl Berger-Oberhuber", "Anna Schönbichler"):
            make.booking(
                tenant, service, caller_name=name, source=BookingSource.PHONE, created_at=utcnow()
            )
        make.call(
            tenant, bot, summary="1 Frage offen.", summary_fields=UNANSWERED, started_at=utcnow()
        )
        db.commit()
        found = admin.email
    yield found
    engine.dispose()


@pytest.mark.parametrize("width", [1280, 390])
def test_dashboard_in_german_on_desktop_and_phone(
    portal_url: str, salon_admin: str, width: int
) -> None:
    from playwright.sync_api import expect

    folder = ARTIFACTS / "portal"
    folder.mkdir(parents=True, exist_ok=True)
    with logged_in_page(portal_url, salon_admin, width=width) as page:
        expect(page.get_by_text("Diese Woche vom Bot gebucht")).to_be_visible()
        expect(page.get_by_text("Damenhaarschnitt mit Föhnen · Anna Schönbichler")).to_be_visible()
        expect(page.get_by_text(f"„{QUESTION}“")).to_be_visible()
        # The two cards this test is about (the latest-calls table scrolls sideways by design).
        overflow = page.evaluate(
            "(titles) => Math.max(...[...document.querySelectorAll('.q-card')]"
            ".filter(card => titles.some(title => card.innerText.includes(title)))"
            ".flatMap(card => [card, ...card.querySelectorAll('*')])"
            ".map(e => e.getBoundingClientRect().right)) - window.innerWidth",
            ["Diese Woche vom Bot gebucht", "Unbeantwortete Fragen"],
        )
        page.screenshot(path=folder / f"dashboard-{width}.png", full_page=True)
        assert overflow <= 0, (width, overflow)
        if width == 390:  # adding it once is enough; the desktop run sees it gone
            page.get_by_role("button", name="Zu den Fragen hinzufügen").click()
            expect(page.get_by_text("Fragen und Antworten", exact=True)).to_be_visible()
            expect(page.get_by_label("Frage").last).to_have_value(QUESTION)
            page.screenshot(path=folder / f"dashboard-added-to-faq-{width}.png", full_page=True)
