"""One-time tokens that tie a media stream to the webhook that created its call.

The webhook signs {call id, call SID, nonce} into the TwiML as a <Parameter>; the stream's
`start` message must bring it back within a minute, once. Redis remembers used nonces
(SET NX with an expiry), so a replayed token fails on every runtime process.

A call SID gets one media stream, whatever tokens were issued for it (Twilio may retry the
webhook, and a signed webhook may be replayed): the first `start` claims the SID in Redis
for a day — longer than any call — and every later one is refused.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import redis

from core.tokens import InvalidTokenError, TokenSigner

PURPOSE = "voice-stream"
MAX_AGE_SECONDS = 60
STREAM_CLAIM_SECONDS = 24 * 3600


@dataclass(frozen=True)
class StreamGrant:
    call_id: int
    call_sid: str
    tenant_id: int
    bot_id: int


class StreamTokens:
    def __init__(self, signer: TokenSigner, client: redis.Redis) -> None:
        self._signer = signer
        self._client = client

    def issue(self, grant: StreamGrant) -> str:
        return self._signer.sign(
            PURPOSE,
            {
                "c": grant.call_id,
                "s": grant.call_sid,
                "t": grant.tenant_id,
                "b": grant.bot_id,
                "n": secrets.token_urlsafe(12),
            },
        )

    def redeem(self, token: str, *, call_sid: str) -> StreamGrant:
        """The grant, if the token is genuine, fresh, unused and made for this call.
        Raises InvalidTokenError otherwise; the token is used up either way."""
        payload = self._signer.verify(PURPOSE, token, max_age_seconds=MAX_AGE_SECONDS)
        try:
            grant = StreamGrant(
                call_id=int(payload["c"]),
                call_sid=str(payload["s"]),
                tenant_id=int(payload["t"]),
                bot_id=int(payload["b"]),
            )
            nonce = str(payload["n"])
        except (KeyError, TypeError, ValueError):
            raise InvalidTokenError("the token is not valid") from None
        first_use = self._client.set(
            f"voiceagent:stream-token:{nonce}", 1, nx=True, ex=MAX_AGE_SECONDS * 2
        )
        if not first_use:
            raise InvalidTokenError("the token was already used")
        if grant.call_sid != call_sid:
            raise InvalidTokenError("the token belongs to another call")
        if not self._client.set(_stream_key(call_sid), 1, nx=True, ex=STREAM_CLAIM_SECONDS):
            raise InvalidTokenError("the call already had a media stream")
        return grant

    def stream_started(self, call_sid: str) -> bool:
        """Whether a media stream has begun for the call (see the module's docstring)."""
        return bool(self._client.exists(_stream_key(call_sid)))


def _stream_key(call_sid: str) -> str:
    return f"voiceagent:call-stream:{call_sid}"
