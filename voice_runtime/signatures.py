"""Twilio request signatures, checked against URLs rebuilt from PUBLIC_BASE_URL.

Twilio signs the URL it called. Behind a proxy the request's own Host and scheme are not
what Twilio saw, and forwarded headers are whatever the client says, so the URL is always
rebuilt from the configured public base — never from the request.

Twilio signs with the token of the account the call belongs to: the platform's, or a
tenant's own (services/twilio_accounts.py). A webhook names its account (AccountSid); a
media stream of a call in a tenant's account comes to STREAM_PATH/<account SID>, since its
handshake carries nothing else to tell the account by.
"""

from __future__ import annotations

from collections.abc import Mapping

from twilio.request_validator import RequestValidator

from core.settings import DEV_TWILIO_AUTH_TOKEN, Settings

VOICE_PATH = "/twilio/voice"
STATUS_PATH = "/twilio/status"
STREAM_PATH = "/twilio/stream"


class MissingTwilioTokenError(RuntimeError):
    """Production needs TWILIO_AUTH_TOKEN to check that requests really come from Twilio."""


def twilio_auth_token(settings: Settings) -> str:
    if settings.twilio_auth_token is not None:
        return settings.twilio_auth_token.get_secret_value()
    if settings.env == "production":
        raise MissingTwilioTokenError(
            "TWILIO_AUTH_TOKEN is not set: the voice runtime cannot check Twilio's signatures"
        )
    return DEV_TWILIO_AUTH_TOKEN  # `voiceagent call` signs with it too


def public_url(settings: Settings, path: str) -> str:
    return settings.public_base_url + path


def stream_url(settings: Settings, account: str | None = None) -> str:
    """The media stream's WebSocket URL: wss:// for an https base, ws:// for http; under
    the account's SID for a call in a tenant's own Twilio account."""
    base, path = settings.public_base_url, STREAM_PATH + (f"/{account}" if account else "")
    if base.startswith("https://"):
        return "wss://" + base[len("https://") :] + path
    return "ws://" + base.removeprefix("http://") + path


class SignatureChecker:
    def __init__(self, auth_token: str) -> None:
        self._validator = RequestValidator(auth_token)

    def is_valid(self, url: str, params: Mapping[str, str], signature: str | None) -> bool:
        if not signature:
            return False
        return bool(self._validator.validate(url, dict(params), signature))

    def sign(self, url: str, params: Mapping[str, str]) -> str:
        """What Twilio would send; used by the call simulator."""
        return self._validator.compute_signature(url, dict(params))
