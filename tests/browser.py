"""Debian's chromium for the real-browser journeys (`playwright install` cannot download
browsers here; scripts/ensure-services installs chromium, so a missing one is a failure)."""

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


def launch_chromium(playwright: Any) -> Any:  # noqa: ANN401 (playwright's sync API objects)
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
