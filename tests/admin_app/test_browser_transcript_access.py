"""A call's page in the back office for support, in German on a 390 px phone: without the
customer's grant the transcript's place says why in words, nothing runs off the screen; with
a grant the words show. Screenshots land in test-artifacts/admin/."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from models import Role
from models.base import utcnow
from tests.admin_app.conftest import ARTIFACTS, log_in
from tests.browser import assert_no_sideways_scroll, new_page
from tests.factories import Factory

PHONE = {"width": 390, "height": 844}
WORDS = "Ich möchte am Samstag einen Tisch für vier"


def test_support_on_a_phone_sees_why_not_then_the_words(
    base_url: str, browser: Any, make: Factory, staff_db: Session
) -> None:
    from playwright.sync_api import expect

    tenant = make.tenant(name="Gasthaus Zur Linde")
    call = make.call(tenant, from_number="+436641234567")
    make.call_turn(tenant, call, text=WORDS)
    support = make.user(None, role=Role.SUPPORT, locale="de-AT")
    staff_db.commit()
    page = new_page(browser, viewport=PHONE, locale="de-AT", is_mobile=True)
    log_in(page, base_url, support.email, make.password)

    page.goto(f"{base_url}/admin/call/details/?id={call.id}")
    expect(page.get_by_text("Nicht angezeigt: Der Kunde hat unseren Mitarbeitern")).to_be_visible()
    assert_no_sideways_scroll(page, "a call without access")
    page.screenshot(path=ARTIFACTS / "transcript-refused-390.png", full_page=True)

    tenant.staff_transcript_access_until = utcnow() + timedelta(days=7)
    staff_db.commit()
    page.goto(f"{base_url}/admin/call/details/?id={call.id}")
    expect(page.get_by_text(WORDS)).to_be_visible()
    page.screenshot(path=ARTIFACTS / "transcript-granted-390.png", full_page=True)
    page.context.close()
