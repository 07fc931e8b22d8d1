"""Closing calls whose voice runtime was lost (services.call_reaper), every few seconds
from the cron: a call is closed within CALL_LOST_AFTER_S plus one interval of its runtime's
last heartbeat."""

from __future__ import annotations

from jobs.context import job_context
from services.call_reaper import reap_lost_calls
from services.call_slots import CallSlots

REAPER_INTERVAL_S = 20


def reap_lost_calls_job() -> int:
    with job_context() as ctx:
        closed = reap_lost_calls(
            session_factory=ctx.session_factory,
            slots=CallSlots(ctx.redis),
            lost_after_s=ctx.settings.call_lost_after_s,
        )
        return len(closed)
