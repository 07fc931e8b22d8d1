"""Spending-limit e-mails at 80 % and 100 % (thin; see services.spending), every five
minutes from the cron."""

from __future__ import annotations

from jobs.context import job_context
from models.scoping import staff_session
from services.spending import queue_spending_alerts


def alert_spending() -> int:
    with job_context() as ctx, staff_session(ctx.session_factory) as session, session.begin():
        return queue_spending_alerts(session=session, portal_url=ctx.settings.portal_base_url)
