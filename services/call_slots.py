"""Per-tenant concurrent-call limit, shared by every voice runtime process through Redis.

Each live call is a member of the tenant's sorted set, scored with the time its heartbeat
expires. A runtime renews its calls' heartbeats while they run and removes them when they
end; a runtime that dies simply stops renewing, and its calls stop counting once their
heartbeats expire — the limit heals itself, unlike a bare counter. Taking a slot is one
Lua script, so two runtimes can never both take the last one.
"""

from __future__ import annotations

import math
import time

import redis

HEARTBEAT_SECONDS = 10
# A slot taken by the webhook must survive until the media stream opens and renews it.
SLOT_TTL_SECONDS = 30

_ACQUIRE = """
local key, member = KEYS[1], ARGV[1]
local now, expires, limit = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
if redis.call('ZSCORE', key, member) then
  redis.call('ZADD', key, expires, member)
  return 1
end
if redis.call('ZCARD', key) >= limit then
  return 0
end
redis.call('ZADD', key, expires, member)
redis.call('EXPIRE', key, math.ceil(expires - now) + 60)
return 1
"""


def _key(tenant_id: int) -> str:
    return f"voiceagent:call-slots:{tenant_id}"


class CallSlots:
    def __init__(self, client: redis.Redis, *, ttl_seconds: float = SLOT_TTL_SECONDS) -> None:
        self._client = client
        self._ttl = ttl_seconds
        self._acquire = client.register_script(_ACQUIRE)

    def acquire(self, *, tenant_id: int, call_sid: str, limit: int) -> bool:
        """Take a slot for the call; False when the tenant already has `limit` live calls.
        Taking a slot the call already holds renews it."""
        if limit <= 0:
            return False
        now = time.time()
        taken = self._acquire(keys=[_key(tenant_id)], args=[call_sid, now, now + self._ttl, limit])
        return bool(taken)

    def heartbeat(self, *, tenant_id: int, call_sid: str) -> None:
        """Keep the call's slot — and put it back if Redis lost it (a restart empties the
        sets): a live call counts again at its next beat, so the limit heals after a
        restart too. The runtime stops beating before it releases a call's slot."""
        key = _key(tenant_id)
        with self._client.pipeline() as pipeline:
            pipeline.zadd(key, {call_sid: time.time() + self._ttl})
            pipeline.expire(key, math.ceil(self._ttl) + 60)
            pipeline.execute()

    def release(self, *, tenant_id: int, call_sid: str) -> None:
        self._client.zrem(_key(tenant_id), call_sid)

    def live_calls(self, *, tenant_id: int) -> int:
        return int(self._client.zcount(_key(tenant_id), time.time(), "+inf"))
