"""Debian's chromium for the real-browser journeys (`playwright install` cannot download
browsers here; scripts/ensure-services installs chromium, so a missing one is a failure).

Browser tests wait for a condition (`expect(...)`, `wait_for_url`), never for a clock: the
limit below only ends a wait that will never succeed. It is generous because a 2-core machine
running several suites at once can take many seconds to serve one page.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.factories import Factory

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags chromium keeps dialling Google on a closed network.
# Names other than this machine's fail at once: a page that asks the internet for something
# (the back office's theme asks Google for a font) would otherwise wait seconds for each name
# lookup on this closed network. Cheaper than intercepting every request with page.route.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
# How long any wait may take before the test fails: a hung page, not a slow one.
PATIENCE_MS = 90_000


# This test process's Playwright driver and Chromium, started by the first browser test and
# kept for the rest: each test opens contexts of its own, which share nothing (cookies,
# storage, cache). A driver and a browser per test cost ~1.3 s of wall time and more of CPU
# (measured here: 1.4-1.7 s a test against 0.56 s with one driver and one browser).
_running: tuple[Any, Any] | None = None
_depth = 0  # of `with chromium()` blocks, which a test may nest


@contextmanager
def chromium() -> Iterator[Any]:
    """This process's Chromium, for a test to open its contexts in (`new_page`); the ones
    opened in the `with` are closed at its end."""
    from playwright.sync_api import expect

    expect.set_options(timeout=PATIENCE_MS)
    driver, browser = _started()
    # Between its calls Playwright's sync API marks its event loop as this thread's running
    # one (playwright/_impl/_greenlets.py, wait_for_future) and its loop needs that mark when
    # a call resumes it; asyncio, though, refuses to start another loop while it is set: the
    # next test's pytest-asyncio loop or asyncio.run. So the mark is set for the outermost
    # `with` and taken off after it.
    global _depth
    asyncio._set_running_loop(driver._loop)
    before = browser.contexts
    _depth += 1
    try:
        yield browser
    finally:
        for context in browser.contexts:
            if not any(context is old for old in before):
                context.close()
        _depth -= 1
        if _depth == 0:
            asyncio._set_running_loop(None)


def _started() -> tuple[Any, Any]:
    """The running driver and Chromium, started again if an earlier test left them dead."""
    global _running
    from playwright.sync_api import sync_playwright

    if _running is not None and _running[1].is_connected():
        return _running
    _stop()
    driver = sync_playwright().start()
    browser = driver.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=PATIENCE_MS
    )
    _running = (driver, browser)
    return _running


@atexit.register
def _stop() -> None:
    """Close the browser and its driver, in whatever state a test left them."""
    global _running
    if _running is None:
        return
    driver, browser = _running
    _running = None
    asyncio._set_running_loop(driver._loop)
    with contextlib.suppress(Exception):  # a browser that died already
        browser.close()
    with contextlib.suppress(Exception):  # a driver that died already
        driver.stop()
    asyncio._set_running_loop(None)


def new_page(browser: Any, **context_options: Any) -> Any:  # noqa: ANN401
    """A page in a fresh context whose every wait (actions, navigations, expect) gets
    PATIENCE_MS."""
    context = browser.new_context(**context_options)
    context.set_default_timeout(PATIENCE_MS)
    context.set_default_navigation_timeout(PATIENCE_MS)
    return context.new_page()


def open_portal_page(page: Any, url: str) -> None:  # noqa: ANN401
    """Open a portal page and wait until its websocket has shaken hands, so that what the test
    types and clicks next reaches the server in that order.

    Before the handshake NiceGUI's browser code holds each change and click in a timer of its
    own that looks every 10 ms whether the socket is up; the first timer to look after the
    handshake sends first, so a field's earlier value could overwrite a later one, or a click
    arrive before the text it submits (test_browser_signup failed so in CI). A person cannot
    type within those first milliseconds; a test can.
    """
    page.goto(url)
    page.wait_for_function("window.did_handshake === true")


def enter_before_the_change(field: Any, value: str) -> None:  # noqa: ANN401
    """Put `value` in `field` and press Enter, with no change event for the field at all:
    the order the portal's server may see when Enter follows the typing at once (a key's
    event ahead of the field's change; customer_ui/enter_key.py)."""
    field.evaluate(
        """(field, value) => {
            field.value = value;
            field.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
        }""",
        value,
    )


# The portal's log-in form and the dashboard's first words, per language.
LOG_IN_WORDS = {
    "de": ("E-Mail", "Passwort", "Anmelden", "Minuten diesen Monat"),
    "en": ("E-mail", "Password", "Log in", "Minutes this month"),
}


@contextmanager
def browser_page(*, width: int = 1280, height: int = 900, language: str = "de") -> Iterator[Any]:
    """A page in a fresh context of headless Chromium, `width` px wide, in `language`; the
    context is closed afterwards."""
    locale = {"de": "de-AT", "en": "en-US"}[language]
    with chromium() as browser:
        yield new_page(browser, locale=locale, viewport={"width": width, "height": height})


@contextmanager
def logged_in_page(
    portal_url: str, email: str, *, width: int = 1280, height: int = 900, language: str = "de"
) -> Iterator[Any]:
    """A page in a fresh context of headless Chromium, `width` px wide, logged in to the
    portal in `language`; the context is closed afterwards."""
    with browser_page(width=width, height=height, language=language) as page:
        log_in(page, portal_url, email, language=language)
        yield page


def log_in(page: Any, portal_url: str, email: str, *, language: str = "de") -> None:  # noqa: ANN401
    """Log in through the portal's form in `language` with the factories' password; returns
    once the dashboard shows."""
    from playwright.sync_api import expect

    email_label, password_label, button, dashboard = LOG_IN_WORDS[language]
    open_portal_page(page, f"{portal_url}/login")
    page.get_by_label(email_label).fill(email)
    page.get_by_label(password_label).fill(Factory.password)
    page.get_by_role("button", name=button).click()
    expect(page.get_by_text(dashboard)).to_be_visible()


# The sign-up form, its answer and the password page, per language.
SIGN_UP_WORDS = {
    "de": (
        ("Firma", "Ihr Name", "E-Mail", "Konto anlegen", "Bitte sehen Sie in Ihr Postfach"),
        ("Neues Passwort", "Passwort wiederholen", "Passwort speichern und anmelden"),
    ),
    "en": (
        ("Company", "Your name", "E-mail", "Create account", "Please check your inbox"),
        ("New password", "Repeat the password", "Save password and log in"),
    ),
}


def sign_up(
    page: Any,  # noqa: ANN401
    portal_url: str,
    *,
    company: str,
    name: str,
    email: str,
    password: str,
    outbox: Callable[[], str],
    language: str = "de",
    before_sending: Callable[[], None] = lambda: None,
) -> None:
    """Sign a company up through the portal's form in `language` (terms accepted), then
    follow the link of the e-mail `outbox` returns and choose `password`; returns once the
    dashboard shows."""
    from playwright.sync_api import expect

    (company_label, name_label, email_label, send, sent), password_words = SIGN_UP_WORDS[language]
    open_portal_page(page, f"{portal_url}/signup")
    page.get_by_label(company_label).fill(company)
    page.get_by_label(name_label).fill(name)
    page.get_by_label(email_label).fill(email)
    page.get_by_role("checkbox").click()  # the terms and the privacy policy
    before_sending()
    page.get_by_role("button", name=send).click()
    expect(page.get_by_text(sent)).to_be_visible()
    open_portal_page(page, re.search(r"http\S+/signup/\S+", outbox()).group(0))  # type: ignore[union-attr]
    new_password, repeat, save = password_words
    page.get_by_label(new_password).fill(password)
    page.get_by_label(repeat).fill(password)
    page.get_by_role("button", name=save).click()
    expect(page.get_by_text(LOG_IN_WORDS[language][3])).to_be_visible()


# The first few elements that reach past the window's right edge: what to fix.
_STICKING_OUT = """[...document.querySelectorAll("body *")]
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 5).map((e) => e.tagName + "." + e.className + " " + (e.id || ""))"""


def sideways_scroll(page: Any, what: str) -> str | None:  # noqa: ANN401
    """How the page scrolls sideways (on a phone the user would have to pan), naming the
    elements that stick out; None if it does not."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow <= 0:
        return None
    width = page.viewport_size["width"]
    sticking_out = page.evaluate(_STICKING_OUT)
    return f"{what} runs {overflow} px off the side of a {width} px screen: {sticking_out}"


def assert_no_sideways_scroll(page: Any, what: str) -> None:  # noqa: ANN401
    """Fail if the page scrolls sideways, naming the elements that stick out."""
    if (problem := sideways_scroll(page, what)) is not None:
        raise AssertionError(problem)


def open_and_check_width(
    page: Any,  # noqa: ANN401
    url: str,
    shows: str,
    screenshot: Path,
) -> None:
    """Open `url`, wait until it shows the text `shows`, save a full-page screenshot for
    people to look at, and fail if the page runs off the side."""
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.get_by_text(shows).first).to_be_visible()
    page.screenshot(path=screenshot, full_page=True)
    assert_no_sideways_scroll(page, url)
