"""German and English, by the staff member's preference (User.locale).

Flask-Babel picks the language, which also switches Flask-Admin's and WTForms' own texts
(they ship German catalogues). Our texts come from the one catalogue (core/catalogue.py); where
staff read a word differently from customers ("Ticket", not "Anfrage"), the entry has the
context "back office" and wins here.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import Babel, LazyString, get_locale
from flask_login import current_user

from core.catalogue import BACK_OFFICE, Phrase, negotiate, translate

babel = Babel()


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, default_timezone="Europe/Vienna")
    app.jinja_env.globals["t"] = t
    app.jinja_env.globals["current_language"] = current_language


def select_locale() -> str:
    if current_user.is_authenticated:
        return current_user.locale.split("-")[0]
    default = current_app.config["VOICEAGENT_SETTINGS"].default_locale.split("-")[0]
    return negotiate(request.headers.get("Accept-Language")) or default


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale else "en"


def lazy(text: str) -> LazyString:
    """`t(text)` evaluated when shown: for menu entries and labels made at start-up."""
    return LazyString(t, text)


def t(text: str | Phrase, **values: object) -> str:
    """`text` in the current language; `{name}` placeholders filled from `values`."""
    return translate(current_language(), text, values, context=BACK_OFFICE)
