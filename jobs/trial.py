"""The "your trial ends soon" e-mails (thin; see services.trial), hourly from the cron."""

from __future__ import annotations

from jobs.context import job_context
from models.scoping import staff_session
from services.trial import queue_trial_reminders


def remind_trials_ending() -> int:
    with job_context() as ctx, staff_session(ctx.session_factory) as session, session.begin():
        return queue_trial_reminders(session=session, portal_url=ctx.settings.portal_base_url)
