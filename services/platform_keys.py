"""The platform's own Stripe and Twilio keys: stored in the back office, else the environment.

A key staff store under Credentials (platform-wide, no tenant) wins over the environment's:
a leaked key is replaced there and the next job, webhook or page uses the new one, without a
deploy; the environment is what a fresh deploy starts with (and all development needs).
The stored names: Stripe `secret_key` and `webhook_secret`, each on its own; Twilio
`account_sid` and `auth_token`, which count only together (an account's token never goes
with another account's SID).

Everything else keeps reading `settings`: `with_platform_keys` returns a copy with the stored
keys in place. Jobs and webhooks call it for each run, so a change applies at once; the voice
runtime reads them when it starts.
"""

from __future__ import annotations

from typing import Any

from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker

from core.encryption import CredentialCipher
from core.settings import Settings
from integrations.payments import StripePayments, payments_from_settings
from models import Provider
from models.scoping import staff_session
from services.credentials import reveal_credential

STRIPE_KEYS = {"secret_key": "stripe_secret_key", "webhook_secret": "stripe_webhook_secret"}
TWILIO_SID, TWILIO_TOKEN = "account_sid", "auth_token"
# What the portal's payment pages and the Stripe webhook hold to talk to Stripe.
PlatformPayments = StripePayments


def with_platform_keys(settings: Settings, session_factory: sessionmaker[Session]) -> Settings:
    """`settings` with the platform keys stored in the back office in place of its own."""
    cipher = CredentialCipher.from_settings(settings)
    with staff_session(session_factory) as session:
        update: dict[str, Any] = {}
        for name, field in STRIPE_KEYS.items():
            if stored := _platform_key(session, cipher, Provider.STRIPE, name):
                update[field] = SecretStr(stored)
        sid = _platform_key(session, cipher, Provider.TWILIO, TWILIO_SID)
        token = _platform_key(session, cipher, Provider.TWILIO, TWILIO_TOKEN)
        if sid and token:
            update |= {"twilio_account_sid": sid, "twilio_auth_token": SecretStr(token)}
    return settings.model_copy(update=update) if update else settings


def platform_payments(keys: Settings) -> PlatformPayments:
    """Stripe on `keys`, the settings `with_platform_keys` returned."""
    return payments_from_settings(keys)


def _platform_key(
    session: Session, cipher: CredentialCipher, provider: Provider, name: str
) -> str | None:
    return reveal_credential(session=session, cipher=cipher, provider=provider, name=name)
