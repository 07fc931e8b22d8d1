"""The three things a call needs from its WebSocket, so a call runs on any stream (the
runtime's Starlette socket, or plain functions in a test)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass


class StreamClosed(Exception):
    """The peer went away."""


@dataclass(frozen=True)
class StreamIO:
    receive_text: Callable[[], Awaitable[str]]  # raises StreamClosed when the peer is gone
    send_text: Callable[[str], Awaitable[None]]
    close: Callable[[int], Awaitable[None]]
