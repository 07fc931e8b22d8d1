"""Whose request is this: the client's address behind TRUSTED_PROXY_HOPS proxies.

Each trusted proxy appends the address it received the request from to X-Forwarded-For, so
the client is the `hops`-th entry from the right; entries further left could be written by
anyone. With 0 hops (or fewer entries than hops) the connection's peer is the client. This is
Werkzeug's ProxyFix rule (tests/core/test_client_address.py holds the two to the same table of
cases). Both front doors take it from here: the portal per request, the back office in WSGI
(admin_app/proxies.py).
"""

from __future__ import annotations

from collections.abc import Iterable


def client_address(
    peer: str | None, forwarded_for: Iterable[str], *, trusted_hops: int
) -> str | None:
    """`forwarded_for` is every X-Forwarded-For header of the request, in order."""
    if trusted_hops <= 0:
        return peer
    entries = [e.strip() for header in forwarded_for for e in header.split(",") if e.strip()]
    if len(entries) < trusted_hops:
        return peer
    return entries[-trusted_hops]
