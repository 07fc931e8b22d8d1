"""The client-address rule both front doors use (core.client_address) is Werkzeug's ProxyFix
rule."""

from __future__ import annotations

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.test import EnvironBuilder

from core.client_address import client_address

PEER = "10.0.0.1"
CASES = [
    # (hops, X-Forwarded-For headers, expected client)
    (0, [], PEER),
    (0, ["6.6.6.6"], PEER),
    (1, [], PEER),
    (1, ["203.0.113.9"], "203.0.113.9"),
    (1, ["6.6.6.6, 203.0.113.9"], "203.0.113.9"),
    (1, ["6.6.6.6", "203.0.113.9"], "203.0.113.9"),
    (2, ["6.6.6.6, 203.0.113.9, 10.0.0.2"], "203.0.113.9"),
    (2, ["203.0.113.9"], PEER),
    (1, ["6.6.6.6 ,  203.0.113.9 "], "203.0.113.9"),
]


@pytest.mark.parametrize(("hops", "headers", "expected"), CASES)
def test_client_address(hops: int, headers: list[str], expected: str) -> None:
    assert client_address(PEER, headers, trusted_hops=hops) == expected


@pytest.mark.parametrize(("hops", "headers", "expected"), CASES)
def test_werkzeug_proxy_fix_agrees(hops: int, headers: list[str], expected: str) -> None:
    seen = {}

    def app(environ, start_response):  # noqa: ANN001, ANN202
        seen["address"] = environ["REMOTE_ADDR"]
        start_response("204 No Content", [])
        return []

    environ = EnvironBuilder(environ_base={"REMOTE_ADDR": PEER}).get_environ()
    if headers:
        # A WSGI server joins repeated headers with ", ".
        environ["HTTP_X_FORWARDED_FOR"] = ", ".join(headers)
    wrapped = ProxyFix(app, x_for=hops) if hops else app
    list(wrapped(environ, lambda *_: None))
    assert seen["address"] == expected
