"""The Usage page's month: which of the last twelve the page shows, the picker that changes
it, and the month's usage as CSV."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from nicegui import ui

from customer_ui.context import PortalContext
from customer_ui.layout import MemberView, guarded
from services.usage_reports import usage_csv


def month_bar(ctx: PortalContext, page: MemberView, first: date, last: date, today: date) -> None:
    """The month picker (the last twelve months) and the CSV download of the month `first`
    to `last` (chosen_month)."""
    tr = page.tr
    months = [shift(today.replace(day=1), -n) for n in range(12)]

    def download() -> None:
        with ctx.tenant_db(page.who) as (db, _user):
            text = usage_csv(session=db, first=first, last=last)
        ui.download.content(text.encode("utf-8"), f"usage-{first:%Y-%m}.csv", "text/csv")

    with ui.row().classes("items-end gap-4"):
        ui.select(
            {m.strftime("%Y-%m"): page.tr.month(m) for m in months},
            value=first.strftime("%Y-%m"),
            label=tr("Month"),
            on_change=lambda e: ui.navigate.to(f"/usage?month={e.value}"),
        ).classes("w-40")
        ui.button(tr("Download CSV"), icon="download", on_click=guarded(tr, download))


def chosen_month(value: str, today: date) -> tuple[date, date]:
    """The chosen month ("2026-11") if it is one of the twelve the page offers, else this
    month (also for "9999-12" or "0001-01", which the date arithmetic cannot shift); its
    first and last day."""
    this_month = today.replace(day=1)
    try:
        first = datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        first = this_month
    if not shift(this_month, -11) <= first <= this_month:
        first = this_month
    return first, shift(first, 1) - timedelta(days=1)


def shift(first_of_month: date, months: int) -> date:
    """The first of the month `months` after (or before) `first_of_month`."""
    years, index = divmod(first_of_month.month - 1 + months, 12)
    return date(first_of_month.year + years, index + 1, 1)
