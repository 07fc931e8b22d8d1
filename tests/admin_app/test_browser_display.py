"""The back office in German on a phone, in a real browser: words, names and Vienna times.
Screenshots land in test-artifacts/admin/ for people to look at."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from models import BotStatus, CallOutcome, Role
from tests.admin_app.conftest import ARTIFACTS, log_in
from tests.browser import new_page
from tests.factories import Factory

PHONE = {"width": 390, "height": 844}


def test_german_pages_on_a_phone(
    base_url: str, browser: Any, make: Factory, staff_db: Session
) -> None:
    from playwright.sync_api import expect

    tenant = make.tenant(name="Salon Schönhaar", slug="salon-schoenhaar")
    customer = make.user(tenant, role=Role.CUSTOMER_ADMIN, name="Sabine Schön")
    bot = make.bot(tenant, status=BotStatus.LIVE, faq=[{"question": "Parken?", "answer": "Hof"}])
    make.call(
        tenant,
        bot,
        outcome=CallOutcome.CALLER_HUNG_UP,
        started_at=datetime(2026, 11, 30, 11, 3, tzinfo=UTC),
    )
    admin = make.user(None, role=Role.PLATFORM_ADMIN, name="Andrea Admin", locale="de-AT")
    staff_db.commit()
    page = new_page(browser, viewport=PHONE, locale="de-AT", is_mobile=True)

    log_in(page, base_url, admin.email, make.password)
    page.goto(f"{base_url}/admin/user/")
    expect(page.get_by_role("cell", name="Kunden-Administrator")).to_be_visible()
    expect(page.get_by_role("link", name="Salon Schönhaar")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "de-phone-users.png", full_page=True)

    page.goto(f"{base_url}/admin/user/edit/?id={customer.id}")
    expect(page.locator("#select2-chosen-1, .select2-chosen").first).to_contain_text(
        "Kunden-Administrator"
    )
    expect(page.get_by_text("Salon Schönhaar")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "de-phone-user-edit.png", full_page=True)

    page.goto(f"{base_url}/admin/call/")
    expect(page.get_by_role("cell", name="30.11.2026 12:03 MEZ")).to_be_visible()
    expect(page.get_by_role("cell", name="Anrufer hat aufgelegt")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "de-phone-calls.png", full_page=True)

    page.goto(f"{base_url}/admin/bot/details/?id={bot.id}")
    expect(page.get_by_text("Parken? → Hof")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "de-phone-bot.png", full_page=True)

    page.goto(f"{base_url}/admin/tenant/page/?id={tenant.id}")
    expect(page.locator("#tenant-status")).to_have_text("Aktiv")
    expect(page.get_by_text("Telefonnummern in Österreich")).to_be_visible()
    page.get_by_label("Bundle des Kunden").fill("BU" + "c" * 32)
    page.locator("#number-registration").get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Das Regulierungs-Bundle wurde gespeichert.")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "de-phone-tenant.png", full_page=True)
    page.context.close()
