"""Support reads a tenant's messages in the back office: filtered by tenant, in plain German
words and Vienna time, who handled them — and cannot change them."""

from __future__ import annotations

from datetime import UTC, datetime
from html import unescape

from flask import Flask
from sqlalchemy.orm import Session

from models import MessageStatus, Role
from tests.admin_app.conftest import sign_in
from tests.factories import Factory


def test_support_reads_a_tenants_messages(app: Flask, make: Factory, staff_db: Session) -> None:
    salon, other = make.tenant(name="Salon Schönhaar"), make.tenant(name="Heuriger")
    chef = make.user(salon, role=Role.CUSTOMER_ADMIN, name="Sabine Chef")
    done = make.message(
        salon,
        make.bot(salon, name="Rezeption"),
        caller_name="Maria Gruber",
        about="Bitte um Rückruf wegen Gutschein",
        status=MessageStatus.DONE,
        handled_by_id=chef.id,
        handled_at=datetime(2026, 12, 9, 13, 0, tzinfo=UTC),
        created_at=datetime(2026, 12, 9, 12, 30, tzinfo=UTC),
    )
    make.message(other, caller_name="Karl Berger")
    support = make.user(None, role=Role.SUPPORT, locale="de-AT")
    staff_db.commit()
    client = sign_in(app.test_client(), support)

    page = unescape(
        client.get(f"/admin/message/?flt0_tenant_id_equals={salon.id}").get_data(as_text=True)
    )
    assert "Maria Gruber" in page and "Karl Berger" not in page
    assert "Erledigt" in page and "Rückruf wegen Gutschein" in page and "Rezeption" in page
    assert "09.12.2026 13:30" in page  # Vienna time
    details = unescape(client.get(f"/admin/message/details/?id={done.id}").get_data(as_text=True))
    assert "Sabine Chef" in details and "Anliegen" in details
    assert client.get(f"/admin/message/edit/?id={done.id}").status_code in (302, 403, 404)
    refused = client.post("/admin/message/delete/", data={"id": done.id})
    assert refused.status_code in (302, 400, 403, 404)
    staff_db.expire_all()
    assert staff_db.get(type(done), done.id) is not None
