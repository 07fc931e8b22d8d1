"""The Usage page's figures: minutes and cost by bot and by day. On a phone each bot is a
card (a bot's name is long; as a table the cost hid behind the card's edge and the box
scrolled sideways); the days' three short columns fit as a table."""

from __future__ import annotations

from nicegui import ui

from customer_ui.i18n import Texts
from customer_ui.layout import cards_on_a_phone
from services.usage_reports import UsageBreakdown


def by_bot_card(tr: Texts, usage: UsageBreakdown) -> None:
    rows = [(row.bot_name, row.minutes, row.cost_cents) for row in usage.by_bot]
    with ui.card().classes("w-full"):
        ui.label(tr("By bot")).classes("font-semibold")
        if not rows:
            ui.label(tr("No calls in this month."))
            return
        table = _table(tr, tr("Bot"), rows, usage.pricing.currency)
        cards_on_a_phone(table.mark("usage-by-bot"))


def by_day_card(tr: Texts, usage: UsageBreakdown) -> None:
    rows = [(tr.day(d.day), d.minutes, d.cost_cents) for d in reversed(usage.by_day)]
    with ui.card().classes("w-full"):
        ui.label(tr("By day")).classes("font-semibold")
        # A month's days on one page: no pager, no pager's words.
        _table(tr, tr("Day"), rows, usage.pricing.currency)


def _table(
    tr: Texts, first_label: str, rows: list[tuple[str, float, int]], currency: str
) -> ui.table:
    """Minutes and cost a row, after its bot or day (`first_label`)."""
    columns = [
        {"name": "key", "label": first_label, "field": "key", "align": "left"},
        {"name": "minutes", "label": tr("Minutes"), "field": "minutes"},
        {"name": "cost", "label": tr("Cost"), "field": "cost"},
    ]
    cells = [
        {"key": key, "minutes": tr.number(minutes, 1), "cost": tr.money(cents, currency)}
        for key, minutes, cents in rows
    ]
    return ui.table(columns=columns, rows=cells, row_key="key").classes("w-full")
