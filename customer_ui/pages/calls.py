"""Calls: a filtered, paged list; one call's transcript is customer_ui/pages/call_detail.py."""

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
from customer_ui.layout import member_page, read_off_loop
from customer_ui.pages.call_detail import call_details
from customer_ui.pages.dashboard import OUTCOMES, calls_table
from models import CallOutcome
from services.bots import list_bots
from services.call_history import CallFilter, CallPage, list_calls
from services.errors import ValidationFailed

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
        values = {k: v for k, v in asdict(self).items() if v}
        return "/calls?" + urlencode(values | more)


def register(ctx: PortalContext) -> None:
    @ui.page("/calls")
    async def calls_page(
        bot: str = "",
        outcome: str = "",
        since: str = "",
        until: str = "",
        number: str = "",
        page: str = "1",
    ) -> None:
        # Text, not int: a page number no link of ours carries ("%00", 10,000 digits) shows
        # the first page instead of FastAPI's bare 422.
        page_number = int(page) if page.isascii() and page.isdigit() and len(page) <= 9 else 1
        await call_list(ctx, Asked(bot, outcome, since, until, number), page_number)

    @ui.page("/calls/{call_id}")
    def call_page(call_id: str) -> None:
        with member_page(ctx, "Call") as view:
            call_details(view, call_id)


async def call_list(ctx: PortalContext, asked: Asked, page_number: int) -> None:
    """The filters, then the page of calls they find, read off the event loop."""

    def load(db: Session) -> tuple[dict[str, str], CallPage | ValidationFailed]:
        bots = {str(b.id): b.name for b in list_bots(session=db)}
        try:
            filters = CallFilter(
                bot_id=int(asked.bot) if asked.bot in bots else None,
                outcome=asked.outcome or None,
                date_from=_date(asked.since, "date_from"),
                date_to=_date(asked.until, "date_to"),
                number=asked.number or None,
            )
            return bots, list_calls(
                session=db, filters=filters, page=page_number, per_page=PER_PAGE
            )
        except ValidationFailed as error:
            return bots, error

    bots, result = await read_off_loop(ctx, load)
    with member_page(ctx, "Calls") as view:
        tr = view.tr
        _filters(tr, bots, asked)
        if isinstance(result, ValidationFailed):
            ui.label(" ".join(tr(m) for m in result.fields.values())).classes("text-negative")
            return
        ui.label(tr("{count} calls", count=tr.number(result.total))).classes(
            "text-sm text-gray-600"
        )
        if not result.rows:
            ui.label(tr("No calls match."))
            return
        calls_table(tr, result.rows)
        if result.pages > 1:
            ui.pagination(
                1,
                result.pages,
                direction_links=True,
                value=result.page,
                on_change=lambda e: ui.navigate.to(asked.query(page=e.value)),
            ).props("max-pages=9 boundary-numbers")


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


def _date(value: str, field: str) -> date | None:
    if not value.strip():
        return None
    if (day := read_day(value)) is None:
        raise ValidationFailed({field: N_("Please write dates as YYYY-MM-DD.")})
    return day
