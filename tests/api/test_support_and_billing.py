"""Tickets and invoices: happy path, validation, read-only tokens, other tenants' ids."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from models import Role
from services.errors import ValidationFailed
from services.support import MAX_BODY, MAX_SUBJECT, add_reply, open_ticket
from tests.api.conftest import Account
from tests.api.test_auth_and_errors import assert_error
from tests.factories import Factory


def test_open_a_ticket_and_reply(client: TestClient, alpha: Account) -> None:
    created = client.post(
        "/tickets",
        json={"subject": "Bot hört nicht zu", "message": "Seit heute früh.", "priority": "high"},
        headers=alpha.headers(),
    )
    assert created.status_code == 201, created.text
    ticket = created.json()
    assert ticket["priority"] == "high" and ticket["messages"][0]["body"] == "Seit heute früh."
    replied = client.post(
        f"/tickets/{ticket['id']}/replies", json={"message": "Noch da?"}, headers=alpha.headers()
    )
    assert [m["body"] for m in replied.json()["messages"]] == ["Seit heute früh.", "Noch da?"]
    listed = client.get("/tickets", headers=alpha.headers(write=False)).json()
    assert [t["id"] for t in listed] == [ticket["id"]]


def test_tickets_are_listed_as_the_portal_lists_them(
    client: TestClient, alpha: Account, staff_db: Session
) -> None:
    """Latest activity first, from services.support.list_tickets: an old ticket with a new
    reply comes before a newer one nobody wrote in since."""
    older = open_ticket(session=staff_db, author=alpha.admin, subject="Alt", body="Erste Frage")
    newer = open_ticket(session=staff_db, author=alpha.admin, subject="Neu", body="Zweite Frage")
    add_reply(session=staff_db, ticket=older, author=alpha.admin, body="Noch offen?")
    staff_db.commit()
    listed = client.get("/tickets", headers=alpha.headers(write=False)).json()
    assert [t["id"] for t in listed] == [older.id, newer.id]


def test_staff_replies_show_and_internal_notes_never_do(
    client: TestClient, alpha: Account, staff_db: Session, make: Factory
) -> None:
    ticket = open_ticket(session=staff_db, author=alpha.admin, subject="Frage", body="Hallo")
    agent = make.user(None, role=Role.SUPPORT)
    add_reply(session=staff_db, ticket=ticket, author=agent, body="Geheime Notiz", internal=True)
    add_reply(session=staff_db, ticket=ticket, author=agent, body="Servus, wir helfen gern.")
    staff_db.commit()
    thread = client.get(f"/tickets/{ticket.id}", headers=alpha.headers()).json()["messages"]
    assert [(m["body"], m["from_staff"]) for m in thread] == [
        ("Hallo", False),
        ("Servus, wir helfen gern.", True),
    ]


def test_read_only_token_cannot_write(client: TestClient, alpha: Account) -> None:
    body = {"subject": "Hi", "message": "Hi"}
    assert_error(
        client.post("/tickets", json=body, headers=alpha.headers(write=False)), 403, "forbidden"
    )


def test_other_tenants_ticket_is_404(
    client: TestClient, alpha: Account, beta: Account, staff_db: Session
) -> None:
    ticket = open_ticket(session=staff_db, author=alpha.admin, subject="A", body="A")
    staff_db.commit()
    assert_error(client.get(f"/tickets/{ticket.id}", headers=beta.headers()), 404, "not_found")
    assert_error(
        client.post(f"/tickets/{ticket.id}/replies", json={"message": "x"}, headers=beta.headers()),
        404,
        "not_found",
    )


def test_invoices_list_detail_and_isolation(
    client: TestClient, alpha: Account, beta: Account, make: Factory, staff_db: Session
) -> None:
    invoice = make.invoice(alpha.tenant)
    make.invoice_line(alpha.tenant, invoice)
    staff_db.commit()
    listed = client.get("/invoices", headers=alpha.headers(write=False)).json()
    assert [i["number"] for i in listed] == [invoice.number]
    detail = client.get(f"/invoices/{invoice.id}", headers=alpha.headers(write=False)).json()
    assert detail["total_cents"] == 1200 and detail["lines"][0]["amount_cents"] == 1000
    assert client.get("/invoices", headers=beta.headers()).json() == []
    assert_error(client.get(f"/invoices/{invoice.id}", headers=beta.headers()), 404, "not_found")
    assert_error(client.get("/invoices/abc", headers=alpha.headers()), 422, "invalid")


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("s" * MAX_SUBJECT, "m" * MAX_BODY),
        ("s" * (MAX_SUBJECT + 1), "m"),
        ("s", "m" * (MAX_BODY + 1)),
        (" ", "m"),
        ("s", "bell \x07"),
    ],
)
def test_a_ticket_is_refused_exactly_as_the_service_refuses_it(
    client: TestClient, alpha: Account, staff_db: Session, subject: str, message: str
) -> None:
    try:
        open_ticket(session=staff_db, author=alpha.admin, subject=subject, body=message)
    except ValidationFailed as error:
        refused = {"message" if name == "body" else name for name in error.fields}
    else:
        refused = set()
    staff_db.rollback()
    response = client.post(
        "/tickets", json={"subject": subject, "message": message}, headers=alpha.headers()
    )
    assert response.status_code == (422 if refused else 201), response.text
    assert set(response.json().get("error", {}).get("fields", {})) == refused
