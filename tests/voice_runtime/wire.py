"""Twilio's side of a call's socket, for testing processors alone: what the call sends,
parsed, and the marks echoed back as Twilio does once the audio before them has played."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from voice_runtime.outbox import Outbox
from voice_runtime.playback import Player, Reply


class Wire:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def send_text(self, text: str) -> None:
        self.sent.append(json.loads(text))

    def outbox(self) -> Outbox:
        return Outbox(self.send_text, "MZ1")

    def events(self) -> list[str]:
        return [message["event"] for message in self.sent]

    def marks(self) -> list[str]:
        return [m["mark"]["name"] for m in self.sent if m["event"] == "mark"]


async def echo_marks(wire: Wire, player: Player, reply: Reply | None = None) -> None:
    """Echo each mark the player sends until `reply` has finished (None: until cancelled)."""
    echoed = 0
    while reply is None or not reply.finished.is_set():
        marks = wire.marks()
        for name in marks[echoed:]:
            player.on_mark(name)
        echoed = len(marks)
        await asyncio.sleep(0.01)
