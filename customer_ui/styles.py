"""The portal's Tailwind classes as a stylesheet compiled ahead of time (static/tailwind.css,
written by scripts/build_portal_css.py) instead of NiceGUI's default, Tailwind's browser
build: a ~270 KB script every visitor's browser fetched and ran to compile the page's
classes on each page load, which Tailwind calls unfit for production. In headless Chromium
the portal's pages took ~5 % less CPU with the sheet (looking the same, pixel for pixel).
The sheet's address carries its content's hash, so a browser keeps it for a year and
fetches a new one when it changes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from nicegui import Client, ui
from nicegui import app as nicegui_app

STYLESHEET = Path(__file__).parent / "static" / "tailwind.css"
YEAR_SECONDS = 365 * 24 * 3600


def serve_compiled_tailwind() -> None:
    """Serve the sheet and link it from every page (once per process: NiceGUI's head is
    process-wide, and tests build the portal many times)."""
    version = hashlib.sha256(STYLESHEET.read_bytes()).hexdigest()[:12]
    url = f"/styles/tailwind-{version}.css"  # public (customer_ui/auth.py)
    link = f'<link rel="stylesheet" href="{url}">'
    if link in Client.shared_head_html:
        return
    nicegui_app.add_static_file(local_file=STYLESHEET, url_path=url, max_cache_age=YEAR_SECONDS)
    ui.add_head_html(link, shared=True)
