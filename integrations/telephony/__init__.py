"""Phone numbers: buy, wire to the voice runtime, release. Local pool or Twilio."""

from __future__ import annotations

from core.settings import Settings
from integrations.telephony.base import (
    BusinessAddress,
    NoNumberAvailable,
    NumberRegistration,
    NumberWiring,
    OwnedNumber,
    RegistrationProblem,
    Telephony,
    TelephonyError,
    wiring_for,
)
from integrations.telephony.local import LocalTelephony
from integrations.telephony.twilio_numbers import TwilioTelephony

__all__ = [
    "BusinessAddress",
    "LocalTelephony",
    "NoNumberAvailable",
    "NumberRegistration",
    "NumberWiring",
    "OwnedNumber",
    "RegistrationProblem",
    "Telephony",
    "TelephonyError",
    "TwilioTelephony",
    "telephony_from_settings",
    "wiring_for",
]


def telephony_from_settings(settings: Settings) -> Telephony:
    if settings.telephony_provider == "local":
        return LocalTelephony(settings.local_numbers_path)
    if not settings.twilio_account_sid or settings.twilio_auth_token is None:
        raise ValueError("TELEPHONY_PROVIDER=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")
    return TwilioTelephony(
        settings.twilio_account_sid,
        settings.twilio_auth_token.get_secret_value(),
        api_base_url=settings.twilio_api_base_url,
    )
