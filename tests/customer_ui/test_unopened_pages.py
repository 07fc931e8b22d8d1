"""A page rendered for a request whose browser never opens its websocket is dropped once
it is older than UNOPENED_SECONDS (NiceGUI alone keeps it 60 s, and each one wakes the
event loop ten times a second meanwhile); a page whose browser connected, and a page
still young enough to be connected, stay."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

import pytest
from nicegui.client import Client
from nicegui.testing.user import User

from customer_ui import unopened_pages
from customer_ui.unopened_pages import UNOPENED_SECONDS


@pytest.fixture
def quick_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Look every 0.1 s instead of every few seconds (read when the app starts, so this
    fixture comes before `user`)."""
    monkeypatch.setattr(unopened_pages, "CHECK_EVERY_SECONDS", 0.1)


async def rendered_client(user: User, path: str) -> Client:
    """The client of a page fetched as a script would: its HTML only, no websocket."""
    response = await user.http_client.get(path)
    assert response.status_code == 200
    found = re.search(r"'client_id': '([0-9a-f-]+)'", response.text)
    assert found is not None
    return Client.instances[found.group(1)]


async def test_a_page_never_opened_is_dropped_and_the_others_stay(
    quick_checks: None, user: User
) -> None:
    opened = await user.open("/login")
    never_opened = await rendered_client(user, "/login")
    young = await rendered_client(user, "/login")
    for old in (opened, never_opened):
        old.created -= UNOPENED_SECONDS + 1

    for _ in range(100):
        if never_opened.id not in Client.instances:
            break
        await asyncio.sleep(0.1)

    assert never_opened.id not in Client.instances
    assert never_opened.is_deleted
    assert young.id in Client.instances
    assert opened.id in Client.instances
    await user.should_see("E-mail")  # the connected page still works


def looks_counted(monkeypatch: pytest.MonkeyPatch, page: Client) -> Callable[[], int]:
    """How often, from now on, `page`'s outbox asks whether its browser is connected. One
    that spins (over 100 looks) is stopped with an error: it would starve the test too."""
    looked = 0
    connected = Client.has_socket_connection

    def counted(client: Client) -> bool:
        nonlocal looked
        if client is page:
            looked += 1
            if looked > 100:
                raise RuntimeError("the outbox spins")
        return connected.fget(client)  # type: ignore[attr-defined]

    monkeypatch.setattr(Client, "has_socket_connection", property(counted))
    return lambda: looked


async def test_a_page_waiting_for_its_browser_does_not_keep_looking(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NiceGUI's outbox looked ten times a second whether the browser had come; this one
    waits for the handshake, and ends as soon as the page is dropped."""
    waiting = await rendered_client(user, "/login")
    looked = looks_counted(monkeypatch, waiting)
    await asyncio.sleep(1.0)
    assert looked() <= 1

    outbox = next(t for t in asyncio.all_tasks() if t.get_name() == f"outbox loop {waiting.id}")
    waiting.delete()
    await asyncio.wait_for(outbox, timeout=1.0)


async def test_a_browser_that_came_and_left_before_the_outbox_ran_costs_no_spinning(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The handshake's event stays set when the socket drops at once: the outbox must not
    take it for a wake-up again and again (NiceGUI's own loop, a look every 0.1 s, takes
    over)."""
    left = await rendered_client(user, "/login")
    looked = looks_counted(monkeypatch, left)
    left._connected.set()  # noqa: SLF001 — what the handshake does; no socket is kept
    await asyncio.sleep(0.5)
    assert looked() <= 10
