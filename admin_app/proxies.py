"""Behind TRUSTED_PROXY_HOPS proxies: whose request this is, and over which scheme.

One rule for both front doors: core.client_address, which the portal applies per request.
Here it is applied once, in WSGI, before Flask sees the request, so `request.remote_addr`
(login throttling, the audit log) is the client's address everywhere in the back office.
Each trusted proxy also appends the scheme it was reached over to X-Forwarded-Proto, so the
same rule picks the scheme (`request.is_secure`, which Flask-WTF's referrer check reads).
Entries further left could be written by anyone and are ignored; with 0 hops nothing
forwarded is believed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from core.client_address import client_address

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


def behind_proxies(wsgi_app: WSGIApplication, hops: int) -> WSGIApplication:
    if hops <= 0:
        return wsgi_app

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        # A WSGI server joins repeated headers with ", ", which the rule splits again.
        environ["REMOTE_ADDR"] = client_address(
            environ.get("REMOTE_ADDR"),
            [environ.get("HTTP_X_FORWARDED_FOR", "")],
            trusted_hops=hops,
        )
        environ["wsgi.url_scheme"] = client_address(
            environ.get("wsgi.url_scheme"),
            [environ.get("HTTP_X_FORWARDED_PROTO", "")],
            trusted_hops=hops,
        )
        return wsgi_app(environ, start_response)

    return app
