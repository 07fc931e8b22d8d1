"""Sending the e-mail outbox (services.email_outbox), every minute from the cron."""

from __future__ import annotations

from integrations.email import sender_from_settings
from jobs.context import job_context
from models.scoping import staff_session
from services.email_outbox import deliver_pending


def deliver_emails() -> int:
    with job_context() as ctx, staff_session(ctx.session_factory) as session, session.begin():
        return deliver_pending(session=session, sender=sender_from_settings(ctx.settings))
