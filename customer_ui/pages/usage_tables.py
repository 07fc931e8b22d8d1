"""The Usage page's figures: minutes and cost by bot and by day. On a phone each bot is a
card (a bot's name is long; as a table the cost hid behind the card's edge and the box
scrolled sideways); the days' three short columns fit as a table."""

from __future__ import annotations

from nicegui import ui

from customer_ui.i18n import Texts
from customer_ui.layout import cards_on_a_phone
from services.usage_reports import UsageBreakdown


def by_bot_card(tr: Texts, usage: UsageBreakdown) -> None:
    currency = usage.pricing.currency
    with ui.card().classes("w-full"):
        ui.label(tr("By bot")).classes("font-semibold")
        if not usage.by_bot:
            ui.label(tr("No calls in this month."))
            return
        rows = [
            {
                "key": row.bot_name,
                "minutes": tr.number(row.minutes, 1),
                "cost": tr.money(row.cost_cents, currency),
            }
            for row in usage.by_bot
        ]
        table = ui.table(columns=_columns(tr, tr("Bot")), rows=rows, row_key="key")
        cards_on_a_phone(table.classes("w-full").mark("usage-by-bot"))


def by_day_card(tr: Texts, usage: UsageBreakdown) -> None:
    currency = usage.pricing.currency
    with ui.card().classes("w-full"):
        ui.label(tr("By day")).classes("font-semibold")
        rows = [
            {
                "key": tr.day(d.day),
                "minutes": tr.number(d.minutes, 1),
                "cost": tr.money(d.cost_cents, currency),
            }
            for d in reversed(usage.by_day)
        ]
        # A month's days on one page: no pager, no pager's words.
        ui.table(columns=_columns(tr, tr("Day")), rows=rows, row_key="key").classes("w-full")


def _columns(tr: Texts, first_label: str) -> list[dict[str, str]]:
    return [
        {"name": "key", "label": first_label, "field": "key", "align": "left"},
        {"name": "minutes", "label": tr("Minutes"), "field": "minutes"},
        {"name": "cost", "label": tr("Cost"), "field": "cost"},
    ]
