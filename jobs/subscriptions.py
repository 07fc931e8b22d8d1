"""Cancellations that have taken effect: bots paused, numbers released (thin; see
services.subscriptions), hourly from the cron."""

from __future__ import annotations

from jobs.context import job_context
from models.scoping import staff_session
from services.subscriptions import wind_up_ended_subscriptions


def end_cancelled_subscriptions() -> int:
    with job_context() as ctx, staff_session(ctx.session_factory) as session, session.begin():
        return wind_up_ended_subscriptions(session=session)
