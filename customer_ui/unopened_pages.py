"""Pages rendered for a visitor whose browser never connects back are dropped after 15 s,
and cost nothing while they wait.

NiceGUI keeps every page it renders (its client and all its elements) in the process until
the browser opens the page's websocket, and drops one that never does only after 60 s,
looking every 10 s. Requests that never connect — link previews, crawlers, monitoring, a
script fetching pages, anyone replaying requests — therefore hold ~0.3 MB a dashboard for
up to 70 s: 30 dashboards a second (what one process serves) kept ~700 MB and slowed every
render by half as the heap grew (measured 2026-12-03: 29 → 44 ms of CPU a page over a
minute). A browser connects within a second or two; one that takes longer than
`UNOPENED_SECONDS` finds its page gone and reloads it (NiceGUI's script does that when the
handshake is refused), which costs it one more render.

Meanwhile each page's outbox (nicegui/outbox.py, which sends the page's updates down its
websocket) looked ten times a second whether the browser had come: with the few hundred
pages a busy process holds, thousands of wake-ups a second, ~6 % of a portal's CPU under
bench/portal_pages.py (py-spy, 2026-12-07). `wait_for_browsers` gives NiceGUI an outbox that
starts its loop when the browser connects (woken by the handshake, and by NiceGUI when it
drops the page; it also looks every 5 s), and is NiceGUI's own from then on.
"""

from __future__ import annotations

import asyncio
import contextlib

import nicegui.client
from nicegui import app
from nicegui.client import Client
from nicegui.outbox import Outbox

UNOPENED_SECONDS = 15.0
CHECK_EVERY_SECONDS = 5.0


def drop_unopened_pages() -> None:
    """From the app's start on, every CHECK_EVERY_SECONDS: drop the pages rendered more
    than UNOPENED_SECONDS ago whose browser never connected (NiceGUI's own rule, sooner)."""
    app.on_startup(lambda: app.timer(CHECK_EVERY_SECONDS, _drop))


def _drop() -> None:
    Client.prune_instances(client_age_threshold=UNOPENED_SECONDS)


def wait_for_browsers() -> None:
    """Make each new page's outbox wait for its browser without polling; idempotent. Does
    nothing where the installed NiceGUI makes its outboxes some other way or no longer
    signals a connection with `Client._connected` (then this part can go)."""
    if nicegui.client.Outbox is Outbox:
        nicegui.client.Outbox = OutboxWaitingForItsBrowser  # type: ignore[misc]


class OutboxWaitingForItsBrowser(Outbox):
    async def loop(self) -> None:
        await self._browser_connected()
        await super().loop()  # it ends at once if the page was dropped meanwhile

    async def _browser_connected(self) -> None:
        while not self._should_stop:
            client = self._client()
            connected = getattr(client, "_connected", None)
            # An event already set with no socket (the browser connected and left before
            # this task ran) would not wait: NiceGUI's own loop takes over from there.
            if (
                client is None
                or client.has_socket_connection
                or connected is None
                or connected.is_set()
            ):
                return
            del client  # holds no page while it waits: an unopened page must be droppable
            # The timeout only guards against a connection the event did not announce.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(connected.wait(), timeout=5.0)
