from __future__ import annotations

import email
import email.policy
import logging
import stat
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from core.settings import Settings
from integrations.email import MailFolderSender, sender_from_settings
from models import EmailStatus
from services.email_outbox import MAX_ATTEMPTS, deliver_pending, queue_email


class RefusingServer:
    """An SMTP stand-in at the protocol edge: every send fails like a refused connection."""

    def send(self, *, to: str, subject: str, body: str) -> None:
        raise ConnectionRefusedError("smtp.example.at:587 refused, password=hunter2hunter2")


def test_queued_mail_is_delivered_once(staff_db: Session, tmp_path: Path) -> None:
    queued = queue_email(
        session=staff_db, to="anna@example.at", subject="Willkommen", body="Grüß Gott!"
    )
    sender = MailFolderSender("VoiceAgent <no-reply@voiceagent.local>", tmp_path)
    assert deliver_pending(session=staff_db, sender=sender) == 1
    assert deliver_pending(session=staff_db, sender=sender) == 0
    [saved] = tmp_path.glob("*.eml")
    message = email.message_from_bytes(saved.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Willkommen" and "Grüß Gott!" in message.get_content()
    assert queued.body_text == ""  # sent: the body is not kept at rest


def test_without_smtp_no_body_reaches_a_log_or_the_console(
    staff_db: Session,
    settings: Settings,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """Issue 10: the worker printed whole e-mails, and a reset link from its log worked."""
    link = "https://portal.example.at/reset-password/SECRET-TOKEN-abc123"
    queue_email(
        session=staff_db, to="anna@example.at", subject="Neues Passwort", body=f"Link: {link}"
    )
    sender = sender_from_settings(settings.model_copy(update={"mail_dir": tmp_path / "mail"}))
    with caplog.at_level(logging.DEBUG):
        assert deliver_pending(session=staff_db, sender=sender) == 1
    out, err = capfd.readouterr()
    logged = caplog.text + out + err
    assert "SECRET-TOKEN" not in logged and "Link:" not in logged
    assert "anna@example.at" in caplog.text and "Neues Passwort" in caplog.text
    [saved] = (tmp_path / "mail").glob("*.eml")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600  # for the developer only
    assert "SECRET-TOKEN-abc123" in saved.read_text()


def test_failed_sends_are_kept_then_marked_failed(staff_db: Session) -> None:
    email = queue_email(session=staff_db, to="anna@example.at", subject="Rechnung", body="…")
    for _ in range(MAX_ATTEMPTS - 1):
        deliver_pending(session=staff_db, sender=RefusingServer())
        assert email.status is EmailStatus.PENDING
    deliver_pending(session=staff_db, sender=RefusingServer())
    assert email.status is EmailStatus.FAILED and email.attempts == MAX_ATTEMPTS
    assert "hunter2" not in email.last_error and "ConnectionRefusedError" in email.last_error
