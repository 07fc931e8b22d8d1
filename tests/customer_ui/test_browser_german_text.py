"""The words a German administrator reads in a real browser where English or internals
used to show (issue 15): the usage table without Quasar's "Records per page / 1-30 of 30",
waits as "0,9 Sekunden" (not "883 ms" or "12.3 s"), the dashboard chart's days as
"30. Nov." (not an ISO date cut to "2026-"), and a missing page in German inside the
portal's chrome (not "HTTPException: 404")."""

from __future__ import annotations

import re
from datetime import datetime

from babel.dates import format_skeleton

from services.local_formats import VIENNA
from tests.browser import browser_page, logged_in_page
from tests.customer_ui.test_browser_journey import ARTIFACTS, portal_url, scratch_database_url
from tests.customer_ui.test_browser_phone import busy_company

__all__ = ["busy_company", "portal_url", "scratch_database_url"]  # a real portal, with data

# The chart's category axis as ECharts holds it, read from the live chart in the page.
CHART_DAYS = "getElement(document.querySelector('.nicegui-echart')).chart.getOption().xAxis[0].data"
GERMAN_DAY = re.compile(r"^\d{1,2}\. [A-ZÄÖÜ][a-zäöü]{2,3}\.?$")  # "1. Nov.", "30. Nov."


def test_figures_and_pages_read_in_german(
    portal_url: str, busy_company: tuple[str, list[str]]
) -> None:
    from playwright.sync_api import expect

    email, paths = busy_company
    [call_path] = [path for path in paths if path.startswith("/calls/")]
    with logged_in_page(portal_url, email, width=390, height=844) as page:
        page.wait_for_function(f"{CHART_DAYS}.length > 0")
        days = page.evaluate(CHART_DAYS)
        assert len(days) == 30 and all(GERMAN_DAY.match(day) for day in days), days

        page.goto(f"{portal_url}/usage")
        expect(page.get_by_text("Nach Tag")).to_be_visible()
        text = page.locator("body").inner_text()
        assert "Records per page" not in text and not re.search(r"\d+-\d+ of \d+", text), text

        page.goto(f"{portal_url}{call_path}")
        expect(page.get_by_text("Übliche Wartezeit auf eine Antwort")).to_be_visible()
        expect(page.get_by_text("0,9 Sekunden", exact=True)).to_be_visible()
        expect(page.get_by_text("12,3 Sekunden · Antwort nach 0,9 Sekunden")).to_be_visible()
        text = page.locator("body").inner_text()
        assert not re.search(r"\d ms\b|\d\.\d s\b", text), text

        for missing in ("/gibt-es-nicht", "/bots/999999999", "/calls/abc"):
            page.goto(f"{portal_url}{missing}")
            expect(page.get_by_role("button", name="Menü")).to_be_visible()
            expect(
                page.get_by_text("Nicht gefunden")
                .or_(page.get_by_text("Seite nicht gefunden"))
                .first
            ).to_be_visible()
            assert "HTTPException" not in page.locator("body").inner_text(), missing


def test_quasars_own_words_follow_the_reader(
    portal_url: str, busy_company: tuple[str, list[str]]
) -> None:
    """Quasar's built-in words (an empty table's "No data available", a date picker's
    months) come from its language pack, which NiceGUI sets once for the whole app: a German
    administrator gets the German pack and the page is marked German; a visitor whose
    browser asks for English gets English on the login page."""
    email, _paths = busy_company
    words = "Quasar.Lang.props"  # the language pack in use
    pack = f"[document.documentElement.lang, {words}.isoName, {words}.table.noData]"
    with logged_in_page(portal_url, email) as page:
        for path in ("/", "/billing"):
            page.goto(f"{portal_url}{path}")
            page.wait_for_function(f"window.Quasar && {words}.isoName === 'de-DE'")
            assert page.evaluate(pack) == ["de-DE", "de-DE", "Keine Daten vorhanden."], path
    with browser_page(language="en") as page:
        page.goto(f"{portal_url}/login")
        page.wait_for_function(f"{words}.isoName === 'en-US'")
        assert page.evaluate(pack) == ["en-US", "en-US", "No data available"]


# The usage chart as ECharts holds it in the page: its days, series, axes and each point's
# figure; what its axis writes for 1234.5 and its tooltip for the last day.
USAGE_CHART = """(() => {
  const option = getElement(document.querySelector('.nicegui-echart')).chart.getOption();
  const last = option.xAxis[0].data.length - 1;
  const items = option.series.map((s) => ({
    marker: '', seriesName: s.name, data: s.data[last], axisValueLabel: option.xAxis[0].data[last]
  }));
  return {
    days: option.xAxis[0].data,
    series: option.series.map((s) => [s.name, s.type, s.data.map((point) => point.shown)]),
    axes: option.yAxis.map((axis) => axis.name),
    tick: option.yAxis[1].axisLabel.formatter(1234.5),
    tooltip: option.tooltip[0].formatter(items),
  };
})()"""


def test_the_usage_chart_shows_minutes_and_cost_per_day_by_bot_in_german(
    portal_url: str, busy_company: tuple[str, list[str]]
) -> None:
    """The Usage page draws the month's minutes per day stacked by bot and the day's cost
    as a line: days as Babel writes them ("1. Dez."), figures as the tables do."""
    email, _paths = busy_company
    today = datetime.now(VIENNA).date()
    with logged_in_page(portal_url, email, width=390, height=844) as page:
        page.goto(f"{portal_url}/usage")
        page.wait_for_function("document.querySelector('.nicegui-echart')?.id")
        page.wait_for_function(
            "getElement(document.querySelector('.nicegui-echart'))?.chart?.getOption()"
        )
        chart = page.evaluate(USAGE_CHART)
        page.screenshot(path=ARTIFACTS / "portal" / "phone" / "usage-chart-390.png", full_page=True)
    assert len(chart["days"]) == today.day and all(GERMAN_DAY.match(d) for d in chart["days"])
    assert chart["days"][-1] == format_skeleton("MMMd", today, locale="de")
    assert chart["axes"] == ["Minuten", "€"]
    (bot, bars, minutes), (cost, line, money) = chart["series"]
    assert (bot, bars, cost, line) == ("Telefonempfang Werkstatt", "bar", "Kosten", "line")
    assert minutes[-1] == "95,0" and set(minutes[:-1]) <= {"0,0"}, minutes
    assert all(re.fullmatch(r"\d+,\d\d\xa0€", figure) for figure in money), money
    assert chart["tick"] == "1.234,5"
    assert chart["tooltip"] == f"{chart['days'][-1]}\n{bot}: 95,0\nKosten: {money[-1]}"
