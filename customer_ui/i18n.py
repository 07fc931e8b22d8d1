"""The portal's words and figures in the reader's language (German or English).

Words come from the one catalogue (core/catalogue.py); a text without a German entry shows in
English, and `make check` refuses to land one. Service errors carry a catalogue text and its
values (core.catalogue.Phrase) and are translated here the same way. Money, figures and
dates are Babel's (services/local_formats.py).
"""

from __future__ import annotations

from datetime import date, datetime

from core.catalogue import N_, Phrase, language_of, translate
from services import local_formats

WHEN = {"de": "dd.MM.yyyy HH:mm", "en": "yyyy-MM-dd HH:mm"}
DAY = {"de": "dd.MM.yyyy", "en": "yyyy-MM-dd"}
VIENNA = local_formats.VIENNA


class Texts:
    def __init__(self, locale: str) -> None:
        self.locale = "de-AT" if language_of(locale) == "de" else "en-US"
        self._language = language_of(locale)

    @property
    def german(self) -> bool:
        return self._language == "de"

    def __call__(self, text: str | Phrase, **values: object) -> str:
        return translate(self._language, text, values)

    def money(self, cents: int, currency: str = "EUR") -> str:
        return local_formats.money(cents, self.locale, currency)

    def number(self, value: float, digits: int = 0) -> str:
        return local_formats.number(value, self.locale, digits)

    def when(self, moment: datetime | None) -> str:
        if moment is None:
            return "—"
        return local_formats.moment(moment, self.locale, WHEN)

    def day(self, value: date) -> str:
        return local_formats.day(value, self.locale, DAY)

    def month(self, value: date) -> str:
        """ "Dezember 2026" / "December 2026"."""
        return local_formats.month(value, self.locale)

    def short_day(self, value: date) -> str:
        """A day without its year, as a chart's axis says it: "30. Nov." / "Nov 30"."""
        return local_formats.short_day(value, self.locale)

    def seconds(self, milliseconds: int) -> str:
        """A short wait in words, to a tenth: "0,9 Sekunden" / "0.9 seconds"."""
        value = local_formats.number(milliseconds / 1000, self.locale, 1)
        return self(N_("{seconds} seconds"), seconds=value)

    def language(self, code: str) -> str:
        """A bot's or a call's language by its name ("Deutsch (Österreich)"), not its code."""
        return self(LANGUAGE_NAMES.get(code, code))

    def duration(self, seconds: int | None) -> str:
        if seconds is None:
            return "—"
        minutes, rest = divmod(int(seconds), 60)
        return f"{minutes}:{rest:02d}"


# The languages a bot speaks, by their stored codes (models.BotLanguage).
LANGUAGE_NAMES = {"de-AT": N_("German (Austria)"), "en-US": N_("English (US)")}


def texts(locale: str | None) -> Texts:
    return Texts(locale or "de-AT")
