"""Which Twilio account a tenant's numbers and calls belong to: its own, or the platform's.

A tenant brings its own account under Settings → "Your own Twilio account"
(`save_own_twilio_account`): its Account SID and auth token, stored as the credentials
`account_sid` and `auth_token` (both, or it has none). Its new numbers are then bought
in that account (jobs/provisioning.py), each number remembers its account
(PhoneNumber.provider_account), and Twilio signs the calls to them with that account's token,
which the voice runtime checks them against (voice_runtime/signatures.py): a request signed
with any other token is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.catalogue import N_
from core.encryption import CredentialCipher
from models import PhoneNumber, PhoneNumberStatus, Provider, User
from services.credentials import reveal_credential, store_credential
from services.errors import ValidationFailed
from services.permissions import Action, require
from services.platform_keys import TWILIO_SID, TWILIO_TOKEN
from services.text_input import text_problem

# Twilio's formats: an account SID is AC and 32 hex digits; an auth token is 32 hex digits.
_ACCOUNT_SID = re.compile(r"AC[0-9a-fA-F]{32}")
_AUTH_TOKEN = re.compile(r"[0-9a-fA-F]{32}")


@dataclass(frozen=True)
class TwilioAccount:
    sid: str
    token: str = field(repr=False)
    tenant_id: int


def save_own_twilio_account(
    *, session: Session, cipher: CredentialCipher, actor: User, account_sid: str, auth_token: str
) -> None:
    """Store the tenant's own Twilio account (both keys, replacing the ones before), or
    raise ValidationFailed naming each field that is wrong (messages are catalogue ids)."""
    require(actor, Action.CREDENTIALS)
    account_sid, auth_token = account_sid.strip(), auth_token.strip()
    errors = {}
    if text_problem(account_sid, max_length=40) or not _ACCOUNT_SID.fullmatch(account_sid):
        errors["account_sid"] = N_("An Account SID starts with AC and has 34 characters.")
    if text_problem(auth_token, max_length=40) or not _AUTH_TOKEN.fullmatch(auth_token):
        errors["auth_token"] = N_("An auth token has 32 characters (0-9, a-f).")  # noqa: S105
    if errors:
        raise ValidationFailed(errors)
    for name, value in ((TWILIO_SID, account_sid), (TWILIO_TOKEN, auth_token)):
        store_credential(
            session=session,
            cipher=cipher,
            provider=Provider.TWILIO,
            name=name,
            value=value,
            tenant_id=actor.tenant_id,
            actor=actor,
        )


def own_twilio_account(
    *, session: Session, cipher: CredentialCipher, tenant_id: int
) -> TwilioAccount | None:
    """The tenant's own Twilio account, if it stored both keys; never the platform's."""
    sid, token = (
        reveal_credential(
            session=session,
            cipher=cipher,
            provider=Provider.TWILIO,
            name=name,
            tenant_id=tenant_id,
            platform_fallback=False,
        )
        for name in (TWILIO_SID, TWILIO_TOKEN)
    )
    return TwilioAccount(sid.strip(), token.strip(), tenant_id) if sid and token else None


def account_of_number(
    *, session: Session, cipher: CredentialCipher, tenant_id: int, e164: str
) -> TwilioAccount | None:
    """The tenant's own account, if its active number `e164` lives there (an SMS from it is
    sent with that account); None when the number is in the platform's."""
    account = own_twilio_account(session=session, cipher=cipher, tenant_id=tenant_id)
    if account is None:
        return None
    in_account = session.scalar(
        select(PhoneNumber.id).where(
            PhoneNumber.tenant_id == tenant_id,
            PhoneNumber.e164 == e164,
            PhoneNumber.status == PhoneNumberStatus.ACTIVE,
            PhoneNumber.provider_account == account.sid,
        )
    )
    return account if in_account is not None else None


def account_of_numbers(
    *, session: Session, cipher: CredentialCipher, account_sid: str
) -> TwilioAccount | None:
    """The tenant account that `account_sid` names, found through the numbers bought in it,
    if that tenant still has it as its own. Needs a staff session."""
    tenant_ids = session.scalars(
        select(PhoneNumber.tenant_id).where(PhoneNumber.provider_account == account_sid).distinct()
    ).all()
    for tenant_id in tenant_ids:
        account = own_twilio_account(session=session, cipher=cipher, tenant_id=tenant_id)
        if account is not None and account.sid == account_sid:
            return account
    return None
