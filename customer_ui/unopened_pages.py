"""Pages rendered for a visitor whose browser never connects back are dropped after 15 s.

NiceGUI keeps every page it renders (its client and all its elements) in the process until
the browser opens the page's websocket, and drops one that never does only after 60 s,
looking every 10 s. Requests that never connect — link previews, crawlers, monitoring, a
script fetching pages, anyone replaying requests — therefore hold ~0.3 MB a dashboard for
up to 70 s: 30 dashboards a second (what one process serves) kept ~700 MB and slowed every
render by half as the heap grew (measured 2026-12-03: 29 → 44 ms of CPU a page over a
minute). A browser connects within a second or two; one that takes longer than
`UNOPENED_SECONDS` finds its page gone and reloads it (NiceGUI's script does that when the
handshake is refused), which costs it one more render.
"""

from __future__ import annotations

from nicegui import app
from nicegui.client import Client

UNOPENED_SECONDS = 15.0
CHECK_EVERY_SECONDS = 5.0


def drop_unopened_pages() -> None:
    """From the app's start on, every CHECK_EVERY_SECONDS: drop the pages rendered more
    than UNOPENED_SECONDS ago whose browser never connected (NiceGUI's own rule, sooner)."""
    app.on_startup(lambda: app.timer(CHECK_EVERY_SECONDS, _drop))


def _drop() -> None:
    Client.prune_instances(client_age_threshold=UNOPENED_SECONDS)
