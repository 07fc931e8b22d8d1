"""A phone that loses its connection for a few seconds keeps its page and what was typed.

The browser's socket to the portal is cut while a form is filled in and comes back after
OUTAGE_SECONDS (a lift, a tunnel): the page must not reload, and the save tapped during the
outage reaches the portal with the typed value. With NiceGUI's default of 3 s the portal had
already dropped the page, the browser reloaded it and the field showed the saved value
again (customer_ui/app.RECONNECT_SECONDS).
"""

from __future__ import annotations

import re
import time
from typing import Any

from tests.browser import logged_in_page, open_portal_page
from tests.customer_ui.test_browser_amounts import owner_email
from tests.customer_ui.test_browser_journey import portal_url, scratch_database_url

# The journey's fixtures (a real portal) and a German owner's login.
__all__ = ["owner_email", "portal_url", "scratch_database_url"]

OUTAGE_SECONDS = 6  # longer than NiceGUI's 3 s, well within the portal's wait


def test_a_form_filled_in_while_the_connection_drops_is_kept(
    portal_url: str, owner_email: str
) -> None:
    from playwright.sync_api import expect

    with logged_in_page(portal_url, owner_email, width=390) as page:
        sockets: list[tuple[Any, Any]] = []

        def through_the_network(socket: Any) -> None:  # noqa: ANN401
            if sockets:  # every connection after the first: the network is back only now
                time.sleep(OUTAGE_SECONDS)
            sockets.append((socket, socket.connect_to_server()))

        page.route_web_socket(re.compile(r".*/_nicegui_ws/.*"), through_the_network)
        with page.expect_websocket() as opened:
            open_portal_page(page, f"{portal_url}/settings")
        page.evaluate("window.before_the_outage = true")  # gone if the page reloads
        card = page.locator("#billing-details")
        # The outage begins once the typed value has left the browser: a value still on its
        # way when the network goes is lost with the socket (Socket.IO sends at most once).
        with opened.value.expect_event("framesent", lambda frame: "DE123456789" in frame):
            card.get_by_label("UID-Nummer (freiwillig)").fill("DE123456789")
        page_side, portal_side = sockets[0]
        portal_side.close()
        page_side.close()
        card.get_by_role("button", name="Rechnungsadresse speichern").click()

        expect(card.get_by_text("Das ist keine UID-Nummer des gewählten Landes")).to_be_visible()
        expect(card.get_by_label("UID-Nummer (freiwillig)")).to_have_value("DE123456789")
        assert page.evaluate("window.before_the_outage") is True
        assert len(sockets) >= 2, "the page never connected again"
