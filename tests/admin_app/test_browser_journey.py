"""Real-browser journeys through the back office: Playwright driving Debian's chromium.

The app runs in a thread on a free loopback port, on the test's database connection (one
request at a time, so the connection is never shared at once). Screenshots go to
test-artifacts/admin/ for people to look at.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.serving import make_server

from core.settings import PROJECT_ROOT
from models import Role, TenantStatus, TicketMessage
from tests.browser import launch_chromium
from tests.factories import Factory

ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "admin"


@pytest.fixture
def base_url(app: Flask) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = make_server("127.0.0.1", port, app, threaded=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def browser_page():  # noqa: ANN201 - a playwright Page
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-US")
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        context.close()
        browser.close()


def log_in(page, base_url: str, email: str, password: str) -> None:  # noqa: ANN001
    page.goto(f"{base_url}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def log_out(page, base_url: str) -> None:  # noqa: ANN001
    page.click("#staff-menu")
    page.click("text=Log out")
    page.wait_for_url(f"{base_url}/login")


def test_support_answers_a_ticket_and_admin_suspends_a_tenant(
    base_url: str, browser_page, make: Factory, staff_db
) -> None:
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
    page.click("text=Bot kennt die Speisekarte nicht")
    page.fill("#body", "Servus Herr Gruber, wir sehen uns das gleich an.")
    page.click("#send")
    page.wait_for_selector("text=Your reply was sent.")
    page.screenshot(path=ARTIFACTS / "02-support-replied.png", full_page=True)
    assert page.inner_text("#ticket-status") == "Waiting on customer"
    log_out(page, base_url)

    log_in(page, base_url, admin.email, make.password)
    page.goto(f"{base_url}/admin/tenant/")
    page.screenshot(path=ARTIFACTS / "03-admin-tenants.png", full_page=True)
    page.click("text=Gasthaus Grüner Baum")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#suspend")
    page.wait_for_selector("text=The tenant was suspended.")
    page.screenshot(path=ARTIFACTS / "04-admin-suspended.png", full_page=True)
    assert page.inner_text("#tenant-status") == "suspended"

    staff_db.expire_all()
    assert staff_db.get(type(tenant), tenant.id).status is TenantStatus.SUSPENDED
    bodies = staff_db.scalars(
        select(TicketMessage.body).where(TicketMessage.ticket_id == ticket.id)
    )
    assert "Servus Herr Gruber, wir sehen uns das gleich an." in list(bodies)
