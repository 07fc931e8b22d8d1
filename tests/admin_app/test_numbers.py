"""Money, minutes and durations read the way each language writes them, everywhere the back
office shows them; CSV exports keep plain, machine-readable numbers whose header names the
unit (admin_app/numbers.py)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from admin_app.numbers import duration, milliseconds, money, number
from models import PricePlan, Role
from tests.admin_app.conftest import sign_in
from tests.factories import Factory

# How money read before: "1,234.56", "0.00 EUR".
ENGLISH_FIGURE = re.compile(r"\d,\d{3}\.\d\d|\d\.\d\d EUR")
GERMAN = "de"
ENGLISH = "en"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (GERMAN, ["1.234,56 €", "0,05 €", "-12,00 €", "1.234.567", "1.234,5", "3 Min. 20 Sek."]),
        (ENGLISH, ["€1,234.56", "€0.05", "-€12.00", "1,234,567", "1,234.5", "3 min 20 sec"]),
    ],
)
def test_one_place_formats_each_figure(app: Flask, language: str, expected: list[str]) -> None:
    with app.test_request_context(headers={"Accept-Language": language}):
        shown = [
            money(123456),
            money(5),
            money(-1200),
            number(1234567),
            number(1234.5, 1),
            duration(200),
        ]
    # Babel keeps a figure and its unit together with a no-break space.
    assert [text.replace("\xa0", " ") for text in shown] == expected


@pytest.mark.parametrize(
    ("seconds", "german", "english"),
    [
        (0, "0 Sek.", "0 sec"),
        (45, "45 Sek.", "45 sec"),
        (3600, "1 Std.", "1 hr"),
        (3 * 3600 + 5 * 60 + 9, "3 Std. 5 Min.", "3 hr 5 min"),
        (2 * 86400 + 3600 * 3, "2 Tg. 3 Std.", "2 days 3 hr"),
    ],
)
def test_durations_show_their_two_largest_units(
    app: Flask, seconds: int, german: str, english: str
) -> None:
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert duration(seconds).replace("\xa0", " ") == german
        assert milliseconds(1234).replace("\xa0", " ") == "1.234 ms"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert duration(seconds).replace("\xa0", " ") == english


@pytest.fixture
def billed(make: Factory, staff_db: Session):  # noqa: ANN201
    plan = PricePlan(
        code="profi",
        name="Profi",
        monthly_fee_cents=4900,
        per_minute_cents=12,
        included_minutes=1500,
    )
    staff_db.add(plan)
    staff_db.flush()
    tenant = make.tenant(name="Salon Schönhaar", price_plan_id=plan.id)
    bot = make.bot(tenant)
    make.call(tenant, bot, duration_seconds=200)
    invoice = make.invoice(
        tenant,
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        subtotal_cents=102880,
        tax_cents=20576,
        total_cents=123456,
    )
    make.invoice_line(tenant, invoice, amount_cents=98765, unit_amount_cents=12)
    staff_db.commit()
    return tenant


def reader(app: Flask, make: Factory, staff_db: Session, locale: str) -> FlaskClient:
    user = make.user(None, role=Role.PLATFORM_ADMIN, locale=locale)
    staff_db.commit()
    return sign_in(app.test_client(), user)


@pytest.mark.parametrize(
    ("locale", "shown"),
    [
        (
            "de-AT",
            {
                "/admin/invoice/": ["1.234,56 €"],
                "/admin/invoiceline/": ["987,65 €", "0,12 €"],
                "/admin/priceplan/": ["49,00 €", "0,12 €", "1.500"],
                "/admin/call/": ["3 Min. 20 Sek."],
                "/admin/tenant/page/?id={tenant}": ["1.234,56 €", "Minuten"],
                "/admin/": ["Verrechnet diesen Monat", "€"],
            },
        ),
        (
            "en-US",
            {
                "/admin/invoice/": ["€1,234.56"],
                "/admin/invoiceline/": ["€987.65", "€0.12"],
                "/admin/priceplan/": ["€49.00", "€0.12", "1,500"],
                "/admin/call/": ["3 min 20 sec"],
                "/admin/tenant/page/?id={tenant}": ["€1,234.56", "Minutes"],
                "/admin/": ["€"],
            },
        ),
    ],
)
def test_pages_show_figures_in_the_readers_language(
    app: Flask, make: Factory, staff_db: Session, billed, locale: str, shown: dict[str, list[str]]
) -> None:
    client = reader(app, make, staff_db, locale)
    missing = {}
    for path, texts in shown.items():
        page = client.get(path.format(tenant=billed.id))
        assert page.status_code == 200, path
        text = unescape(page.get_data(as_text=True)).replace("\xa0", " ")
        missing[path] = [expected for expected in texts if expected not in text]
        # English figures never leak into German pages, nor the other way round.
        if locale == "de-AT":
            missing[path] += ENGLISH_FIGURE.findall(text)
    assert {path: found for path, found in missing.items() if found} == {}


@pytest.mark.parametrize("locale", ["de-AT", "en-US"])
def test_csv_exports_keep_plain_numbers_with_the_unit_in_the_header(
    app: Flask, make: Factory, staff_db: Session, billed, locale: str
) -> None:
    client = reader(app, make, staff_db, locale)

    def table(path: str) -> list[dict[str, str]]:
        text = client.get(path).get_data(as_text=True)
        return list(csv.DictReader(io.StringIO(text)))

    total, duration_header = (
        ("Summe (EUR)", "Dauer (s)")
        if locale == "de-AT"
        else (
            "Total (EUR)",
            "Duration (s)",
        )
    )
    assert [row[total] for row in table("/admin/invoice/export/csv/")] == ["1234.56"]
    assert [row[duration_header] for row in table("/admin/call/export/csv/")] == ["200"]
    plans = table("/admin/priceplan/export/csv/")
    fee = "Monatsgebühr (EUR)" if locale == "de-AT" else "Monthly fee (EUR)"
    assert [row[fee] for row in plans] == ["49.00"]
