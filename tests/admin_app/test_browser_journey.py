"""Real-browser journeys through the back office: Playwright driving Debian's chromium.

Every step waits for what it needs to see (`expect`, `wait_for_url`) with tests/browser.py's
generous limit, so a busy machine makes the test slower, not red. Screenshots go to
test-artifacts/admin/ for people to look at.
"""

from __future__ import annotations

from sqlalchemy import select

from models import Role, TenantStatus, TicketMessage
from tests.admin_app.conftest import ARTIFACTS, log_in, log_out
from tests.factories import Factory


def test_support_answers_a_ticket_and_admin_suspends_a_tenant(
    base_url: str, browser_page, make: Factory, staff_db
) -> None:
    from playwright.sync_api import expect

    page = browser_page
    tenant = make.tenant(name="Gasthaus Grüner Baum")
    customer = make.user(tenant, role=Role.CUSTOMER_ADMIN, name="Franz Gruber")
    ticket = make.ticket(
        tenant, subject="Bot kennt die Speisekarte nicht", created_by_id=customer.id
    )
    make.ticket_message(tenant, ticket, author_id=customer.id, body="Grüß Gott, bitte helfen!")
    support = make.user(None, role=Role.SUPPORT, name="Markus Support", locale="en-US")
    admin = make.user(None, role=Role.PLATFORM_ADMIN, name="Andrea Admin", locale="en-US")
    staff_db.commit()  # a savepoint: the app's sessions see the rows

    log_in(page, base_url, support.email, make.password)
    page.screenshot(path=ARTIFACTS / "01-support-home.png", full_page=True)
    page.goto(f"{base_url}/admin/supportticket/")
    page.get_by_text("Bot kennt die Speisekarte nicht").click()
    page.wait_for_url("**/admin/supportticket/thread/**")
    page.fill("#body", "Servus Herr Gruber, wir sehen uns das gleich an.")
    page.click("#send")
    expect(page.get_by_text("Your reply was sent.")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "02-support-replied.png", full_page=True)
    expect(page.locator("#ticket-status")).to_have_text("Waiting on customer")
    log_out(page, base_url)

    log_in(page, base_url, admin.email, make.password)
    page.goto(f"{base_url}/admin/tenant/")
    page.screenshot(path=ARTIFACTS / "03-admin-tenants.png", full_page=True)
    page.get_by_text("Gasthaus Grüner Baum").click()
    page.wait_for_url("**/admin/tenant/page/**")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#suspend")
    expect(page.get_by_text("The tenant was suspended.")).to_be_visible()
    expect(page.locator("#tenant-status")).to_have_text("Suspended")
    page.screenshot(path=ARTIFACTS / "04-admin-suspended.png", full_page=True)

    staff_db.expire_all()
    assert staff_db.get(type(tenant), tenant.id).status is TenantStatus.SUSPENDED
    bodies = staff_db.scalars(
        select(TicketMessage.body).where(TicketMessage.ticket_id == ticket.id)
    )
    assert "Servus Herr Gruber, wir sehen uns das gleich an." in list(bodies)
