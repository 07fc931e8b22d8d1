"""Request limits: a per-token rate limit in Redis and a cap on request body size."""

from __future__ import annotations

import json
import math
import time

import redis
from limits import RateLimitItemPerMinute
from limits.storage import RedisStorage
from limits.strategies import FixedWindowRateLimiter
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.catalogue import Phrase
from customer_ui.api.errors import ApiError


class RateLimiter:
    """At most `per_minute` requests per token in a minute that starts with the token's first
    request, shared by every portal process through Redis (the `limits` library's fixed
    window). Retry-After is what is left of the minute."""

    def __init__(self, client: redis.Redis, per_minute: int) -> None:
        # The client's own pool: its TLS and timeouts, and no second connection setup.
        storage = RedisStorage("redis://", connection_pool=client.connection_pool)
        self._limiter = FixedWindowRateLimiter(storage)
        self._item = RateLimitItemPerMinute(per_minute, namespace="voiceagent:api:rate")
        self._per_minute = per_minute

    def hit(self, token_id: int) -> None:
        """Count one request; ApiError 429 with Retry-After when over the limit."""
        if self._limiter.hit(self._item, str(token_id)):
            return
        reset_at = self._limiter.get_window_stats(self._item, str(token_id)).reset_time
        retry_after = max(1, math.ceil(reset_at - time.time()))
        raise ApiError(
            429,
            Phrase(
                "Too many requests: at most {per_minute} a minute. Please wait {seconds} seconds.",
                per_minute=self._per_minute,
                seconds=retry_after,
            ),
            headers={"Retry-After": str(retry_after)},
        )


class BodySizeLimit:
    """Refuses request bodies over `max_bytes` with 413, by Content-Length or while reading."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # FastAPI passes HTTPExceptions from body reading on to the error handlers.
                    raise HTTPException(413, self.message)
            return message

        await self.app(scope, limited_receive, send)

    @property
    def message(self) -> str:
        return f"The request body may have at most {self.max_bytes} bytes."

    async def _refuse(self, send: Send) -> None:
        error = {"code": "payload_too_large", "message": self.message, "fields": {}}
        body = json.dumps({"error": error}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})
