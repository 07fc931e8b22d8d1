"""Credentials through the back office: stored encrypted, shown masked, never exported."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from models import ApiKey, AuditEvent
from tests.admin_app.conftest import csrf_token
from tests.factories import Factory

SECRET = "sk_live_51Hx9TOTALLYSECRETVALUE7q2W"


def save(client: FlaskClient, **data: object):  # noqa: ANN201
    form = {"csrf_token": csrf_token(client), "provider": "stripe", "name": "secret_key", **data}
    return client.post("/admin/credentials/save/", data=form)


def test_add_replace_delete_platform_and_tenant_credentials(
    as_admin: FlaskClient, make: Factory, staff_db
) -> None:
    tenant = make.tenant()
    assert save(as_admin, value=SECRET).status_code == 302
    assert save(as_admin, value="sk_live_tenantsownkey0000", tenant_id=tenant.id).status_code == 302
    assert save(as_admin, value=SECRET[:-4] + "ZZZZ").status_code == 302  # replaces
    page = as_admin.get("/admin/credentials/").get_data(as_text=True)
    assert "••••••••ZZZZ" in page and "••••••••0000" in page and tenant.name in page
    rows = staff_db.scalars(select(ApiKey).order_by(ApiKey.id)).all()
    assert len(rows) == 2
    actions = staff_db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["credential.added", "credential.added", "credential.replaced"]
    as_admin.post(
        "/admin/credentials/delete/", data={"csrf_token": csrf_token(as_admin), "id": rows[0].id}
    )
    staff_db.expire_all()
    assert staff_db.scalars(select(ApiKey)).all() == [rows[1]]
    assert staff_db.scalars(select(AuditEvent.action).order_by(AuditEvent.id.desc())).first() == (
        "credential.deleted"
    )


def test_a_too_short_value_is_refused_and_nothing_is_stored(
    as_admin: FlaskClient, staff_db
) -> None:
    response = save(as_admin, value="short")
    page = as_admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "This does not look like a complete key." in page
    assert staff_db.scalars(select(ApiKey)).all() == []


def test_no_credential_appears_in_full_anywhere(
    app: Flask, as_admin: FlaskClient, make: Factory, staff_db
) -> None:
    tenant = make.tenant()
    save(as_admin, value=SECRET)
    save(as_admin, value=SECRET, tenant_id=tenant.id, provider="openai")
    ciphertexts = staff_db.scalars(select(ApiKey.encrypted_value)).all()
    forbidden = [SECRET, SECRET[:-4], *ciphertexts]
    pages = ["/admin/credentials/"]
    admin = app.extensions["admin"][0]
    for view in admin._views:
        if not hasattr(view, "model"):
            continue
        base = f"/admin/{view.endpoint}/"
        pages += [base, f"{base}export/csv/"]
        first = staff_db.scalars(select(view.model).limit(1)).first()
        if first is not None and hasattr(first, "id"):
            pages += [f"{base}details/?id={first.id}", f"{base}edit/?id={first.id}"]
    assert "/admin/auditevent/" in pages and "/admin/auditevent/export/csv/" in pages
    for path in pages:
        body = as_admin.get(path).get_data(as_text=True)
        leaked = [value[:12] for value in forbidden if value in body]
        assert not leaked, f"{path} shows a credential"
