"""A tenant's own settings: company profile, language, and its own provider credentials.

Credentials go through services.credentials (encrypted, shown masked); a tenant stores keys
for the providers its bots use (OpenAI, Google, ElevenLabs, Twilio), never platform ones.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import InstrumentedAttribute, Session

from core.catalogue import N_, Phrase
from core.encryption import CredentialCipher
from core.passwords import verify_password
from models import Provider, Tenant, User
from models.scoping import held_tenant_id
from services.accounts import set_password
from services.audit import audit_row, record_audit
from services.credentials import (
    API_KEY,
    MaskedCredential,
    delete_credential,
    list_credentials,
    store_credential,
)
from services.errors import NotFound, ValidationFailed
from services.permissions import Action, require
from services.text_input import EMAIL_LENGTH, text_errors, text_problem

LOCALES = ("de-AT", "en-US")
MAX_COMPANY_NAME = 200
# Generous for any provider's key, small enough that no paste of a whole file gets stored.
MAX_CREDENTIAL = 4096
# The engines' API keys; a tenant's own Twilio account is two keys (services/twilio_accounts.py).
TENANT_PROVIDERS = (Provider.OPENAI, Provider.GOOGLE, Provider.ELEVENLABS)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def session_tenant(*, session: Session) -> Tenant | None:
    """The Tenant row of the tenant a session is bound to (None in a staff session), by its
    key: a page that already read it (the header's company) answers from the session
    without another query. A session bound to nobody is refused, as a scoped query is."""
    tenant_id = held_tenant_id(session)
    return session.get(Tenant, tenant_id) if tenant_id is not None else None


def own_tenant(*, session: Session) -> Tenant:
    """`session_tenant`, which must exist."""
    tenant = session_tenant(session=session)
    if tenant is None:
        raise NotFound("Your account does not exist any more.")
    return tenant


def set_own_setting(
    session: Session,
    actor: User,
    action: str,
    column: InstrumentedAttribute[Any],
    value: Any,
    *,
    audit_key: str | None = None,
) -> Tenant:
    """Set one column of the session tenant and audit it as {key: before} → {key: value}, the
    key being the column's name unless `audit_key` says otherwise (the audit log's words stay
    as they were written). The caller has checked the actor's permission and the value."""
    tenant = own_tenant(session=session)
    before = getattr(tenant, column.key)
    setattr(tenant, column.key, value)
    session.flush()
    key = audit_key or column.key
    audit_row(session, actor, action, tenant, before={key: before}, after={key: value})
    return tenant


def update_profile(
    *, session: Session, actor: User, name: str, billing_email: str, locale: str
) -> Tenant:
    require(actor, Action.COMPANY_SETTINGS)
    errors = text_errors(
        {"name": (name, len(name)), "billing_email": (billing_email, EMAIL_LENGTH)}
    )
    if not name.strip():
        errors["name"] = N_("Please enter your company's name.")
    elif len(name.strip()) > MAX_COMPANY_NAME:
        errors["name"] = Phrase(
            "The name may have at most {count} characters.", count=MAX_COMPANY_NAME
        )
    if billing_email.strip() and not _EMAIL.match(billing_email.strip()):
        errors.setdefault("billing_email", N_("Please enter a valid e-mail address."))
    if locale not in LOCALES:
        errors["locale"] = N_("Please choose German or English.")
    if errors:
        raise ValidationFailed(errors)
    tenant = own_tenant(session=session)
    before = {"name": tenant.name, "billing_email": tenant.billing_email, "locale": tenant.locale}
    tenant.name = name.strip()
    tenant.billing_email = billing_email.strip().lower() or None
    tenant.locale = locale
    session.flush()
    record_audit(
        session=session,
        actor=actor,
        action="tenant.updated",
        entity_type="Tenant",
        entity_id=tenant.id,
        tenant_id=tenant.id,
        before=before,
        after={"name": tenant.name, "billing_email": tenant.billing_email, "locale": locale},
    )
    return tenant


def set_user_locale(*, session: Session, user: User, locale: str) -> None:
    """The portal's language for this person."""
    if locale not in LOCALES:
        raise ValidationFailed({"locale": N_("Please choose German or English.")})
    user.locale = locale
    session.flush()


def tenant_credentials(*, session: Session, viewer: User) -> list[MaskedCredential]:
    require(viewer, Action.CREDENTIALS)
    return list_credentials(session=session, tenant_id=viewer.customer_tenant_id)


def save_tenant_credential(
    *,
    session: Session,
    cipher: CredentialCipher,
    actor: User,
    provider: str,
    value: str,
) -> MaskedCredential:
    """The tenant's own API key for `provider`, replacing the one stored before."""
    require(actor, Action.CREDENTIALS)
    if provider not in {p.value for p in TENANT_PROVIDERS}:
        raise ValidationFailed({"provider": "Please choose a provider."})
    if problem := text_problem(value, max_length=MAX_CREDENTIAL):
        raise ValidationFailed({"value": problem})
    return store_credential(
        session=session,
        cipher=cipher,
        provider=Provider(provider),
        name=API_KEY,
        value=value,
        tenant_id=actor.tenant_id,
        actor=actor,
    )


def remove_tenant_credential(*, session: Session, actor: User, credential_id: int) -> None:
    require(actor, Action.CREDENTIALS)
    delete_credential(session=session, credential_id=credential_id, actor=actor)


def change_own_password(*, session: Session, user: User, current: str, new: str) -> None:
    """Needs the current password; ends the person's other sessions (auth epoch)."""
    if not verify_password(user.password_hash, current):
        raise ValidationFailed({"current": "The current password is wrong."})
    set_password(session=session, user=user, password=new)
