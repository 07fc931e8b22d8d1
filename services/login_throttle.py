"""Login throttling shared by the back office and the portal, counted in Redis.

Every login attempt is counted BEFORE its password is checked, atomically for the account and
for the client's address: of many parallel attempts at most MAX_FAILURES are ever verified.
The attempt that reaches the limit locks that account or address for LOCKOUT; until then
(or WINDOW after the first attempt, whichever comes first) further attempts are refused
uncounted, in every process, because the counters live in Redis. A successful login takes its
attempt back: the account's counter is cleared and the address's lowered, so only failures
add up. `AttemptLimiter` is the counter itself; `EmailRequestLimiter` applies it to the
public forms that send an e-mail (password reset, sign-up).

Why not the `limits` library the API's limit uses: a login must be refused or counted on the
account and the address together in one atomic step (limits counts one key at a time, so
parallel attempts could pass on one and be counted on the other), the attempt that reaches
the limit must start a lockout longer than the window, and a success takes an attempt back;
limits has no lockout and no taking back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import redis

from core.catalogue import N_

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
LOCKOUT_SECONDS = 15 * 60
LOCKED_MESSAGE = N_("Too many failed attempts. Please wait 15 minutes and try again.")

# One round trip, one atomic step: refuse when any counter is at its limit, else count the
# attempt on all of them. Only commands Redis 6.2 knows too (no EXPIRE … NX).
# KEYS: counters; ARGV: limit, window seconds, lockout seconds. Returns 0 or a TTL in ms.
_ADMIT = """
local limit = tonumber(ARGV[1])
for _, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= limit then
    return math.max(redis.call('PTTL', key), 1)
  end
end
for _, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('EXPIRE', key, ARGV[2]) end
  if count == limit then redis.call('EXPIRE', key, ARGV[3]) end
end
return 0
"""
# Takes one attempt back without going below zero or touching a lock already running out.
_FORGIVE = """
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
return 0
"""


@dataclass(frozen=True)
class Lockout:
    retry_after_seconds: int


class AttemptLimiter:
    """At most `limit` attempts per subject (an account, an address) within `window_seconds`;
    the attempt that reaches the limit blocks the subject for `lockout_seconds`."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        prefix: str,
        limit: int,
        window_seconds: int,
        lockout_seconds: int,
    ) -> None:
        self._redis = client
        self._prefix = prefix
        self._limit = limit
        self._window = window_seconds
        self._lockout = lockout_seconds
        self._admit = client.register_script(_ADMIT)
        self._forgive = client.register_script(_FORGIVE)

    def admit(self, subjects: list[str]) -> Lockout | None:
        """Count one attempt for every subject, or a Lockout (nothing counted) when any of
        them has used up its attempts."""
        keys = [self._key(subject) for subject in subjects]
        args = [self._limit, self._window, self._lockout]
        ttl_ms = int(self._admit(keys=keys, args=args))
        if ttl_ms == 0:
            return None
        return Lockout(retry_after_seconds=max(1, -(-ttl_ms // 1000)))

    def forgive(self, subject: str) -> None:
        """Take one counted attempt of `subject` back."""
        self._forgive(keys=[self._key(subject)])

    def clear(self, subject: str) -> None:
        self._redis.delete(self._key(subject))

    def _key(self, subject: str) -> str:
        return f"{self._prefix}:{subject}"


class LoginThrottle:
    def __init__(self, client: redis.Redis, *, prefix: str = "voiceagent:login") -> None:
        self._attempts = AttemptLimiter(
            client,
            prefix=f"{prefix}:attempts",
            limit=MAX_FAILURES,
            window_seconds=WINDOW_SECONDS,
            lockout_seconds=LOCKOUT_SECONDS,
        )

    def admit(self, *, email: str, ip_address: str | None) -> Lockout | None:
        """Call before checking the password: None lets this attempt go ahead (and counts it
        as a failure until `record_success`), a Lockout means: do not check it at all."""
        return self._attempts.admit(self._subjects(email, ip_address))

    def record_success(self, *, email: str, ip_address: str | None) -> None:
        self._attempts.clear(account_subject(email))
        if ip_address:
            self._attempts.forgive(address_subject(ip_address))

    @staticmethod
    def _subjects(email: str, ip_address: str | None) -> list[str]:
        subjects = [account_subject(email)]
        if ip_address:
            subjects.append(address_subject(ip_address))
        return subjects


class EmailRequestLimiter:
    """How many e-mails a public form may send one address, and how many requests it takes
    from one client, per window. Refused requests get the same answer as the others."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        purpose: str,
        per_email: int,
        per_client: int,
        window_seconds: int = 60 * 60,
    ) -> None:
        window = {"window_seconds": window_seconds, "lockout_seconds": window_seconds}
        prefix = f"voiceagent:{purpose}"
        self._per_email = AttemptLimiter(
            client, prefix=f"{prefix}:email", limit=per_email, **window
        )
        self._per_client = AttemptLimiter(
            client, prefix=f"{prefix}:client", limit=per_client, **window
        )

    def admit(self, *, email: str, ip_address: str | None) -> bool:
        """Counts this request; False when the client or the e-mail address has had enough.
        The client is counted first, for every request, known address or not."""
        if ip_address and self._per_client.admit([address_subject(ip_address)]) is not None:
            return False
        return self._per_email.admit([account_subject(email)]) is None


def account_subject(email: str) -> str:
    # Hashed so that Redis holds no list of e-mail addresses; "surrogatepass" because a
    # hostile form may send text that is no valid UTF-8, and it must still be counted.
    digest = hashlib.sha256(email.strip().lower().encode("utf-8", "surrogatepass"))
    return "account:" + digest.hexdigest()[:32]


def address_subject(ip_address: str) -> str:
    return f"ip:{ip_address}"
