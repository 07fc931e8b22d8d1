"""Which Twilio account a tenant's numbers and calls belong to: its own, or the platform's.

A tenant brings its own account by storing two keys under Settings → its own provider keys:
Twilio `account_sid` and `auth_token` (both, or it has none). Its new numbers are then bought
in that account (jobs/provisioning.py), each number remembers its account
(PhoneNumber.provider_account), and Twilio signs the calls to them with that account's token,
which the voice runtime checks them against (voice_runtime/signatures.py): a request signed
with any other token is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.encryption import CredentialCipher
from models import PhoneNumber, PhoneNumberStatus, Provider
from services.credentials import reveal_credential


@dataclass(frozen=True)
class TwilioAccount:
    sid: str
    token: str = field(repr=False)
    tenant_id: int


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
        for name in ("account_sid", "auth_token")
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
