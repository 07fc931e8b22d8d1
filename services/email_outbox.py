"""Queueing e-mails with the change that causes them, and delivering them later."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.logging import redact
from integrations.email import EmailSender
from models import EmailStatus, OutboundEmail
from models.base import utcnow

MAX_ATTEMPTS = 5


def queue_email(
    *, session: Session, to: str, subject: str, body: str, tenant_id: int | None = None
) -> OutboundEmail:
    email = OutboundEmail(to_address=to, subject=subject, body_text=body, tenant_id=tenant_id)
    session.add(email)
    session.flush()
    return email


def deliver_pending(*, session: Session, sender: EmailSender, limit: int = 100) -> int:
    """Send pending e-mails, oldest first; returns how many went out. A failed send is kept
    for the next run until MAX_ATTEMPTS, then marked failed (visible to staff)."""
    pending = session.scalars(
        select(OutboundEmail)
        .where(OutboundEmail.status == EmailStatus.PENDING)
        .order_by(OutboundEmail.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    sent = 0
    for email in pending:
        email.attempts += 1
        try:
            sender.send(to=email.to_address, subject=email.subject, body=email.body_text)
        except Exception as error:  # noqa: BLE001 — any transport failure is retried later
            email.last_error = redact(f"{type(error).__name__}: {error}")[:1000]
            if email.attempts >= MAX_ATTEMPTS:
                email.status = EmailStatus.FAILED
            continue
        email.status, email.sent_at, email.last_error = EmailStatus.SENT, utcnow(), None
        # Delivered: the body (a reset or invitation link, perhaps) need not wait at rest.
        email.body_text = ""
        sent += 1
    session.flush()
    return sent
