"""A local recording server that stands in for api.stripe.com where localstripe has gaps:
it keeps every request the real stripe SDK sends and answers from a table, so the tests
check the exact method, path, headers and form of each call."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

# (method, path pattern) → (status, answer), or a function of the recorded request.
Answer = tuple[int, dict[str, Any]] | Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]
REFUSAL = (400, {"error": {"type": "invalid_request_error", "message": "No such customer"}})


class Recorder(ThreadingHTTPServer):
    daemon_threads, block_on_close = True, False  # a kept-alive connection never stalls teardown
    requests: list[dict[str, Any]]
    answers: dict[tuple[str, str], Answer]

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def answer(self, method: str, path: str, answer: Answer) -> None:
        self.answers[(method, path)] = answer


class _Handler(BaseHTTPRequestHandler):
    server: Recorder

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._record_and_answer("")

    def do_POST(self) -> None:  # noqa: N802
        self._record_and_answer(self.rfile.read(int(self.headers["Content-Length"] or 0)).decode())

    def _record_and_answer(self, body: str) -> None:
        url = urlsplit(self.path)
        request = {
            "method": self.command,
            "path": url.path,
            "headers": dict(self.headers),
            "form": parse_qs(body or url.query),
        }
        self.server.requests.append(request)
        status, answer = REFUSAL
        for (method, pattern), found in self.server.answers.items():
            if method == self.command and re.fullmatch(pattern, url.path):
                status, answer = found(request) if callable(found) else found
                break
        if "cus_refused" in body:
            status, answer = REFUSAL
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    server = Recorder(("127.0.0.1", 0), _Handler)
    server.requests, server.answers = [], {}
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
