"""A pass-through to the local Stripe that holds the first request creating an invoice until
the test releases it: the moment to kill whatever process is syncing."""

from __future__ import annotations

import http.server
import threading

import httpx


class HoldingProxy:
    """Passes every request to the local Stripe, except that the first POST that creates an
    invoice waits until `release` — then reaches Stripe, whose answer goes to a dead worker."""

    def __init__(self, upstream: str) -> None:
        self.held = threading.Event()
        self.release = threading.Event()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._forward()

            def do_POST(self) -> None:
                self._forward()

            def do_DELETE(self) -> None:
                self._forward()

            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                creates_invoice = self.command == "POST" and self.path == "/v1/invoices"
                if creates_invoice and not proxy.held.is_set():
                    proxy.held.set()
                    proxy.release.wait(timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                answer = httpx.request(
                    self.command, upstream + self.path, content=body, headers=headers
                )
                try:
                    self.send_response(answer.status_code)
                    for name in ("Content-Type", "Idempotency-Key", "Request-Id"):
                        if name in answer.headers:
                            self.send_header(name, answer.headers[name])
                    self.send_header("Content-Length", str(len(answer.content)))
                    self.end_headers()
                    self.wfile.write(answer.content)
                except OSError:  # the worker is gone
                    pass

            def log_message(self, *_args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
