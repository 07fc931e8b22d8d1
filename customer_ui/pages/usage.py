"""Usage: the month's bill so far (the same as the dashboard's and the invoice's), minutes
and their cost by day and by bot, and the same as CSV."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from nicegui import ui

from core.catalogue import N_
from customer_ui.context import PortalContext
from customer_ui.i18n import Texts
from customer_ui.layout import guarded, member_page, read_off_loop
from customer_ui.pages.billing import bill_card
from customer_ui.usage_chart import usage_chart
from services.billing import Period, tenant_bill
from services.local_formats import VIENNA
from services.permissions import Action
from services.usage_reports import usage_breakdown, usage_csv


def register(ctx: PortalContext) -> None:
    @ui.page("/usage")
    async def usage_page(month: str = "") -> None:
        today = datetime.now(VIENNA).date()
        first, last = _month(month, today)
        usage, bill = await read_off_loop(
            ctx,
            lambda db: (
                usage_breakdown(session=db, first=first, last=min(last, today)),
                tenant_bill(
                    session=db,
                    today=min(last, today),
                    period=Period.month(first.year, first.month),
                ),
            ),
        )
        with member_page(ctx, "Usage") as page:
            if page.refused(Action.VIEW_USAGE):
                return
            tr = page.tr
            pricing = usage.pricing
            months = [_shift(today.replace(day=1), -n) for n in range(12)]
            with ui.row().classes("items-end gap-4"):
                ui.select(
                    {m.strftime("%Y-%m"): m.strftime("%m/%Y") for m in months},
                    value=first.strftime("%Y-%m"),
                    label=tr("Month"),
                    on_change=lambda e: ui.navigate.to(f"/usage?month={e.value}"),
                ).classes("w-40")

                def download() -> None:
                    with ctx.tenant_db(page.who) as (db, _user):
                        text = usage_csv(session=db, first=first, last=last)
                    ui.download.content(
                        text.encode("utf-8"), f"usage-{first:%Y-%m}.csv", "text/csv"
                    )

                ui.button(tr("Download CSV"), icon="download", on_click=guarded(tr, download))
            if bill is not None:
                title = N_("Costs in {month} so far") if last >= today else N_("Costs in {month}")
                bill_card(tr, bill, tr(title, month=first.strftime("%m/%Y")))
            if pricing.per_minute_cents:
                ui.label(
                    tr(
                        "Below, minutes at {price} each, billed by the second; the "
                        "{included} minutes included a month are taken off once, in the bill.",
                        price=tr.money(pricing.per_minute_cents, pricing.currency),
                        included=pricing.included_minutes,
                    )
                ).classes("text-sm text-gray-600")

            by_bot = usage.by_bot
            if by_bot:
                with ui.card().classes("w-full"):
                    ui.label(tr("Minutes and cost per day")).classes("font-semibold")
                    usage_chart(tr, usage)
            with ui.card().classes("w-full"):
                ui.label(tr("By bot")).classes("font-semibold")
                if not by_bot:
                    ui.label(tr("No calls in this month."))
                else:
                    ui.table(
                        columns=_columns(tr, tr("Bot")),
                        rows=[
                            {
                                "key": row.bot_name,
                                "minutes": tr.number(row.minutes, 1),
                                "cost": tr.money(row.cost_cents, pricing.currency),
                            }
                            for row in by_bot
                        ],
                        row_key="key",
                    ).classes("w-full")
            days = usage.by_day
            with ui.card().classes("w-full"):
                ui.label(tr("By day")).classes("font-semibold")
                ui.table(
                    columns=_columns(tr, tr("Day")),
                    rows=[
                        {
                            "key": tr.day(d.day),
                            "minutes": tr.number(d.minutes, 1),
                            "cost": tr.money(d.cost_cents, pricing.currency),
                        }
                        for d in reversed(days)
                    ],
                    row_key="key",  # a month's days on one page: no pager, no pager's words
                ).classes("w-full")


def _columns(tr: Texts, first_label: str) -> list[dict[str, str]]:
    return [
        {"name": "key", "label": first_label, "field": "key", "align": "left"},
        {"name": "minutes", "label": tr("Minutes"), "field": "minutes"},
        {"name": "cost", "label": tr("Cost"), "field": "cost"},
    ]


def _month(value: str, today: date) -> tuple[date, date]:
    """The chosen month ("2026-11") if it is one of the twelve the page offers, else this
    month (also for "9999-12" or "0001-01", which the date arithmetic cannot shift); its
    first and last day."""
    this_month = today.replace(day=1)
    try:
        first = datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        first = this_month
    if not _shift(this_month, -11) <= first <= this_month:
        first = this_month
    return first, _shift(first, 1) - timedelta(days=1)


def _shift(first_of_month: date, months: int) -> date:
    years, index = divmod(first_of_month.month - 1 + months, 12)
    return date(first_of_month.year + years, index + 1, 1)
