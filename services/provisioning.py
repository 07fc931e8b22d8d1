"""Provisioning intents: a bot needs a number, or its number must be released.

Front doors call these inside their transaction; the row is the durable intent. The worker
(jobs/) picks up queued rows and carries them out, so a request committed by the portal is
never lost between the commit and the enqueue.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import Bot, BotStatus, ProvisioningJob, ProvisioningKind


def request_number(*, session: Session, bot: Bot) -> ProvisioningJob:
    """Ask for a phone number for `bot`; the bot shows as provisioning until it is live."""
    bot.status = BotStatus.PROVISIONING
    job = ProvisioningJob(tenant_id=bot.tenant_id, bot_id=bot.id, kind=ProvisioningKind.BUY_NUMBER)
    session.add(job)
    session.flush()
    return job


def request_release(*, session: Session, bot: Bot) -> ProvisioningJob:
    """Ask for the release of `bot`'s numbers (the bot is being deleted)."""
    job = ProvisioningJob(
        tenant_id=bot.tenant_id, bot_id=bot.id, kind=ProvisioningKind.RELEASE_NUMBER
    )
    session.add(job)
    session.flush()
    return job
