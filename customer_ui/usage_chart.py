"""The Usage page's picture: minutes per day stacked by bot, and the day's cost as a line on
its own axis. Days are written by Babel ("30. Nov."), as on the dashboard's chart; the
tooltip shows each figure as the tables do ("1,5", "0,18 €"), carried with each point, so
the browser formats nothing itself. Bot names are the company's own words: the tooltip is
plain text (ECharts' rich-text mode), never HTML."""

from __future__ import annotations

from typing import Any

from babel.numbers import get_currency_symbol
from nicegui import ui

from customer_ui.i18n import Texts
from services.usage_reports import UsageBreakdown

# One colour per bot, then again; the cost line in a colour no bar has.
BOT_COLOURS = ("#4338ca", "#0891b2", "#16a34a", "#ca8a04", "#db2777", "#7c3aed", "#64748b")
COST_COLOUR = "#dc2626"
# The axis's day, then one line per series: its marker, name and the figure as shown.
TOOLTIP = """(items) => [items[0].axisValueLabel].concat(
  items.map((item) => item.marker + item.seriesName + ': ' + item.data.shown)).join('\\n')"""
# The axes' steps are chosen in the browser: written in the reader's locale ("0,5", "1.000").
AXIS_NUMBER = "(value) => new Intl.NumberFormat('{locale}').format(value)"


def usage_chart(tr: Texts, usage: UsageBreakdown) -> ui.echart:
    """The chart of `usage`'s days: one stack of bars per bot, the cost line on top."""
    currency = usage.pricing.currency
    bars = []
    for index, row in enumerate(usage.by_bot):
        minutes = [seconds / 60 for seconds in usage.daily_by_bot[row.bot_id]]
        bars.append(
            {
                "name": row.bot_name,
                "type": "bar",
                "stack": "minutes",
                "itemStyle": {"color": BOT_COLOURS[index % len(BOT_COLOURS)]},
                "data": [_point(value, tr.number(value, 1)) for value in minutes],
            }
        )
    cost = {
        "name": tr("Cost"),
        "type": "line",
        "yAxisIndex": 1,
        "itemStyle": {"color": COST_COLOUR},
        "data": [
            _point(day.cost_cents / 100, tr.money(day.cost_cents, currency)) for day in usage.by_day
        ],
    }
    # German as the portal writes it everywhere ("1.234,5"; de-AT would group with a space).
    numbers = {":formatter": AXIS_NUMBER.format(locale="de" if tr.german else "en")}
    minutes_axis = {"type": "value", "name": tr("Minutes"), "axisLabel": numbers}
    sign = currency_sign(tr, currency)
    money_axis = {"type": "value", "name": sign, "axisLabel": numbers, "splitLine": {"show": False}}
    return ui.echart(
        {
            "tooltip": {"trigger": "axis", "renderMode": "richText", ":formatter": TOOLTIP},
            "legend": {"type": "scroll", "top": 0},
            "xAxis": {"type": "category", "data": [tr.short_day(d.day) for d in usage.by_day]},
            "yAxis": [minutes_axis | {"minInterval": 1}, money_axis],
            "series": [*bars, cost],
            "grid": {"left": 48, "right": 48, "top": 56, "bottom": 30},
            "animation": False,  # figures, not a show: drawn at once
        }
    ).classes("w-full h-72")


def _point(value: float, shown: str) -> dict[str, Any]:
    return {"value": round(value, 2), "shown": shown}


def currency_sign(tr: Texts, currency: str) -> str:
    """ "€" for EUR, as the reader's locale writes the sign."""
    return get_currency_symbol(currency, locale=tr.locale.replace("-", "_"))
