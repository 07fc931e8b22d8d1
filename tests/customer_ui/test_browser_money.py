"""The money pages in a real browser, in German, on a desktop and on a 390 px phone: the
billing page (price list, this month so far, "Jetzt bezahlen"), the usage page, the
dashboard, and the number fee note before a bot is created. Nothing runs off the side of
the phone's screen. Screenshots land in test-artifacts/portal/ for people to look at."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import pytest
from babel.dates import format_date

from core.settings import load_settings
from customer_ui.i18n import VIENNA
from models import BotStatus, PricePlan, Role
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from tests.browser import assert_no_sideways_scroll, logged_in_page, open_and_check_width
from tests.customer_ui.test_browser_journey import ARTIFACTS, portal_url, scratch_database_url
from tests.factories import Factory

__all__ = ["portal_url", "scratch_database_url"]  # the journey's fixtures: a real portal

HOSTED = "https://invoice.stripe.com/i/acct_1/test_browser"
THIS_MONTH = format_date(datetime.now(VIENNA), "LLLL yyyy", locale="de_AT")  # "Dezember 2026"
PAGES = {
    "billing": ("/billing", "Jetzt bezahlen"),
    "usage": (
        "/usage",
        f"Kosten {format_date(datetime.now(VIENNA), 'LLLL yyyy', locale='de_AT')} bisher",
    ),
    "dashboard": ("/", "Kosten bisher (netto)"),
    "new-bot": ("/bots/new", "Ein Bot bekommt eine eigene Telefonnummer: 3,00\xa0€ im Monat"),
}


@pytest.fixture(scope="module")
def german_admins(scratch_database_url: str) -> Iterator[dict[str, str]]:
    """German administrators in the portal's database, by their e-mail address: "customer"
    of a tenant on a plan, with calls, a number and an open invoice; "sign-up" of a sign-up
    in its trial, with one bot and no payment method; "leaving" of one that will cancel."""
    engine = make_engine(scratch_database_url)
    with staff_session(make_session_factory(engine)) as db:
        make = Factory(db)
        plan = PricePlan(
            code="browser-money",
            name="Standard",
            monthly_fee_cents=2900,
            included_minutes=100,
            per_minute_cents=12,
            number_monthly_fee_cents=300,
        )
        db.add(plan)
        db.flush()
        tenant = make.tenant(name="Weingut Pichler", locale="de-AT", price_plan_id=plan.id)
        admin = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT")
        bot = make.bot(tenant, name="Empfang")
        make.phone_number(tenant, bot, created_at=datetime(2026, 1, 1, tzinfo=UTC))
        make.usage_event(tenant, bot_id=bot.id, quantity=125 * 60, occurred_at=datetime.now(UTC))
        make.open_invoice_for_last_month(tenant, hosted_invoice_url=HOSTED)
        signed_up = datetime.now(UTC) - timedelta(days=5, hours=-1)
        # The trial's days are counted in Vienna dates: its end at Vienna noon nine days on says
        # "Noch 9 Tage" at any hour the test runs (sign-up + 14 days said 10 from 23:00 to 24:00).
        today = datetime.now(VIENNA).date()
        trial_end = datetime.combine(today + timedelta(days=9), time(12), VIENNA).astimezone(UTC)
        sign_up = make.tenant(
            name="Konditorei Zuckerl",
            locale="de-AT",
            price_plan_id=plan.id,
            created_at=signed_up,
            trial_ends_at=trial_end,
        )
        make.bot(sign_up, name="Empfang")
        leaving = make.tenant(name="Tischlerei Holzer", locale="de-AT", price_plan_id=plan.id)
        # Brought its own Twilio account after its first number was bought in ours.
        moving = make.tenant(name="Bäckerei Kern", locale="de-AT", price_plan_id=plan.id)
        make.twilio_account(moving, "AC" + "ab" * 16, "cd" * 16, settings=load_settings())
        make.phone_number(
            moving,
            make.bot(moving, name="Empfang", status=BotStatus.LIVE),
            e164="+4315557788",
            provider="twilio",
            provider_account="AC" + "9" * 32,
        )
        found = {
            "customer": admin.email,
            "sign-up": make.user(sign_up, role=Role.CUSTOMER_ADMIN, locale="de-AT").email,
            "leaving": make.user(leaving, role=Role.CUSTOMER_ADMIN, locale="de-AT").email,
            "moving": make.user(moving, role=Role.CUSTOMER_ADMIN, locale="de-AT").email,
        }
        db.commit()
    yield found
    engine.dispose()


@pytest.mark.parametrize("width", [1280, 390])
def test_money_pages_in_german_on_desktop_and_phone(
    portal_url: str, german_admins: dict[str, str], width: int
) -> None:
    folder = ARTIFACTS / "portal"
    folder.mkdir(parents=True, exist_ok=True)
    with logged_in_page(portal_url, german_admins["customer"], width=width) as page:
        for name, (path, shows) in PAGES.items():
            screenshot = folder / f"money-{name}-{width}.png"
            open_and_check_width(page, f"{portal_url}{path}", shows, screenshot)
        page.goto(f"{portal_url}/billing")
        pay = page.get_by_role("link", name="Jetzt bezahlen")
        assert pay.get_attribute("href") == HOSTED


SIGN_UP_PAGES = {
    "dashboard": ("/", "Noch 9 Tage Testphase"),
    "billing": ("/billing", "Während der Testphase fällt keine Grundgebühr an."),
    "new-bot": ("/bots/new", "Jeder weitere Bot bekommt eine eigene Telefonnummer"),
    "payment-method": ("/billing/payment-method", "Es wurde kein Zahlungsmittel hinterlegt."),
}


def test_a_sign_up_without_a_payment_method_on_a_phone(
    portal_url: str, german_admins: dict[str, str]
) -> None:
    folder = ARTIFACTS / "portal"
    folder.mkdir(parents=True, exist_ok=True)
    with logged_in_page(portal_url, german_admins["sign-up"], width=390) as page:
        for name, (path, shows) in SIGN_UP_PAGES.items():
            screenshot = folder / f"sign-up-{name}-390.png"
            open_and_check_width(page, f"{portal_url}{path}", shows, screenshot)
            assert page.get_by_role("button", name="Zahlungsmittel hinterlegen").first.is_visible()
            # Next to the button, no sentence tells the way to it (the API's message does).
            assert "Rechnungen → Zahlungsmittel hinterlegen" not in page.inner_text("body")


def test_cancelling_the_subscription_on_a_phone(
    portal_url: str, german_admins: dict[str, str]
) -> None:
    from playwright.sync_api import expect

    folder = ARTIFACTS / "portal"
    folder.mkdir(parents=True, exist_ok=True)
    with logged_in_page(portal_url, german_admins["leaving"], width=390) as page:
        open_and_check_width(
            page, f"{portal_url}/billing", "Abo kündigen …", folder / "cancel-billing-390.png"
        )
        page.get_by_role("button", name="Abo kündigen …").click()
        expect(page.get_by_text("Bis dahin können Sie die Kündigung zurücknehmen.")).to_be_visible()
        page.screenshot(path=folder / "cancel-dialog-390.png")
        assert_no_sideways_scroll(page, "the cancel dialog")
        page.get_by_role("button", name="Abo kündigen", exact=True).click()
        expect(page.get_by_text("Gekündigt: Ihr Abo läuft bis einschließlich")).to_be_visible()
        page.screenshot(path=folder / "cancelled-billing-390.png", full_page=True)
        assert_no_sideways_scroll(page, "the billing page, cancelled")
        assert page.get_by_role("button", name="Kündigung zurücknehmen").is_visible()


def test_a_number_in_our_account_on_a_phone(portal_url: str, german_admins: dict[str, str]) -> None:
    from playwright.sync_api import expect

    folder = ARTIFACTS / "portal"
    folder.mkdir(parents=True, exist_ok=True)
    with logged_in_page(portal_url, german_admins["moving"], width=390) as page:
        open_and_check_width(
            page,
            f"{portal_url}/settings",
            "Noch in unserem Twilio-Konto",
            folder / "platform-numbers-390.png",
        )
        expect(page.get_by_text("im Plattform-Konto")).to_be_visible()
        page.get_by_role("button", name="Neue Nummer in meinem Konto …").click()
        expect(page.get_by_text("Neue Nummer für Empfang?")).to_be_visible()
        page.wait_for_timeout(400)  # the dialog's opening animation, for the screenshot
        page.screenshot(path=folder / "platform-numbers-dialog-390.png")
        assert_no_sideways_scroll(page, "the new-number dialog")
