"""The back office shows words, not internals, on every list, detail page and export.

Generated over the registered model views: with a row of every kind present, each list, its
first row's detail page and its CSV export are read in German and must show no repr
(`<Tenant …>`), no "Tenant #1", no Python or JSON dicts, no enum member names or stored
values (`CUSTOMER_ADMIN`, `customer_admin`), no UTC times; headers are German words, and the
CSV holds plain text, no HTML.
"""

from __future__ import annotations

import csv
import enum
import io
import re
from datetime import UTC, datetime
from html import unescape
from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_admin.contrib.sqla import ModelView
from sqlalchemy.orm import Session

import models
from admin_app.views.credentials import KEY_NAMES
from cli.catalogue import load
from models import (
    BotLanguage,
    BotStatus,
    CallOutcome,
    PricePlan,
    Provider,
    Role,
    TenantStatus,
    User,
    WebhookEvent,
)
from services.bots import DIALOGUE_ENGINES, STT_ENGINES, TTS_ENGINES
from tests.admin_app.conftest import sign_in
from tests.factories import Factory

ENUMS = [
    member
    for name in dir(models)
    if isinstance(getattr(models, name), enum.EnumType)
    for member in getattr(models, name)
]
# What a member looks like when it leaks: its name, and a stored value no person would write.
RAW_ENUM = {member.name for member in ENUMS} | {
    member.value for member in ENUMS if "_" in member.value
}
# Codes stored as plain strings that read like words only to us: a bot's language, its
# engines, a credential's kind.
CODES = (
    {language.value for language in BotLanguage}
    | {*STT_ENGINES, *TTS_ENGINES, *DIALOGUE_ENGINES}
    | set(KEY_NAMES)
)
INTERNALS = [
    re.compile(r"<\w+ [^>]*>"),  # a repr, as it reads on the page once unescaped
    re.compile(r"\bTenant #\d"),
    re.compile(r"\{['\"]"),  # a dict, Python or JSON
    re.compile(r"\+00:00|\bUTC\b"),
]
GERMAN_WORDS = {str(entry.string) for entry in load("de") if entry.id}
UNIT = re.compile(r" \((EUR|s|ms)\)$")


class _Cells(HTMLParser):
    """The text of table headers and cells: what the data on a list or detail page reads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth, self.headers, self.cells = 0, [], []
        self._tag: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
        elif self.depth and tag in ("th", "td"):
            self._tag, self._text = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.depth -= 1
        elif tag == self._tag:
            text = " ".join("".join(self._text).split())
            (self.headers if tag == "th" else self.cells).append(text)
            self._tag = None

    def handle_data(self, data: str) -> None:
        if self._tag:
            self._text.append(data)


def cells(page: str) -> _Cells:
    reader = _Cells()
    reader.feed(page)
    return reader


@pytest.fixture
def german_admin(app: Flask, make: Factory, staff_db: Session) -> FlaskClient:
    """A platform admin reading in German, with a row of every kind to read."""
    plan = PricePlan(code="basis", name="Basis", monthly_fee_cents=1900, per_minute_cents=12)
    staff_db.add(plan)
    staff_db.flush()
    tenant = make.tenant(
        name="Salon Schönhaar",
        slug="salon-schoenhaar",
        price_plan_id=plan.id,
        status=TenantStatus.PAST_DUE,
        past_due_since=datetime(2026, 11, 30, 11, 3, tzinfo=UTC),
    )
    customer = make.user(tenant, role=Role.CUSTOMER_ADMIN, name="Sabine Schön")
    bot = make.bot(
        tenant,
        status=BotStatus.LIVE,
        language=BotLanguage.DE_AT,
        stt_engine="google",
        tts_engine="elevenlabs",
        dialogue_engine="openai",
        faq=[{"question": "Parken?", "answer": "Im Hof."}],
        business_hours={"mon": [["09:00", "17:00"]]},
    )
    number = make.phone_number(tenant, bot)
    call = make.call(tenant, bot, outcome=CallOutcome.CALLER_HUNG_UP)
    make.call_turn(tenant, call)
    make.usage_event(tenant, bot_id=bot.id, call_id=call.id)
    invoice = make.invoice(tenant, issued_at=datetime(2026, 12, 1, 6, 0, tzinfo=UTC))
    make.invoice_line(tenant, invoice)
    ticket = make.ticket(tenant, created_by_id=customer.id)
    make.ticket_message(tenant, ticket, author_id=customer.id)
    make.provisioning_job(tenant, bot_id=bot.id, phone_number_id=number.id)
    make.audit_event(
        tenant,
        action="user.updated",
        entity_type="User",
        entity_id=str(customer.id),
        before={"role": "customer_user"},
        after={"role": "customer_admin"},
    )
    make.outbound_email(tenant)
    make.api_key(tenant, name="api_key")
    make.api_key(None, provider=Provider.STRIPE, name="secret_key")
    make.booking(tenant, make.service(tenant, name="Haarschnitt"), call_id=call.id)
    make.message(tenant, bot, call_id=call.id)
    staff_db.add(WebhookEvent(provider="stripe", event_id="evt_1", event_type="invoice.paid"))
    admin = make.user(None, role=Role.PLATFORM_ADMIN, locale="de-AT")
    staff_db.commit()
    return sign_in(app.test_client(), admin)


def model_views(app: Flask) -> list[ModelView]:
    return [view for view in app.extensions["admin"][0]._views if isinstance(view, ModelView)]


def internals_in(texts: list[str]) -> list[str]:
    found = [text for text in texts for pattern in INTERNALS if pattern.search(text)]
    words = {word for text in texts for word in re.split(r"[\s,;:()]+", text)}
    return found + sorted(words & (RAW_ENUM | CODES))


def test_lists_details_and_exports_show_words(app: Flask, german_admin: FlaskClient) -> None:
    problems: dict[str, list[str]] = {}
    for view in model_views(app):
        base = f"/admin/{view.endpoint}/"
        listing = german_admin.get(base)
        assert listing.status_code == 200, base
        page = listing.get_data(as_text=True)
        table = cells(page)
        assert table.cells, f"{base} shows no rows"
        english = [h for h in table.headers if h and h not in GERMAN_WORDS]
        problems[f"{base} headers"] = english
        problems[base] = internals_in(table.cells)

        detail_id = re.search(r"/details/\?id=(\d+)", page)
        if detail_id:
            detail = cells(german_admin.get(f"{base}details/?id={detail_id[1]}").get_data(True))
            labels, values = detail.cells[0::2], detail.cells[1::2]
            problems[f"{base} details labels"] = [x for x in labels if x not in GERMAN_WORDS]
            problems[f"{base} details"] = internals_in(values)

        export = german_admin.get(f"{base}export/csv/")
        if export.status_code == 200:
            text = export.get_data(as_text=True)
            header, *rows = list(csv.reader(io.StringIO(text)))
            # Figures' headers name the unit of their plain numbers: "Summe (EUR)".
            header = [UNIT.sub("", h) for h in header]
            problems[f"{base} CSV headers"] = [h for h in header if h not in GERMAN_WORDS]
            values = [value for row in rows for value in row]
            problems[f"{base} CSV"] = internals_in(values) + [v for v in values if "<" in v]
    assert {where: found for where, found in problems.items() if found} == {}


def test_the_tenant_page_and_the_credentials_show_words(german_admin: FlaskClient) -> None:
    tenant_page = f"/admin/tenant/page/?id={_first_id(german_admin, 'tenant')}"
    for path in (tenant_page, "/admin/credentials/"):
        table = cells(german_admin.get(path).get_data(as_text=True))
        assert table.cells, path
        assert internals_in(table.cells) == [], path
    page = german_admin.get("/admin/credentials/").get_data(as_text=True)
    assert {"API-Schlüssel", "Geheimer Schlüssel"} <= set(cells(page).cells)
    assert '<option value="auth_token">Auth-Token</option>' in page  # staff choose a name


def test_every_tenant_column_links_the_tenant_by_name(
    app: Flask, german_admin: FlaskClient
) -> None:
    """One formatter (admin_app.display.OWNER_COLUMNS) for every list with a tenant column."""
    tenant_page = f"/admin/tenant/page/?id={_first_id(german_admin, 'tenant')}"
    unlinked = []
    for view in model_views(app):
        if "tenant_id" in dict(view.get_list_columns()):
            page = unescape(german_admin.get(f"/admin/{view.endpoint}/").get_data(as_text=True))
            if f'<a href="{tenant_page}">Salon Schönhaar</a>' not in page:
                unlinked.append(view.endpoint)
    assert unlinked == []


def test_times_are_vienna_times_with_their_zone(german_admin: FlaskClient) -> None:
    page = german_admin.get("/admin/tenant/details/?id=" + _first_id(german_admin, "tenant"))
    assert "30.11.2026 12:03 MEZ" in unescape(page.get_data(as_text=True))
    csv_text = german_admin.get("/admin/invoice/export/csv/").get_data(as_text=True)
    assert "01.12.2026 07:00 MEZ" in csv_text


def test_the_user_form_names_the_tenant(german_admin: FlaskClient, staff_db: Session) -> None:
    customer = staff_db.query(User).filter(User.role == Role.CUSTOMER_ADMIN).one()
    form = unescape(german_admin.get(f"/admin/user/edit/?id={customer.id}").get_data(True))
    assert re.search(r'data-json="\[\d+, "Salon Sch(ö|\\u00f6)nhaar"\]"', form), form[-4000:]
    assert "<Tenant" not in form


def test_the_audit_log_reads_changes_as_words(german_admin: FlaskClient) -> None:
    text = unescape(german_admin.get("/admin/auditevent/").get_data(as_text=True))
    assert "Rolle: Kunden-Benutzer" in text
    assert "Rolle: Kunden-Administrator" in text


def _first_id(client: FlaskClient, endpoint: str) -> str:
    page = client.get(f"/admin/{endpoint}/").get_data(as_text=True)
    found = re.search(r"/details/\?id=(\d+)", page)
    assert found
    return found[1]
