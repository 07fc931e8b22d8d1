"""A staff reply in the back office e-mails the customer who opened the ticket, in their
language, with a link to the ticket in the portal; an internal note e-mails nobody. Through
the back office's HTTP POST, the outbox, and its delivery into a mail folder."""

from __future__ import annotations

import email
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from integrations.email import MailFolderSender
from models import EmailStatus, OutboundEmail, Role
from services.email_outbox import deliver_pending
from tests.admin_app.conftest import csrf_token
from tests.factories import Factory

REPLY = "/admin/supportticket/thread/reply/"


def _outbox(staff_db: Session, tenant_id: int) -> list[OutboundEmail]:
    staff_db.expire_all()
    query = select(OutboundEmail).where(OutboundEmail.tenant_id == tenant_id)
    return list(staff_db.scalars(query.order_by(OutboundEmail.id)))


def _reply(client: FlaskClient, ticket_id: int, body: str, **extra: str) -> None:
    answer = client.post(
        REPLY, data={"csrf_token": csrf_token(client), "id": ticket_id, "body": body, **extra}
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)[:1000]


def test_a_staff_reply_emails_the_customer_with_a_link_to_the_ticket(
    app: Flask, as_support: FlaskClient, make: Factory, staff_db: Session, tmp_path: Path
) -> None:
    portal = app.config["VOICEAGENT_SETTINGS"].portal_base_url
    tenant = make.tenant()
    opener = make.user(tenant, role=Role.CUSTOMER_USER, locale="de-AT", name="Frau Berger")
    colleague = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="en-US")
    ticket = make.ticket(tenant, created_by_id=opener.id, subject="Kosten stimmen nicht")
    english = make.ticket(tenant, created_by_id=colleague.id, subject="Invoice question")

    _reply(as_support, ticket.id, "Nur intern: Kunde prüfen", internal="1")
    assert _outbox(staff_db, tenant.id) == []
    _reply(as_support, ticket.id, "Grüß Gott! Die Rufnummer wird tageweise verrechnet.")
    _reply(as_support, english.id, "Hello! The number is charged by the day.")

    german_mail, english_mail = _outbox(staff_db, tenant.id)
    assert german_mail.to_address == opener.email
    assert german_mail.subject == "Antwort auf Ihre Anfrage: Kosten stimmen nicht"
    assert f"{portal}/support/{ticket.id}\n" in german_mail.body_text
    assert german_mail.body_text.startswith("Hallo Frau Berger,")
    assert "tageweise" not in german_mail.body_text  # the answer stays behind the login
    assert english_mail.to_address == colleague.email
    assert english_mail.subject == "Reply to your request: Invoice question"
    assert f"{portal}/support/{english.id}\n" in english_mail.body_text

    sent = deliver_pending(
        session=staff_db, sender=MailFolderSender("support@voiceagent.at", tmp_path)
    )
    assert sent == 2 and german_mail.status is EmailStatus.SENT
    delivered = [email.message_from_bytes(p.read_bytes()) for p in sorted(tmp_path.iterdir())]
    assert {message["To"] for message in delivered} == {opener.email, colleague.email}


def test_no_mail_for_a_customer_who_left(
    as_support: FlaskClient, make: Factory, staff_db: Session
) -> None:
    tenant = make.tenant()
    gone = make.user(tenant, role=Role.CUSTOMER_USER, is_active=False)
    ticket = make.ticket(tenant, created_by_id=gone.id)

    _reply(as_support, ticket.id, "Erledigt.")

    assert _outbox(staff_db, tenant.id) == []
