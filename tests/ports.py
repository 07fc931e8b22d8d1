"""Loopback ports for the servers the tests start.

A port from `bind(0)` comes from the kernel's ephemeral range, which every outgoing
connection (to PostgreSQL, Redis, a local server) draws its own port from too: between a
test finding the port free and its server binding it, a connection could take it, and the
server failed with "address already in use" (a full run lost test_browser_money.py's five
tests to it). These ports come from below that range, where only listeners live.
"""

from __future__ import annotations

import random
import socket
from pathlib import Path

LOWEST = 20000
PORT_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")


def _ephemeral_floor() -> int:
    try:
        return int(PORT_RANGE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


EPHEMERAL_FLOOR = _ephemeral_floor()


def free_port() -> int:
    """A loopback port nothing listens on, outside the range outgoing connections use."""
    for _ in range(200):
        port = random.randrange(LOWEST, EPHEMERAL_FLOOR)  # noqa: S311 — not a secret
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free loopback port between {LOWEST} and {EPHEMERAL_FLOOR}")
