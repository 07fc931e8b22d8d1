"""Shared chrome: the header with navigation, the public-page card, and the guards that turn
errors into friendly words (no stack trace ever reaches a page)."""

from __future__ import annotations

import copy
import functools
import inspect
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from typing import Any, TypeVar

from nicegui import app, run, ui
from nicegui.storage import request_contextvar
from sqlalchemy.orm import Session

from core.catalogue import N_, negotiate
from customer_ui.auth import LANGUAGE_KEY, forget_login, stored_user
from customer_ui.context import PageRead, PortalContext, PortalUser, SessionEnded
from customer_ui.i18n import Texts, texts
from models import Tenant, User
from services.errors import DomainError, NotFound, ValidationFailed
from services.permissions import REFUSED, Action, allows

T = TypeVar("T")

log = logging.getLogger(__name__)

# Path, label, icon, and the action a person needs to see it in the navigation (None: all).
NAV = (
    ("/", N_("Dashboard"), "dashboard", None),
    ("/bots", "Bots", "smart_toy", Action.VIEW_BOTS),
    ("/bookings", "Bookings", "event", Action.BOOKINGS),
    ("/messages", "Messages", "mail", Action.MESSAGES),
    ("/calls", "Calls", "call", Action.VIEW_CALLS),
    ("/usage", "Usage", "bar_chart", Action.VIEW_USAGE),
    ("/billing", "Billing", "receipt_long", Action.BILLING),
    ("/support", "Support", "support_agent", Action.SUPPORT),
    ("/team", N_("Team"), "group", Action.TEAM),
    ("/settings", "Settings", "settings", None),
)


@dataclass
class MemberView:
    """What a logged-in page builds with: the person, their tenant, words."""

    user: User
    tenant: Tenant
    tr: Texts
    who: PortalUser

    def may(self, action: Action) -> bool:
        """Whether to offer `action` (services.permissions); the services refuse it anyway."""
        return allows(self.user.role, action)

    def refused(self, action: Action) -> bool:
        """True, with a note in place of the page, when the person may not `action`."""
        if self.may(action):
            return False
        ui.label(self.tr(REFUSED)).classes("text-lg").mark("not-allowed")
        ui.link(self.tr("Back to the dashboard"), "/")
        return True


@dataclass
class MemberPage(MemberView):
    """A logged-in page that reads and writes through its own session while it is built."""

    db: Session


@contextmanager
def member_page(ctx: PortalContext, title: str) -> Iterator[MemberPage]:
    """A logged-in page: tenant-bound session (committed at the end), header and title.
    The middleware has checked the login; a stale one raises SessionEnded here."""
    who = stored_user()
    if who is None:
        raise SessionEnded
    with ctx.member_db(who) as (db, user, tenant):
        tr = texts(user.locale)
        with frame(tr, user, tenant.name, tr(title)):
            yield MemberPage(db=db, user=user, tenant=tenant, tr=tr, who=who)


async def read_off_loop(ctx: PortalContext, query: Callable[[Session], T]) -> PageRead[T]:
    """The page's heavy read, in a worker thread with its own tenant session, which also
    checks the login and brings the person and their company for `member_page_of`."""
    who = stored_user()
    if who is None:
        raise SessionEnded
    read = await run.io_bound(ctx.read_page, who, query)
    if read is None:  # the server is shutting down
        raise SessionEnded
    return read


@contextmanager
def member_page_of(read: PageRead[Any], title: str) -> Iterator[MemberView]:
    """A logged-in page built from what its read brought (`read_off_loop`): header and
    title with no session of its own — one transaction fewer a page, where the session
    of `member_page` cost ~1.2 ms of CPU and four round trips to the database."""
    tr = texts(read.user.locale)
    with frame(tr, read.user, read.tenant.name, tr(title)):
        yield MemberView(user=read.user, tenant=read.tenant, tr=tr, who=read.who)


def page_texts(user: User | None = None, *, default: str = "de-AT") -> Texts:
    """The person's language when logged in; on a public page what they picked, else what
    their browser prefers (German or English, negotiated by Babel), else the platform's
    default."""
    if user is not None:
        return texts(user.locale)
    if picked := app.storage.user.get(LANGUAGE_KEY):
        return texts(picked)
    request = request_contextvar.get()
    language = negotiate(request.headers.get("accept-language") if request else None)
    if language is not None:
        return texts("de-AT" if language == "de" else "en-US")
    return texts(default)


# Below this width the navigation moves from the header into a drawer behind a menu button:
# the ten German buttons need ~1,100 px in a row, and wrapped they filled a phone's first
# screen (a 236 px block at 390 px) and took a second line on a 1366 px laptop.
NARROW_CSS = """
@media (max-width: 1239.98px) { .wide-only { display: none !important; } }
@media (min-width: 1240px) { .narrow-only { display: none !important; } }
"""


def quasar_speaks(tr: Texts) -> None:
    """Quasar's own words (an empty table's "No data available", a date picker's months)
    and the page's `lang` in the reader's language. NiceGUI takes the language from the
    page, one for every visitor, so this page's client gets a copy of it with theirs; the
    page is rendered after its function has run."""
    client = ui.context.client
    own = copy.copy(client.page)
    own.language = "de-DE" if tr.german else "en-US"
    client.page = own


@contextmanager
def frame(tr: Texts, user: User, company: str, title: str) -> Iterator[None]:
    """The logged-in page: header with navigation and the account menu (the person and
    their company), then content. On a narrow screen the navigation sits in a drawer."""
    quasar_speaks(tr)
    ui.page_title(f"{title} · VoiceAgent")
    ui.add_css(NARROW_CSS)
    links = [
        (path, tr(label), icon)
        for path, label, icon, action in NAV
        if action is None or allows(user.role, action)
    ]
    drawer = ui.left_drawer(value=False).props("overlay behavior=mobile bordered")
    with drawer:
        ui.html(
            f'<div class="text-sm text-gray-600 px-4 pt-2 break-words">{escape(company)}</div>'
            f'<nav class="w-full">{_nav_links(links, DRAWER_LINK, DRAWER_ICON)}</nav>'
        ).classes("w-full")
    with ui.header().classes("items-center justify-between bg-indigo-700 px-4 py-2 no-wrap"):
        with ui.row().classes("items-center gap-1 no-wrap"):
            menu = tr("Menu")
            ui.button(icon="menu", on_click=drawer.toggle).props(
                f'flat round color=white aria-label="{menu}"'
            ).classes("narrow-only")
            ui.html(
                '<span class="text-lg font-bold mr-4">VoiceAgent</span>'
                f'<nav class="wide-only flex items-center gap-1">'
                f"{_nav_links(links, HEADER_LINK, HEADER_ICON)}</nav>"
            ).classes("flex items-center no-wrap")
        # Who is logged in for which company sits in the account menu: the header has no room.
        account = ui.button(icon="account_circle").props("flat round color=white")
        account.props["aria-label"] = user.name
        with account, ui.menu():
            ui.html(
                f'<div class="font-semibold">{escape(user.name)}</div>'
                f'<div class="text-sm text-gray-600">{escape(company)}</div>'
            ).classes("px-4 py-2")
            ui.separator()
            ui.menu_item(tr("Log out"), on_click=lambda: logout()).mark("logout")
            ui.menu_item(
                tr("Log out everywhere"), on_click=lambda: ui.navigate.to("/settings#sessions")
            )
    with ui.column().classes("w-full max-w-6xl mx-auto p-4 gap-4"):
        ui.label(title).classes("text-2xl font-semibold")
        yield


# The navigation is plain links in one element per place (header, drawer), not a button or
# list item per page: a page's chrome was over half its ~100 elements and of the CPU it took
# to build (NiceGUI makes each element with several observed collections), and a link opens
# with a middle click and reads as a link to a screen reader. For the same reason the
# company's name, the brand and the account menu's names are markup beside them (escaped),
# not labels of their own.
HEADER_LINK = (
    "inline-flex items-center gap-1 px-2 py-1 rounded text-white text-sm font-medium"
    " no-underline hover:bg-indigo-600"
)
HEADER_ICON = "material-icons text-lg"
DRAWER_LINK = "flex items-center gap-4 px-4 py-3 text-gray-900 no-underline hover:bg-gray-100"
DRAWER_ICON = "material-icons text-2xl text-gray-600"


def _nav_links(links: list[tuple[str, str, str]], link_class: str, icon_class: str) -> str:
    return "".join(
        f'<a href="{escape(path)}" class="{link_class}">'
        f'<i class="{icon_class}" aria-hidden="true">{escape(icon)}</i>'
        f"<span>{escape(label)}</span></a>"
        for path, label, icon in links
    )


def cards_on_a_phone(table: ui.table) -> ui.table:
    """Below 600 px each row becomes a card listing every column (Quasar's grid mode; a
    row click still opens the row), instead of a table whose right part hides behind the
    edge. Only for tables without cell slots: grid cards show plain values."""
    return table.props(':grid="Quasar.Screen.lt.sm"')


@contextmanager
def public_card(tr: Texts, title: str) -> Iterator[None]:
    """Centered card for login, sign-up and the e-mailed links, with a language switch."""
    quasar_speaks(tr)
    ui.page_title(f"{title} · VoiceAgent")
    with ui.column().classes("w-full items-center mt-16"):
        ui.label("VoiceAgent").classes("text-3xl font-bold text-indigo-700")
        with ui.card().classes("w-96 p-6 gap-3"):
            ui.label(title).classes("text-xl font-semibold")
            yield
        with ui.row().classes("gap-2 text-sm"):
            for locale, label in (("de-AT", "Deutsch"), ("en-US", "English")):
                ui.link(label).on("click", lambda _e, loc=locale: _switch_language(loc)).classes(
                    "cursor-pointer"
                )


def _switch_language(locale: str) -> None:
    app.storage.user[LANGUAGE_KEY] = locale
    ui.navigate.reload()


def logout() -> None:
    forget_login()
    ui.navigate.to("/login")


def show_field_errors(
    tr: Texts, inputs: dict[str, Any], error: ValidationFailed, *, notify: bool = True
) -> None:
    """Put each message under its field; messages for fields without an input are notified."""
    leftovers = []
    for name, message in error.fields.items():
        field = inputs.get(name)
        if field is not None and hasattr(field, "error"):
            field.error = tr(message)
            field.props("error")  # shows the message even before the field is touched
        else:
            leftovers.append(tr(message))
    if leftovers and notify:
        ui.notify(" ".join(leftovers), type="warning")


def clear_field_errors(inputs: dict[str, Any]) -> None:
    for field in inputs.values():
        if hasattr(field, "error"):
            field.error = None
            field.props(remove="error")


def guarded(tr: Texts, action: Callable[..., Any]) -> Callable[..., Any]:
    """An event handler that never shows a stack trace: a stale session goes to the login,
    a domain error becomes a message, anything else a polite apology (and a log entry).
    An async handler stays async."""
    if inspect.iscoroutinefunction(action):

        @functools.wraps(action)
        async def run_async(*args: Any, **kwargs: Any) -> Any:
            with _told_politely(tr):
                return await action(*args, **kwargs)
            return None

        return run_async

    @functools.wraps(action)
    def run(*args: Any, **kwargs: Any) -> Any:
        with _told_politely(tr):
            return action(*args, **kwargs)
        return None

    return run


@contextmanager
def _told_politely(tr: Texts) -> Iterator[None]:
    """What `guarded` does with an error: handled here, not raised on."""
    try:
        yield
    except SessionEnded:
        forget_login()
        ui.navigate.to("/login")
    except ValidationFailed as error:
        ui.notify(" ".join(tr(m) for m in error.fields.values()), type="warning")
    except DomainError as error:
        ui.notify(tr(error.message), type="warning")
    except Exception:
        log.exception("portal action failed")
        ui.notify(tr("Sorry, something went wrong. Please try again."), type="negative")


def not_found(tr: Texts, message: str, back: str) -> None:
    """The same answer for "missing" and "another tenant's": nothing is revealed."""
    ui.label(tr("Not found")).classes("text-xl")
    ui.label(tr(message))
    ui.link(tr("Back"), back)


def found(tr: Texts, find: Callable[[int], T], raw_id: str, message: str, back: str) -> T | None:
    """What `find` returns for the id in the page's address, or None once the page says it
    is not found (an id that is no number, too): `message`, and a link `back`."""
    try:
        return find(parse_id(raw_id))
    except NotFound:
        not_found(tr, message, back)
        return None


def parse_id(value: str) -> int:
    """A URL's id; anything that is not a number is simply not found."""
    if not (value.isascii() and value.isdigit()) or len(value) > 18:  # not "²" or "١"
        raise NotFound("Not found.")
    return int(value)
