"""How stored values read in the back office: words instead of internals.

Flask-Admin would show enum members by name (`CUSTOMER_ADMIN`), related rows by their repr
(`<Tenant salon-schoenhaar>`), JSON as Python dicts and times in UTC without a zone. Here
every list, detail page, export and template shows enum members in plain words, rows by their
name, JSON as readable text and times as Vienna time with its zone ("30.11.2026 12:03 MEZ").
Exports get the same words as plain text, never HTML.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from babel import Locale
from flask import Flask, g, url_for
from markupsafe import Markup, escape
from sqlalchemy import select

from admin_app.database import db
from admin_app.i18n import current_language, t
from admin_app.labels import CODE_COLUMNS, COLUMN_LABELS, ENUM_LABELS, code_label, enum_label
from models import Bot, Tenant
from models.base import Base
from services import local_formats

TIME_PATTERNS = {"de": "dd.MM.yyyy HH:mm zzz", "en": "d MMM yyyy, HH:mm zzz"}
DAY_PATTERNS = {"de": "dd.MM.yyyy", "en": "d MMM yyyy"}
# The attribute that names a row, in the order tried.
NAME_ATTRIBUTES = ("name", "subject", "number", "email", "e164", "code")


def init_app(app: Flask) -> None:
    app.jinja_env.filters["plain"] = plain_text
    app.jinja_env.filters["code"] = code_label
    app.jinja_env.filters["country"] = country_name


def _language() -> str:
    return "de" if current_language() == "de" else "en"


def vienna_time(value: datetime) -> str:
    return local_formats.vienna_time(value, _language(), TIME_PATTERNS)


def day(value: date) -> str:
    return local_formats.day(value, _language(), DAY_PATTERNS)


def row_name(row: Any) -> str:
    for attribute in NAME_ATTRIBUTES:
        value = getattr(row, attribute, None)
        if value:
            return str(value)
    return f"{t(type(row).__name__)} {row.id}"


def tenant_name(tenant_id: int) -> str:
    """The tenant's name, looked up once per request (`name_rows_of` looks up a whole
    page's at once)."""
    return _name_of(Tenant, tenant_id)


def name_rows_of(rows: Iterable[Any]) -> None:
    """Looks up the names of the tenants and bots `rows` belong to, one query each. A page
    of 50 calls can name 50 companies: looked up one by one, that was 50 queries and half of
    the page's time (bench/admin_pages.py: the calls list took 85 ms of CPU a render)."""
    rows = list(rows)
    _look_up(Tenant, {getattr(row, "tenant_id", None) for row in rows})
    bots = {getattr(row, "bot_id", None) for row in rows}
    _look_up(Bot, bots.union(*(getattr(row, "bot_ids", None) or () for row in rows)))


def _names(model: type[Tenant] | type[Bot]) -> dict[int, str]:
    names: dict[int, str] = g.setdefault(f"{model.__tablename__}_names", {})
    return names


def _look_up(model: type[Tenant] | type[Bot], ids: set[Any]) -> None:
    names = _names(model)
    wanted = ids - names.keys() - {None}
    if wanted:
        found = db.session.execute(select(model.id, model.name).where(model.id.in_(wanted)))
        names.update({row.id: row.name for row in found})
        names.update({missing: "—" for missing in wanted - names.keys()})


def _name_of(model: type[Tenant] | type[Bot], row_id: int) -> str:
    _look_up(model, {row_id})
    return _names(model)[row_id]


def tenant_link(tenant_id: int | None, label: object = None) -> Markup:
    if tenant_id is None:
        return Markup("—")
    url = url_for("tenant.page", id=tenant_id)
    name = label if label is not None else tenant_name(tenant_id)
    return Markup('<a href="{}">{}</a>').format(url, name)


def bot_link(bot_id: int | None) -> Markup:
    """A bot by its name, linking its page (a bot's number means nothing to staff)."""
    if bot_id is None:
        return Markup("—")
    url = url_for("bot.details_view", id=bot_id)
    return Markup('<a href="{}">{}</a>').format(url, _name_of(Bot, bot_id))


def tenant_cell(_view: object, _context: object, row: Any, _name: str) -> Markup:
    """Flask-Admin's formatter for a row's `tenant_id`: the tenant's name, linking its page."""
    return tenant_link(row.tenant_id)


def bot_cell(_view: object, _context: object, row: Any, _name: str) -> Markup:
    return bot_link(row.bot_id)


def bots_cell(_view: object, _context: object, row: Any, _name: str) -> Markup:
    """A list of bots (a service's "offered by"): their names, each linking its page."""
    return Markup(", ").join(bot_link(bot_id) for bot_id in row.bot_ids or []) or Markup("—")


# The `column_formatters` of every view whose rows belong to a tenant: its company and its
# bot (or bots) by name, each linking its page.
OWNER_COLUMNS = {"tenant_id": tenant_cell, "bot_id": bot_cell, "bot_ids": bots_cell}


def _entry(value: dict[str, Any]) -> str:
    """One JSON object in words: an FAQ entry as "question → answer", anything else as
    "Label: value" pairs (the audit log keeps enum members as their stored values)."""
    if set(value) == {"question", "answer"}:
        return f"{value['question']} → {value['answer']}"
    return "; ".join(
        f"{t(COLUMN_LABELS.get(key, key))}: {_json_value(item)}" for key, item in value.items()
    )


def _json_value(value: Any) -> str:
    if isinstance(value, str) and value in ENUM_LABELS:
        return t(ENUM_LABELS[value])
    return plain_text(value)


def country_name(code: str) -> str:
    """A country by its name in the current language ("Österreich"), not its ISO code."""
    return Locale.parse(_language()).territories.get(code.upper(), code)


def plain_text(value: Any) -> str:
    """Any stored value as words for people (and for CSV)."""
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return enum_label(value)
    if isinstance(value, bool):
        return t("Yes") if value else t("No")
    if isinstance(value, datetime):
        return vienna_time(value)
    if isinstance(value, date):
        return day(value)
    if isinstance(value, dict):
        return _entry(value)
    if isinstance(value, list | tuple):
        return "; ".join(plain_text(item) for item in value)
    if isinstance(value, Base):
        return row_name(value)
    return str(value)


def _lines(_view: object, value: list[Any], _name: str) -> Markup:
    return Markup("<br>").join(escape(plain_text(item)) for item in value) or Markup("")


def _plain(_view: object, value: Any, _name: str) -> str:
    return plain_text(value)


def _empty(_view: object, _value: None, _name: str) -> str:
    return ""


def code_formatters(model: type) -> dict[str, Callable[[Any, Any, Any, str], str]]:
    """Column formatters for the model's CODE_COLUMNS: "Deutsch (Österreich)", not "de-AT"."""
    return {name: _code for name in CODE_COLUMNS if hasattr(model, name)}


def _code(_view: object, _context: object, row: Any, name: str) -> str:
    value = getattr(row, name)
    return code_label(value) if isinstance(value, str) else plain_text(value)


Formatter = Callable[[Any, Any, str], Any]
# isinstance order: bool before the rest, datetime before date.
TEXT_FORMATTERS: dict[type, Formatter] = {
    type(None): _empty,
    bool: _plain,
    enum.Enum: _plain,
    datetime: _plain,
    date: _plain,
    dict: _plain,
    list: _plain,
    Base: _plain,
}
PAGE_FORMATTERS: dict[type, Formatter] = {**TEXT_FORMATTERS, list: _lines}
