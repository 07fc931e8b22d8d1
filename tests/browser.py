"""Debian's chromium for the real-browser journeys (`playwright install` cannot download
browsers here; scripts/ensure-services installs chromium, so a missing one is a failure).

Browser tests wait for a condition (`expect(...)`, `wait_for_url`), never for a clock: the
limit below only ends a wait that will never succeed. It is generous because a 2-core machine
running several suites at once can take many seconds to serve one page.
"""

from __future__ import annotations

from typing import Any

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags chromium keeps dialling Google on a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# How long any wait may take before the test fails: a hung page, not a slow one.
PATIENCE_MS = 90_000


def launch_chromium(playwright: Any) -> Any:  # noqa: ANN401 (playwright's sync API objects)
    from playwright.sync_api import expect

    expect.set_options(timeout=PATIENCE_MS)
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=PATIENCE_MS
    )


def new_page(browser: Any, **context_options: Any) -> Any:  # noqa: ANN401
    """A page in a fresh context whose every wait (actions, navigations, expect) gets
    PATIENCE_MS."""
    context = browser.new_context(**context_options)
    context.set_default_timeout(PATIENCE_MS)
    context.set_default_navigation_timeout(PATIENCE_MS)
    return context.new_page()
