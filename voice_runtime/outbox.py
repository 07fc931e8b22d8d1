"""The one way out to Twilio for a call: `media`, `mark` and `clear`, sent in order.

The player and the barge-in logic send from different tasks; the lock keeps one message on
the socket at a time. A send to a socket that went away is swallowed: the receive side sees
the disconnect and ends the call. A send that does not finish in time (a client that stops
reading) closes the stream.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from voice_runtime import media_protocol

log = logging.getLogger(__name__)


class Outbox:
    def __init__(
        self,
        send_text: Callable[[str], Awaitable[None]],
        stream_sid: str,
        *,
        timeout_seconds: float = 5.0,
        on_dead: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._send_text = send_text
        self.stream_sid = stream_sid
        self._media_prefix = media_protocol.media_prefix(stream_sid)  # 50 frames a second
        self._timeout = timeout_seconds
        self._on_dead = on_dead
        self._lock = asyncio.Lock()
        self.closed = False
        self.frames_sent = 0

    async def _send(self, text: str) -> bool:
        if self.closed:
            return False
        async with self._lock:
            try:
                async with asyncio.timeout(self._timeout):  # keeps a cancellation (waiting.py)
                    await self._send_text(text)
            except TimeoutError:
                # A client that stops reading must not hold the call open for ever.
                log.warning("media stream %s stopped reading; closing it", self.stream_sid)
                self.closed = True
                if self._on_dead is not None:
                    await self._on_dead()
                return False
            except Exception:  # the peer is gone; the receive loop notices and ends the call
                self.closed = True
                return False
        return True

    async def media(self, mulaw: bytes) -> bool:
        sent = await self._send(media_protocol.media_with_prefix(self._media_prefix, mulaw))
        self.frames_sent += sent
        return sent

    async def mark(self, name: str) -> bool:
        return await self._send(media_protocol.mark(self.stream_sid, name))

    async def clear(self) -> bool:
        return await self._send(media_protocol.clear(self.stream_sid))
