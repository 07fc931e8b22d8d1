"""Usage: the month's bill so far (the same as the dashboard's and the invoice's), minutes
and their cost per day as a chart, by bot and by day, and the same as CSV. The month and
its picker are usage_month.py, the figures' cards usage_tables.py."""

from __future__ import annotations

from datetime import date, datetime

from nicegui import ui

from core.catalogue import N_
from customer_ui.context import PortalContext
from customer_ui.i18n import Texts
from customer_ui.layout import member_page_of, read_off_loop
from customer_ui.pages.billing import bill_card
from customer_ui.pages.usage_month import chosen_month, month_bar
from customer_ui.pages.usage_tables import by_bot_card, by_day_card
from customer_ui.usage_chart import usage_chart
from services.billing import Bill, Period, tenant_bill
from services.local_formats import VIENNA
from services.permissions import Action
from services.usage_reports import UsageBreakdown, usage_breakdown


def register(ctx: PortalContext) -> None:
    @ui.page("/usage")
    async def usage_page(month: str = "") -> None:
        await show_usage(ctx, month)


async def show_usage(ctx: PortalContext, month: str) -> None:
    """The month `month` ("2026-11"; this month if it is not one of the last twelve)."""
    today = datetime.now(VIENNA).date()
    first, last = chosen_month(month, today)
    read = await read_off_loop(
        ctx,
        lambda db: (
            usage_breakdown(session=db, first=first, last=min(last, today)),
            tenant_bill(
                session=db, today=min(last, today), period=Period.month(first.year, first.month)
            ),
        ),
    )
    usage, bill = read.data
    with member_page_of(read, "Usage") as page:
        if page.refused(Action.VIEW_USAGE):
            return
        month_bar(ctx, page, first, last, today)
        _bill_and_price(page.tr, bill, usage, first, ended=last < today)
        if usage.by_bot:
            with ui.card().classes("w-full"):
                ui.label(page.tr("Minutes and cost per day")).classes("font-semibold")
                usage_chart(page.tr, usage)
        by_bot_card(page.tr, usage)
        by_day_card(page.tr, usage)


def _bill_and_price(
    tr: Texts, bill: Bill | None, usage: UsageBreakdown, first: date, *, ended: bool
) -> None:
    """The month's bill so far, and what a minute costs beyond the included ones."""
    if bill is not None:
        title = N_("Costs in {month}") if ended else N_("Costs in {month} so far")
        bill_card(tr, bill, tr(title, month=tr.month(first)))
    pricing = usage.pricing
    if pricing.per_minute_cents:
        ui.label(
            tr(
                "Below, minutes at {price} each, billed by the second; the "
                "{included} minutes included a month are taken off once, in the bill.",
                price=tr.money(pricing.per_minute_cents, pricing.currency),
                included=pricing.included_minutes,
            )
        ).classes("text-sm text-gray-600")
