"""Password hashing with argon2id.

argon2-cffi's default profile (RFC 9106 "low memory": t=3, m=64 MiB, p=4) is above OWASP's
minimum for argon2id (m=19 MiB, t=2, p=1). Verification is constant-time inside libargon2.
A hash made with weaker parameters verifies, and `needs_rehash` tells the caller to store a
new one at this login.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()

# Verified against when an e-mail address is unknown, so that a login for a missing account
# takes as long as one with a wrong password and the timing reveals nothing.
_DUMMY_HASH = _hasher.hash("voiceagent-no-such-user")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches. A missing hash still costs one full verification."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other (older, weaker) parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)
