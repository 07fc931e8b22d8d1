"""Short-lived signed tokens (password reset links, one-time stream tokens, invitations).

Each purpose has its own salt, so a token made for one purpose never opens another.
Single use is the caller's job (store the token's id or a nonce and refuse the second use).
"""

from __future__ import annotations

from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from core.settings import Settings


class InvalidTokenError(Exception):
    """The token is damaged, forged, made for another purpose, or expired."""


class TokenSigner:
    def __init__(self, secret_key: str) -> None:
        self._secret_key = secret_key

    @classmethod
    def from_settings(cls, settings: Settings) -> TokenSigner:
        return cls(settings.secret_key.get_secret_value())

    def _serializer(self, purpose: str) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self._secret_key, salt=f"voiceagent.{purpose}")

    def sign(self, purpose: str, payload: Any) -> str:
        return self._serializer(purpose).dumps(payload)

    def verify(self, purpose: str, token: str, *, max_age_seconds: int) -> Any:
        try:
            return self._serializer(purpose).loads(token, max_age=max_age_seconds)
        except SignatureExpired:
            raise InvalidTokenError("the token has expired") from None
        except BadSignature:
            raise InvalidTokenError("the token is not valid") from None
