"""Numbers a company got before it brought its own Twilio account: they stay in the
platform's account (Twilio moves a number between accounts only through its support, with
no API for it), and the portal says so.

What we offer instead: a new number for the bot, bought in the company's own account; once
it answers, the old one is released from the platform's (services/provisioning.py: a
purchase that `replaces` a number). The bot's phone number changes with it — the portal
says that before anything happens. A company that must keep the number asks Twilio's
support to move it into its account and then tells us (a ticket).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.catalogue import N_
from core.encryption import CredentialCipher
from models import (
    Bot,
    BotStatus,
    PhoneNumber,
    PhoneNumberStatus,
    ProvisioningJob,
    ProvisioningKind,
    ProvisioningStatus,
    User,
)
from services.audit import record_audit
from services.errors import NotFound, ValidationFailed
from services.number_requests import REPLACES, request_replacement
from services.permissions import Action, require
from services.twilio_accounts import own_twilio_account


@dataclass(frozen=True)
class PlatformNumber:
    """A company's number that lives in the platform's account although it has its own."""

    number_id: int
    e164: str
    bot_name: str
    replacement_requested: bool  # a new one is being bought for the bot


def numbers_in_platform_account(
    *, session: Session, cipher: CredentialCipher, tenant_id: int
) -> list[PlatformNumber]:
    """The company's live numbers in the platform's Twilio account, when it has its own;
    empty when it has none (then every number is rightly in ours)."""
    account = own_twilio_account(session=session, cipher=cipher, tenant_id=tenant_id)
    if account is None:
        return []
    rows = session.execute(
        select(PhoneNumber, Bot)
        .join(Bot, Bot.id == PhoneNumber.bot_id)
        .where(
            PhoneNumber.tenant_id == tenant_id,
            PhoneNumber.status == PhoneNumberStatus.ACTIVE,
            PhoneNumber.provider == "twilio",
            PhoneNumber.provider_account.is_distinct_from(account.sid),
            Bot.status != BotStatus.DELETED,
        )
        .order_by(PhoneNumber.id)
    ).all()
    return [
        PlatformNumber(number.id, number.e164, bot.name, _replacing(session, number) is not None)
        for number, bot in rows
    ]


def in_own_account(
    *, session: Session, cipher: CredentialCipher, number: PhoneNumber
) -> bool | None:
    """Whether a Twilio number lives in its company's own account (True) or the platform's
    (False); None for a number of another provider. For staff (a staff session)."""
    if number.provider != "twilio":
        return None
    account = own_twilio_account(session=session, cipher=cipher, tenant_id=number.tenant_id)
    return account is not None and number.provider_account == account.sid


def replace_in_own_account(
    *, session: Session, cipher: CredentialCipher, number_id: int, actor: User
) -> ProvisioningJob:
    """Ask for a new number for the bot of `number_id` in the company's own account; the old
    one is released once the new one answers. Audited; asking twice changes nothing."""
    require(actor, Action.CREATE_BOTS)
    tenant_id = actor.customer_tenant_id
    found = [
        n
        for n in numbers_in_platform_account(session=session, cipher=cipher, tenant_id=tenant_id)
        if n.number_id == number_id
    ]
    if not found:
        raise NotFound(N_("There is no such number in our account."))
    number = session.get_one(PhoneNumber, number_id)
    if (waiting := _replacing(session, number)) is not None:
        return waiting
    if number.bot_id is None:
        raise ValidationFailed({"number": N_("This number belongs to no bot.")})
    job = request_replacement(session=session, number=number)
    record_audit(
        session=session,
        actor=actor,
        action="phone_number.replacement_requested",
        entity_type="PhoneNumber",
        entity_id=number.id,
        tenant_id=tenant_id,
        after={"job": job.id},
    )
    return job


def _replacing(session: Session, number: PhoneNumber) -> ProvisioningJob | None:
    """An unfinished purchase that replaces `number`."""
    jobs = session.scalars(
        select(ProvisioningJob).where(
            ProvisioningJob.bot_id == number.bot_id,
            ProvisioningJob.kind == ProvisioningKind.BUY_NUMBER,
            ProvisioningJob.status != ProvisioningStatus.SUCCEEDED,
        )
    )
    return next((job for job in jobs if job.intent.get(REPLACES) == number.id), None)
