"""The API as its clients meet it on the real portal process. Its documentation page works
with no internet: Swagger UI's files come from the portal itself (issue 15); this machine's
browser reaches no CDN, so a page that still loaded them from one would render nothing and
fail here. And a request on a connection kept alive past uvicorn's 5 s is answered."""

from __future__ import annotations

import http.client
import time
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.browser import chromium, new_page
from tests.customer_ui.test_browser_journey import ARTIFACTS, portal_url, scratch_database_url
from tests.voice_runtime.test_kept_alive_webhook import CLIENT_KEEP_ALIVE_SECONDS

__all__ = ["portal_url", "scratch_database_url"]  # the journey's fixtures: a real portal


def test_api_docs_render_from_the_portal_alone(portal_url: str) -> None:
    with chromium() as browser:
        page = new_page(browser)
        elsewhere: list[str] = []
        page.on(
            "request",
            lambda request: (
                None if request.url.startswith(portal_url) else elsewhere.append(request.url)
            ),
        )
        page.goto(f"{portal_url}/api/v1/docs")
        expect(page.locator(".swagger-ui .title")).to_contain_text("VoiceAgent API")
        expect(page.locator(".opblock").first).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "api-docs.png"))
    assert elsewhere == []


def test_a_request_on_a_connection_kept_alive_is_answered(portal_url: str) -> None:
    """The second request on one connection, sent after it sat idle past uvicorn's default,
    is answered: the old portal had closed it (RemoteDisconnected, the request lost). httpx
    keeps an idle connection 5 s, uvicorn's default closed it after 5 s, Heroku's router
    keeps it 90 s: past 5 s a request went out on a connection the portal was closing."""
    address = urlsplit(portal_url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=30)
    try:
        connection.request("GET", "/healthz")
        first = connection.getresponse()
        assert (first.status, first.read()) == (200, b'{"status":"ok"}')
        kept = connection.sock
        time.sleep(CLIENT_KEEP_ALIVE_SECONDS + 0.5)
        connection.request("GET", "/healthz")
        second = connection.getresponse()
        assert connection.sock is kept and second.status == 200
    finally:
        connection.close()
