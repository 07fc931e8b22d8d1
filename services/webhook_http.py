"""HTTP to addresses our customers type in: only public hosts, never a redirect.

A webhook URL is an address our servers call on a customer's say-so, so it must not reach
what only our servers can reach (SSRF): loopback, private networks, link-local cloud metadata
(169.254.169.254) and the like. Two walls:

- `check_webhook_url` refuses bad schemes, credentials in the URL and private IP literals when
  the URL is saved and again before each delivery. It does not resolve names: saving works
  offline, and a name's addresses may change anyway.
- `webhook_http_client` checks every address a name resolves to *when it connects*, and
  connects to the address it checked, so a name that resolves to a public address at save
  time and to 127.0.0.1 later (DNS rebinding) is still refused.

Loopback is allowed only when the settings say so (development and tests, never production).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

import httpcore
import httpx

from core.catalogue import N_
from services.errors import ValidationFailed

TIMEOUT_S = 5.0
MAX_URL_LENGTH = 500
_LOOPBACK_NAMES = ("localhost", "localhost.localdomain")
# Names that only mean something inside a network; refused like private addresses.
_PRIVATE_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")

NOT_A_URL = N_("This does not look like a web address. It should start with https://.")
PRIVATE_ADDRESS = N_(
    "This address is in a private network. Please use an address that is reachable "
    "from the internet."
)


class BlockedAddress(Exception):
    """The host resolved to an address webhooks may not call."""


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def check_webhook_url(url: str, *, allow_loopback: bool) -> str:
    """The URL, trimmed, or ValidationFailed({"url": …}) saying what is wrong with it."""
    url = (url or "").strip()
    if not url:
        raise ValidationFailed({"url": N_("Please enter the address that should receive events.")})
    if len(url) > MAX_URL_LENGTH:
        raise ValidationFailed({"url": N_("The address may have at most 500 characters.")})
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError):
        raise ValidationFailed({"url": NOT_A_URL}) from None
    if parsed.scheme not in ("http", "https"):
        raise ValidationFailed(
            {"url": N_("Only http:// and https:// addresses can receive events.")}
        )
    if not parsed.host:
        raise ValidationFailed({"url": NOT_A_URL})
    if parsed.userinfo:
        raise ValidationFailed(
            {"url": N_("Please leave out user name and password: every event is signed instead.")}
        )
    if not _host_allowed(parsed.host, allow_loopback=allow_loopback):
        raise ValidationFailed({"url": PRIVATE_ADDRESS})
    return url


def webhook_http_client(*, allow_loopback: bool) -> httpx.Client:
    """A client for webhook deliveries: 5 s timeouts, no redirects, no proxies from the
    environment (they would connect for us, past the address check), and the address check
    at every connection."""
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx has no public way to choose httpcore's network backend; the pool it builds is
    # replaced by the same pool with the checking backend. tests/services/test_call_events.py
    # proves the check runs, so an httpx that changed this would fail there, not silently.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=20,
        max_keepalive_connections=0,  # each delivery connects (and is checked) afresh
        network_backend=_PublicAddressesOnly(allow_loopback=allow_loopback),
    )
    return httpx.Client(
        transport=transport,
        timeout=TIMEOUT_S,
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": "VoiceAgent-Webhooks/1"},
    )


class _PublicAddressesOnly(httpcore.SyncBackend):
    def __init__(self, *, allow_loopback: bool) -> None:
        self._allow_loopback = allow_loopback

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _resolve(host, port)
        refused = [a for a in addresses if not _address_allowed(a, self._allow_loopback)]
        if refused:
            raise BlockedAddress(f"{host} resolves to a non-public address ({refused[0]})")
        last_error: Exception | None = None
        for address in addresses:  # the checked address, never the name again
            try:
                return super().connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as error:
                last_error = error
        raise last_error or httpcore.ConnectError(f"cannot connect to {host}")


def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise httpcore.ConnectError(f"cannot resolve {host}: {error}") from None
    unique: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in unique:
            unique.append(address)
    return unique


def _host_allowed(host: str, *, allow_loopback: bool) -> bool:
    name = host.lower().rstrip(".")
    if name in _LOOPBACK_NAMES or name.endswith(".localhost"):
        return allow_loopback
    if name.endswith(_PRIVATE_SUFFIXES):
        return False
    try:
        address: IPAddress = ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        try:  # the C library also reads 2130706433 and 0x7f.1 as 127.0.0.1
            address = ipaddress.IPv4Address(socket.inet_aton(name))
        except OSError:
            return True  # a name: its addresses are checked at connection time
    return _address_allowed(address, allow_loopback)


def _address_allowed(address: IPAddress, allow_loopback: bool) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if address.is_loopback:
        return allow_loopback
    return address.is_global and not address.is_multicast
