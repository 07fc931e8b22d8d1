from __future__ import annotations

import io

from sqlalchemy.orm import Session

from integrations.email import ConsoleSender
from models import EmailStatus
from services.email_outbox import MAX_ATTEMPTS, deliver_pending, queue_email


class RefusingServer:
    """An SMTP stand-in at the protocol edge: every send fails like a refused connection."""

    def send(self, *, to: str, subject: str, body: str) -> None:
        raise ConnectionRefusedError("smtp.example.at:587 refused, password=hunter2hunter2")


def test_queued_mail_is_delivered_once(staff_db: Session) -> None:
    queue_email(session=staff_db, to="anna@example.at", subject="Willkommen", body="Grüß Gott!")
    out = io.StringIO()
    sender = ConsoleSender("VoiceAgent <no-reply@voiceagent.local>", out)
    assert deliver_pending(session=staff_db, sender=sender) == 1
    assert deliver_pending(session=staff_db, sender=sender) == 0
    assert "Subject: Willkommen" in out.getvalue() and "Grüß Gott!" in out.getvalue()


def test_failed_sends_are_kept_then_marked_failed(staff_db: Session) -> None:
    email = queue_email(session=staff_db, to="anna@example.at", subject="Rechnung", body="…")
    for _ in range(MAX_ATTEMPTS - 1):
        deliver_pending(session=staff_db, sender=RefusingServer())
        assert email.status is EmailStatus.PENDING
    deliver_pending(session=staff_db, sender=RefusingServer())
    assert email.status is EmailStatus.FAILED and email.attempts == MAX_ATTEMPTS
    assert "hunter2" not in email.last_error and "ConnectionRefusedError" in email.last_error
