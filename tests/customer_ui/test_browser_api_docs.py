"""The API's documentation page works with no internet: Swagger UI's files come from the
portal itself (issue 15). This machine's browser reaches no CDN, so a page that still
loaded them from one would render nothing and fail here."""

from __future__ import annotations

from playwright.sync_api import expect, sync_playwright

from tests.browser import launch_chromium, new_page
from tests.customer_ui.test_browser_journey import ARTIFACTS, portal_url, scratch_database_url

__all__ = ["portal_url", "scratch_database_url"]  # the journey's fixtures: a real portal


def test_api_docs_render_from_the_portal_alone(portal_url: str) -> None:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
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
        browser.close()
    assert elsewhere == []
