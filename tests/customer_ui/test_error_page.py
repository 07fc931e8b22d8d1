"""A page that fails shows a German apology inside the portal's chrome (its navigation and
account menu stay at hand), never the error itself."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User
from sqlalchemy.orm import Session

from models import Role, Tenant
from tests.customer_ui.conftest import WAIT, log_in
from tests.factories import Factory


async def test_a_failing_page_apologises_in_german_inside_the_chrome(
    user: User, make: Factory, staff_db: Session, tenant: Tenant, caplog: pytest.LogCaptureFixture
) -> None:
    @ui.page("/test-fails")
    def fails() -> None:
        raise RuntimeError("internal detail: relation 42 exploded")

    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT")
    staff_db.commit()
    await log_in(user, admin.email, make.password)
    await user.should_see("Minuten diesen Monat", retries=WAIT)
    answer = await user.http_client.get("/test-fails")  # user.open() expects a 200

    assert answer.status_code == 500
    page = answer.text  # NiceGUI sends the page's elements with it
    assert "Das hat leider nicht geklappt." in page
    assert "Bitte versuchen Sie es gleich noch einmal." in page
    assert "Menü" in page and "Anrufe" in page  # the chrome: menu button and navigation
    assert "relation 42" not in page and "RuntimeError" not in page
    # The failure is logged for us (the fixture fails a test on an unexpected ERROR).
    assert "portal page failed: RuntimeError" in [
        r.getMessage() for r in caplog.records if r.levelname == "ERROR"
    ]
    caplog.clear()
