"""SENTRY_DSN: errors reach Sentry — here a tiny local HTTP server standing in for it, which
records each envelope — with the log redaction applied: no secret, no caller's number."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import textwrap
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

SECRET = "sk_live_51AbCdEfGhIjKlMnOpQrStUv"  # noqa: S105 (a made-up key)
CALLER = "+436641234567"


class Recorder(BaseHTTPRequestHandler):
    envelopes: list[bytes]

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding == "br":
            pytest.fail("the SDK sent brotli; ask it for gzip")
        self.envelopes.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def sentry() -> Iterator[tuple[str, list[bytes]]]:
    envelopes: list[bytes] = []
    handler = type("Handler", (Recorder,), {"envelopes": envelopes})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        key = "0123456789abcdef0123456789abcdef"
        yield f"http://{key}@127.0.0.1:{server.server_port}/42", envelopes
    finally:
        server.shutdown()
        server.server_close()


def run_program(program: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `program` in a fresh interpreter (Sentry's SDK is process-global); its output."""
    return subprocess.run(  # noqa: S603 (our interpreter, a fixed program)
        [sys.executable, "-c", program, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={"SENTRY_TRANSPORT_COMPRESSION": "gzip", "PATH": "/usr/bin:/bin"},
    )


PROGRAM = textwrap.dedent(
    """
    import logging, sys
    import sentry_sdk
    from core.error_reporting import start_error_reporting
    from core.logging import configure_logging
    from core.settings import load_settings

    settings = load_settings(sentry_dsn=sys.argv[1])
    configure_logging("INFO")
    assert start_error_reporting(settings)
    log = logging.getLogger("services.payments")
    log.info("calling %s back", sys.argv[3])  # a breadcrumb
    try:
        raise RuntimeError(f"Stripe refused api_key={sys.argv[2]} for {sys.argv[3]}")
    except RuntimeError:
        log.exception("charging %s failed", sys.argv[3])
    sentry_sdk.flush(timeout=10)
    """
)


def test_an_error_reaches_sentry_redacted(sentry: tuple[str, list[bytes]]) -> None:
    dsn, envelopes = sentry
    run_program(PROGRAM, dsn, SECRET, CALLER)
    assert envelopes, "nothing reached the local Sentry"
    # An envelope is JSON lines; read back without escapes ("…" is sent as \u2026).
    lines = b"\n".join(envelopes).decode().splitlines()
    sent = "\n".join(json.dumps(json.loads(line), ensure_ascii=False) for line in lines if line)
    assert "RuntimeError" in sent and "charging +43…67 failed" in sent
    assert "calling +43…67 back" in sent  # the breadcrumb, redacted too
    assert SECRET not in sent
    assert CALLER not in sent and "6641234567" not in sent


# A web request that fails on a page whose address holds a signed token (a password-reset
# link's): Sentry's Starlette integration sends the request's URL with the event.
WEB_PROGRAM = textwrap.dedent(
    """
    import sys
    import sentry_sdk
    from starlette.applications import Starlette
    from starlette.routing import Route
    from starlette.testclient import TestClient
    from core.error_reporting import start_error_reporting
    from core.settings import load_settings
    from core.tokens import TokenSigner

    settings = load_settings(sentry_dsn=sys.argv[1])
    assert start_error_reporting(settings)

    async def reset(request):
        raise RuntimeError("the reset page failed")

    app = Starlette(routes=[Route("/reset-password/{token}", reset)])
    token = TokenSigner.from_settings(settings).sign("password-reset", {"u": 7, "f": "x"})
    print(token)
    TestClient(app, raise_server_exceptions=False).get(f"/reset-password/{token}")
    sentry_sdk.flush(timeout=10)
    """
)


def test_a_link_token_in_a_failed_pages_address_reaches_sentry_redacted(
    sentry: tuple[str, list[bytes]],
) -> None:
    dsn, envelopes = sentry
    done = run_program(WEB_PROGRAM, dsn)
    token = done.stdout.strip().splitlines()[-1]
    sent = b"\n".join(envelopes).decode()
    assert "the reset page failed" in sent
    assert "/reset-password/[redacted]" in sent  # the address is there, without the token
    assert token not in sent and token.rsplit(".", 1)[-1] not in sent


# A failed request that carries a person's data everywhere sentry-sdk 3 collects by default:
# a cookie, a query string, a body, and a local variable of the failing frame.
PERSONAL_PROGRAM = textwrap.dedent(
    """
    import sys
    import sentry_sdk
    from starlette.applications import Starlette
    from starlette.routing import Route
    from starlette.testclient import TestClient
    from core.error_reporting import start_error_reporting
    from core.settings import load_settings

    settings = load_settings(sentry_dsn=sys.argv[1])
    assert start_error_reporting(settings)

    async def book(request):
        body = await request.body()
        said = "Ich komme am Dienstag mit meiner Tochter"
        raise RuntimeError(f"the booking failed after {len(body) + len(said)} characters")

    app = Starlette(routes=[Route("/book", book, methods=["POST"])])
    client = TestClient(app, raise_server_exceptions=False)
    client.cookies.set("portal_session", "cookie-of-maria-huber")
    client.post(
        "/book?name=Maria-Huber",
        json={"note": "Allergie gegen Nuesse"},
        headers={"Authorization": "Bearer va_secretTokenOfMaria", "X-Api-Key": "key-of-maria"},
    )
    sentry_sdk.flush(timeout=10)
    """
)


def test_a_failed_request_sends_no_personal_data(sentry: tuple[str, list[bytes]]) -> None:
    dsn, envelopes = sentry
    run_program(PERSONAL_PROGRAM, dsn)
    sent = b"\n".join(envelopes).decode()
    assert "the booking failed" in sent
    for personal in (
        "Maria-Huber",
        "cookie-of-maria-huber",
        "Allergie",
        "Dienstag",
        "secretTokenOfMaria",
        "key-of-maria",
    ):
        assert personal not in sent, personal
