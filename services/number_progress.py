"""How far getting a bot's phone number has come, for a page that watches it happen.

A new bot shows as provisioning while a worker buys its number (services.provisioning); the
bot's page asks here every few seconds and shows each step in words until the number is
there or getting it has failed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy.orm import Session

from models import BotStatus, ProvisioningJob, ProvisioningStatus
from services.bots import active_number, get_bot
from services.number_registration import latest_purchase, number_problem


class NumberStep(enum.StrEnum):
    WAITING = "waiting"  # the job waits for a worker
    BUYING = "buying"  # a worker is buying and wiring the number
    RETRYING = "retrying"  # an attempt failed; another one comes after a pause
    SETTLED = "settled"  # nothing is under way: the number is there, or getting it failed


@dataclass(frozen=True)
class NumberProgress:
    status: BotStatus
    step: NumberStep
    number: str | None  # E.164, once bought
    problem: str | None  # why getting it failed (number_problem), else None

    @property
    def settled(self) -> bool:
        return self.step is NumberStep.SETTLED


def number_progress(*, session: Session, bot_id: int) -> NumberProgress:
    """The bot's status, its number and the step its purchase is at. NotFound for a bot
    that is not the session's tenant's or was deleted."""
    bot = get_bot(session=session, bot_id=bot_id)
    number = active_number(session=session, bot=bot)
    step = NumberStep.SETTLED
    if bot.status is BotStatus.PROVISIONING:
        step = _step(latest_purchase(session=session, bot=bot))
    return NumberProgress(
        status=bot.status,
        step=step,
        number=number.e164 if number else None,
        problem=number_problem(session=session, bot=bot),
    )


def _step(job: ProvisioningJob | None) -> NumberStep:
    if job is None or (job.status is ProvisioningStatus.QUEUED and not job.last_error):
        return NumberStep.WAITING
    if job.status is ProvisioningStatus.QUEUED:
        return NumberStep.RETRYING
    return NumberStep.BUYING  # running, or just ended: the bot's status follows in a moment
