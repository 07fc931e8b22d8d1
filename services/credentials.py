"""External-service credentials (Stripe, OpenAI, Twilio, Google, ElevenLabs, Heroku).

Stored encrypted, platform-wide (tenant_id None) or for one tenant. Everything a person sees
goes through `list_credentials` (masked: the last four characters). Only integrations call
`reveal_credential`, which prefers the tenant's own key and falls back to the platform's.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.catalogue import N_
from core.encryption import CredentialCipher
from models import ApiKey, Provider, User
from services.audit import record_audit
from services.errors import NotFound, ValidationFailed

# The one kind of key our engines read (reveal_credential's default).
API_KEY = "api_key"


@dataclass(frozen=True)
class MaskedCredential:
    id: int
    tenant_id: int | None
    provider: Provider
    name: str
    masked_value: str


def store_credential(
    *,
    session: Session,
    cipher: CredentialCipher,
    provider: Provider,
    value: str,
    name: str = API_KEY,
    tenant_id: int | None = None,
    actor: User | None = None,
) -> MaskedCredential:
    """Add the credential, or replace the value stored under the same provider and name."""
    value = value.strip()
    if len(value) < 8:
        raise ValidationFailed({"value": N_("This does not look like a complete key.")})
    existing = _find(session, provider=provider, name=name, tenant_id=tenant_id)
    before = _audit_view(existing) if existing else None
    credential = existing or ApiKey(provider=provider, name=name, tenant_id=tenant_id)
    credential.encrypted_value = cipher.encrypt(value)
    credential.last4 = value[-4:]
    credential.created_by_id = actor.id if actor else None
    session.add(credential)
    session.flush()
    record_audit(
        session=session,
        actor=actor,
        action="credential.replaced" if existing else "credential.added",
        entity_type="ApiKey",
        entity_id=credential.id,
        tenant_id=tenant_id,
        before=before,
        after=_audit_view(credential),
    )
    return _masked(credential)


def delete_credential(*, session: Session, credential_id: int, actor: User | None = None) -> None:
    credential = session.get(ApiKey, credential_id)
    if credential is None:
        raise NotFound("This credential does not exist.")
    record_audit(
        session=session,
        actor=actor,
        action="credential.deleted",
        entity_type="ApiKey",
        entity_id=credential.id,
        tenant_id=credential.tenant_id,
        before=_audit_view(credential),
    )
    session.delete(credential)
    session.flush()


def list_credentials(*, session: Session, tenant_id: int | None = None) -> list[MaskedCredential]:
    """The credentials stored for a tenant, or the platform's (tenant_id None), masked."""
    query = select(ApiKey).order_by(ApiKey.provider, ApiKey.name)
    query = query.where(
        ApiKey.tenant_id.is_(None) if tenant_id is None else ApiKey.tenant_id == tenant_id
    )
    return [_masked(credential) for credential in session.scalars(query)]


def reveal_credential(
    *,
    session: Session,
    cipher: CredentialCipher,
    provider: Provider,
    name: str = API_KEY,
    tenant_id: int | None = None,
    platform_fallback: bool = True,
) -> str | None:
    """The plain value for an integration: the tenant's own, else (with `platform_fallback`)
    the platform's, else None.

    Never show the result to a person or put it in a log or a queued job's arguments.
    """
    credential = None
    if tenant_id is not None:
        credential = _find(session, provider=provider, name=name, tenant_id=tenant_id)
        if not platform_fallback:
            return cipher.decrypt(credential.encrypted_value) if credential else None
    credential = credential or _find(session, provider=provider, name=name, tenant_id=None)
    return cipher.decrypt(credential.encrypted_value) if credential else None


def rotate_credentials(*, session: Session, cipher: CredentialCipher) -> int:
    """Re-encrypt every stored credential under the newest key; returns how many."""
    count = 0
    for credential in session.scalars(select(ApiKey)):
        credential.encrypted_value = cipher.rotate(credential.encrypted_value)
        count += 1
    session.flush()
    return count


def _find(
    session: Session, *, provider: Provider, name: str, tenant_id: int | None
) -> ApiKey | None:
    query = select(ApiKey).where(ApiKey.provider == provider, ApiKey.name == name)
    query = query.where(
        ApiKey.tenant_id.is_(None) if tenant_id is None else ApiKey.tenant_id == tenant_id
    )
    return session.scalars(query).first()


def _masked(credential: ApiKey) -> MaskedCredential:
    return MaskedCredential(
        id=credential.id,
        tenant_id=credential.tenant_id,
        provider=credential.provider,
        name=credential.name,
        masked_value=credential.masked,
    )


def _audit_view(credential: ApiKey) -> dict[str, str | int | None]:
    return {
        "provider": credential.provider.value,
        "name": credential.name,
        "tenant_id": credential.tenant_id,
        "value": credential.masked,
    }
