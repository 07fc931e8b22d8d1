"""The busiest lists on a phone (390 px wide), in German, in a real browser: the page never
scrolls sideways, and each row can be read without it. Screenshots land in
test-artifacts/admin/ for people to look at."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    BotStatus,
    CallOutcome,
    ProvisioningStatus,
    Role,
    Tenant,
)
from tests.admin_app.conftest import ARTIFACTS, log_in
from tests.browser import new_page
from tests.factories import Factory

PHONE = {"width": 390, "height": 844}
LISTS = ("user", "tenant", "call", "bot", "phonenumber", "provisioningjob")


@pytest.fixture
def phone(base_url: str, browser: Any, make: Factory, staff_db: Session) -> Any:
    tenant = make.tenant(name="Friseursalon Schönhaar & Söhne GmbH", slug="salon-schoenhaar")
    make.user(
        tenant,
        role=Role.CUSTOMER_ADMIN,
        name="Sabine Schönhaar-Oberhuber",
        email="sabine.schoenhaar-oberhuber@friseursalon-schoenhaar.example.at",
    )
    bot = make.bot(tenant, name="Rezeption Hauptgeschäft", status=BotStatus.LIVE)
    for _ in range(3):
        make.call(tenant, bot, outcome=CallOutcome.CALLER_HUNG_UP)
    # A number in the tenant's own Twilio account, and a purchase waiting for a bundle.
    make.phone_number(
        tenant,
        bot,
        provider="twilio",
        provider_sid="PN" + "3" * 32,
        provider_account="AC" + "7" * 32,
    )
    make.provisioning_job(
        tenant,
        bot_id=bot.id,
        status=ProvisioningStatus.FAILED,
        failure_reason="bundle_missing",
        last_error="Numbers in AT need a regulatory bundle: attach the tenant's on its page in "
        "the back office, or set TWILIO_BUNDLE_SID for the platform's own; then retry.",
    )
    admin = make.user(None, role=Role.PLATFORM_ADMIN, name="Andrea Admin", locale="de-AT")
    staff_db.commit()
    page = new_page(browser, viewport=PHONE, locale="de-AT", is_mobile=True, has_touch=True)
    log_in(page, base_url, admin.email, make.password)
    yield page
    page.context.close()


def overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the phone's screen. (Not the window's
    width: a mobile browser widens its layout to content wider than the screen.)"""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - screen.width"
    )


def cut_off_cells(page: Any) -> list[str]:
    """The list cells that reach past the screen's right edge (in a scrolling table they
    would be out of sight without the page itself being any wider)."""
    return page.evaluate(
        """Array.from(document.querySelectorAll('table.model-list td'))
             .filter(td => td.getBoundingClientRect().right > screen.width + 0.5
                           || td.scrollWidth > td.clientWidth + 1)
             .map(td => (td.dataset.label || td.className) + ': ' + td.innerText.trim())"""
    )


@pytest.mark.parametrize("endpoint", LISTS)
def test_lists_fit_a_phone(phone: Any, base_url: str, endpoint: str) -> None:
    from playwright.sync_api import expect

    phone.goto(f"{base_url}/admin/{endpoint}/")
    expect(phone.locator("table.model-list td[data-label]").first).to_be_visible()
    phone.screenshot(path=ARTIFACTS / f"de-phone-list-{endpoint}.png", full_page=True)
    assert overflow(phone) <= 0
    assert cut_off_cells(phone) == []
    # Each row reads as labelled lines: the German column name beside each value.
    label = phone.evaluate(
        "getComputedStyle(document.querySelector('td[data-label]'), '::before').content"
    )
    assert label.strip('"') in {"Nr.", "E-Mail-Adresse", "Kunde", "Name"}


def test_a_customers_page_fits_a_phone(phone: Any, base_url: str, staff_db: Session) -> None:
    """The page of one customer (its profile, users, bots, numbers, invoices, tickets) never
    scrolls sideways on a phone: a table wider than the screen scrolls within its card."""
    from playwright.sync_api import expect

    tenant = staff_db.scalars(select(Tenant).where(Tenant.slug == "salon-schoenhaar")).one()
    phone.goto(f"{base_url}/admin/tenant/page/?id={tenant.id}")
    expect(phone.get_by_text("Sabine Schönhaar-Oberhuber")).to_be_visible()
    phone.screenshot(path=ARTIFACTS / "de-phone-tenant-page.png", full_page=True)
    assert overflow(phone) <= 0
