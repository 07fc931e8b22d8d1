"""Text messages through Twilio's Messages API, with the real twilio SDK.

Production sends with TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN to api.twilio.com. Development
and tests point the SDK at the local stand-in (`voiceagent local-twilio`, cli/local_twilio.py)
with TWILIO_API_BASE_URL; without an account of their own they use the development account,
which the stand-in knows. Without either there is nobody to send through (`None`).
"""

from __future__ import annotations

from typing import Protocol

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from core.settings import DEV_TWILIO_ACCOUNT_SID, DEV_TWILIO_AUTH_TOKEN, Settings

# Seconds Twilio may take to accept a message before the attempt counts as failed.
TIMEOUT_S = 10.0


class SmsError(RuntimeError):
    """Twilio refused or could not be reached; the message is safe to log and store (it
    names no account SID, no token). `code` is Twilio's error code when it answered."""

    def __init__(self, message: str, *, status: int | None = None, code: int | None = None):
        super().__init__(message)
        self.status, self.code = status, code


class SmsSender(Protocol):
    def send(self, *, sender: str, to: str, body: str) -> str:
        """Send `body` from the account's number `sender` to `to` (both E.164); returns the
        provider's id of the message. Raises SmsError."""
        ...


class TwilioSms:
    def __init__(
        self, account_sid: str, auth_token: str, *, api_base_url: str | None = None
    ) -> None:
        self._client = Client(
            account_sid, auth_token, http_client=TwilioHttpClient(timeout=TIMEOUT_S)
        )
        if api_base_url:
            self._client.api.base_url = api_base_url.rstrip("/")

    def send(self, *, sender: str, to: str, body: str) -> str:
        try:
            message = self._client.messages.create(from_=sender, to=to, body=body)
        except TwilioRestException as error:
            # Its own message holds the request URL (and the account SID), Twilio's text the
            # caller's number: the code says what was wrong without either.
            raise SmsError(
                f"Twilio refused the SMS: HTTP {error.status}, code {error.code} "
                f"(https://www.twilio.com/docs/errors/{error.code})",
                status=error.status,
                code=error.code,
            ) from None
        except (TwilioException, requests.RequestException) as error:
            raise SmsError(f"Twilio could not be reached: {type(error).__name__}") from None
        return str(message.sid)


def sms_from_settings(settings: Settings) -> TwilioSms | None:
    if settings.twilio_account_sid and settings.twilio_auth_token is not None:
        return TwilioSms(
            settings.twilio_account_sid,
            settings.twilio_auth_token.get_secret_value(),
            api_base_url=settings.twilio_api_base_url,
        )
    if settings.twilio_api_base_url and settings.env != "production":
        return TwilioSms(
            DEV_TWILIO_ACCOUNT_SID, DEV_TWILIO_AUTH_TOKEN, api_base_url=settings.twilio_api_base_url
        )
    return None
