"""Calls: a filtered list, newest first, paged by cursor; one call's transcript is
customer_ui/pages/call_detail.py.

"Older" carries the last call on the page (`after=…`), "Newer" the first (`before=…`), and
"Newest" goes back to the start; the filters ride along. There is no total and no page
numbers: they need a count of every matching call on each page, and a numbered page reads
every call before it (services.call_history.list_calls has the figures). An old `?page=N`
address, or a cursor that was edited, shows the newest calls."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from urllib.parse import urlencode

from nicegui import ui
from sqlalchemy.orm import Session

from core.catalogue import N_
from customer_ui.context import PortalContext
from customer_ui.day_fields import day_input, read_day
from customer_ui.i18n import Texts
from customer_ui.layout import member_page, member_page_of, read_off_loop
from customer_ui.pages.call_detail import call_details
from customer_ui.pages.dashboard import OUTCOMES, calls_table
from models import CallOutcome
from services.bot_list import bot_names
from services.call_history import CallCursor, CallFilter, CallPage, list_calls
from services.caller_numbers import searched_part
from services.errors import ValidationFailed
from services.tenant_settings import own_tenant

PER_PAGE = 25


@dataclass(frozen=True)
class Asked:
    """The list's filters as the address carries them (text: they are checked on reading)."""

    bot: str = ""
    outcome: str = ""
    since: str = ""
    until: str = ""
    number: str = ""

    def query(self, **more: str | int) -> str:
        """The address of the list with these filters (empty ones left out) and `more`."""
        query = urlencode({k: v for k, v in asdict(self).items() if v} | more)
        return f"/calls?{query}" if query else "/calls"


def register(ctx: PortalContext) -> None:
    @ui.page("/calls")
    async def calls_page(
        bot: str = "",
        outcome: str = "",
        since: str = "",
        until: str = "",
        number: str = "",
        after: str = "",
        before: str = "",
    ) -> None:
        # Text, not a type FastAPI checks: an edited address shows the newest calls instead
        # of a bare 422 (CallCursor.read takes only what CallCursor.text writes).
        asked = Asked(bot, outcome, since, until, number)
        await call_list(ctx, asked, CallCursor.read(after), CallCursor.read(before))

    @ui.page("/calls/{call_id}")
    def call_page(call_id: str) -> None:
        with member_page(ctx, "Call") as view:
            call_details(view, call_id)


async def call_list(
    ctx: PortalContext, asked: Asked, after: CallCursor | None, before: CallCursor | None
) -> None:
    """The filters, then the page of calls they find, read off the event loop."""

    def load(db: Session) -> tuple[dict[str, str], CallPage | ValidationFailed]:
        bots = {str(bot_id): name for bot_id, name in bot_names(session=db).items()}
        try:
            filters = CallFilter(
                bot_id=int(asked.bot) if asked.bot in bots else None,
                outcome=asked.outcome or None,
                date_from=_date(asked.since, "date_from"),
                date_to=_date(asked.until, "date_to"),
                number=_number(db, asked.number),
            )
            return bots, list_calls(
                session=db,
                filters=filters,
                after=after,
                before=before,
                per_page=PER_PAGE,
            )
        except ValidationFailed as error:
            return bots, error

    read = await read_off_loop(ctx, load)
    bots, result = read.data
    with member_page_of(read, "Calls") as view:
        tr = view.tr
        _filters(tr, bots, asked)
        if isinstance(result, ValidationFailed):
            # Each message once: both dates out of range say the same thing.
            messages = dict.fromkeys(tr(m) for m in result.fields.values())
            ui.label(" ".join(messages)).classes("text-negative")
            return
        if result.rows:
            calls_table(tr, result.rows)
        else:
            ui.label(tr("No calls match."))
        _pager(tr, asked, result)


def _pager(tr: Texts, asked: Asked, page: CallPage) -> None:
    """Newest, Newer and Older as links (a new tab, the back button and a bookmark work);
    one that leads nowhere is greyed out, and a list of one page has none."""
    newer = asked.query(before=page.newer.text()) if page.newer else None
    older = asked.query(after=page.older.text()) if page.older else None
    if newer or older:
        with ui.row().classes("w-full justify-center gap-2"):
            _link_button(
                tr("Newest"), asked.query() if newer else None, "calls-newest", "first_page"
            )
            _link_button(tr("Newer"), newer, "calls-newer", "chevron_left")
            _link_button(tr("Older"), older, "calls-older", "chevron_right", icon_right=True)


def _link_button(
    label: str, url: str | None, mark: str, icon: str, *, icon_right: bool = False
) -> None:
    button = ui.button(label).props('flat no-caps dense padding="xs sm"').mark(mark)
    button.props(f"{'icon-right' if icon_right else 'icon'}={icon}")
    if url is None:
        button.disable()
    else:
        button.props["href"] = url


def _filters(tr: Texts, bots: dict[str, str], asked: Asked) -> None:
    """The filter row; "Filter" opens the list with what is chosen in it."""
    outcomes = {o.value for o in CallOutcome}
    with ui.row().classes("w-full items-end gap-2"):
        bot_filter = ui.select(
            {"": tr("All bots")} | bots,
            value=asked.bot if asked.bot in bots else "",
            label=tr("Bot"),
        ).classes("w-48")
        outcome_filter = ui.select(
            {"": tr("All outcomes")} | {o.value: tr(OUTCOMES[o.value]) for o in CallOutcome},
            value=asked.outcome if asked.outcome in outcomes else "",
            label=tr("Outcome"),
        ).classes("w-48")
        since_filter = day_input(tr, tr("From (YYYY-MM-DD)"), read_day(asked.since)).classes("w-48")
        until_filter = day_input(tr, tr("To (YYYY-MM-DD)"), read_day(asked.until)).classes("w-48")
        number_filter = ui.input(tr("Caller number"), value=asked.number).classes("w-40")

        def apply() -> None:
            chosen = Asked(
                bot=bot_filter.value or "",
                outcome=outcome_filter.value or "",
                since=(since_filter.value or "").strip(),
                until=(until_filter.value or "").strip(),
                number=(number_filter.value or "").strip(),
            )
            ui.navigate.to(chosen.query())

        ui.button(tr("Filter"), icon="filter_list", on_click=apply)


def _number(db: Session, asked: str) -> str | None:
    """The part of a caller's number searched for, as the tenant's country writes it."""
    if not asked.strip():
        return None
    return searched_part(asked, country=own_tenant(session=db).country) or None


def _date(value: str, field: str) -> date | None:
    if not value.strip():
        return None
    if (day := read_day(value)) is None:
        raise ValidationFailed({field: N_("Please write dates as YYYY-MM-DD.")})
    return day
