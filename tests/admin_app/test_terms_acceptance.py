"""Staff read on a user's detail page which terms and privacy policy they accepted, and when."""

from __future__ import annotations

from datetime import UTC, datetime
from html import unescape

from flask import Flask
from sqlalchemy.orm import Session

from models import Role
from tests.admin_app.conftest import sign_in
from tests.factories import Factory


def test_the_user_detail_names_the_versions_and_times(
    app: Flask, make: Factory, staff_db: Session
) -> None:
    accepted = datetime(2026, 11, 30, 11, 3, tzinfo=UTC)
    customer = make.user(
        make.tenant(),
        role=Role.CUSTOMER_ADMIN,
        terms_version="2026-11",
        terms_accepted_at=accepted,
        privacy_version="2026-10",
        privacy_accepted_at=accepted,
    )
    admin = make.user(None, role=Role.PLATFORM_ADMIN, locale="de-AT")
    staff_db.commit()
    client = sign_in(app.test_client(), admin)
    page = unescape(client.get(f"/admin/user/details/?id={customer.id}").get_data(as_text=True))
    assert "AGB akzeptiert (Fassung)" in page and "2026-11" in page
    assert "Datenschutzerklärung akzeptiert (Fassung)" in page and "2026-10" in page
    assert "Datenschutzerklärung akzeptiert am" in page
    assert "30.11.2026 12:03 MEZ" in page  # a Vienna time, as staff read every time
