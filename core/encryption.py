"""Encryption of stored credentials with MultiFernet.

Keys come from `Settings.encryption_keys`, newest first: new data is encrypted with the first
key and any listed key decrypts, so a key is rotated by putting a new one in front, running
`voiceagent keys rotate`, and then dropping the old one.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from core.settings import Settings


class CredentialDecryptError(Exception):
    """The stored value was encrypted with a key that is no longer configured, or is damaged."""


class CredentialCipher:
    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise ValueError("at least one encryption key is needed (ENCRYPTION_KEYS)")
        self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])

    @classmethod
    def from_settings(cls, settings: Settings) -> CredentialCipher:
        return cls(settings.encryption_key_list)

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise CredentialDecryptError(
                "a stored credential cannot be decrypted with the configured keys"
            ) from None

    def rotate(self, token: str) -> str:
        """Re-encrypt under the newest key (a no-op in meaning, new ciphertext in fact)."""
        try:
            return self._fernet.rotate(token.encode()).decode()
        except InvalidToken:
            raise CredentialDecryptError(
                "a stored credential cannot be decrypted with the configured keys"
            ) from None


def generate_key() -> str:
    return Fernet.generate_key().decode()
