"""The one translation catalogue: every word a person reads or hears, in German and English.

The texts live in gettext files, `core/locale/<de|en>/LC_MESSAGES/messages.po`, one entry per
text. The key (msgid) is the English template as the code writes it, placeholders in braces:
`"Please choose at most {days} days."`. A text is never formatted before it is looked up, so
every variant of a sentence finds its translation. The back office may say a thing in its
own words: such an entry carries the context "back office" and wins there.

The .po files are compiled in memory when first used (a few milliseconds), so no compiled file
can go stale. `python -m cli.catalogue update` adds new texts from the code to both files;
`python -m cli.catalogue check` (part of `make check`) fails while a text has no German.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.core import negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
LANGUAGES = ("de", "en")
BACK_OFFICE = "back office"


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def N_(text: str) -> str:
    """Marks `text` for the catalogue where it is written down; it is translated where shown
    (a label in a table of choices, a constant)."""
    return text


class Phrase:
    """A text for a person, not yet in their language: the catalogue key and its values,
    `Phrase("Please choose at most {days} days.", days=62)`.

    Services raise errors carrying these; front doors translate them for whoever reads.
    `str()` gives the English, for logs and for callers with no language."""

    __slots__ = ("text", "values")

    def __init__(self, text: str, /, **values: object) -> None:
        self.text = text
        self.values: Mapping[str, object] = values

    def __str__(self) -> str:
        return self.text.format(**self.values) if self.values else self.text

    def __repr__(self) -> str:
        return f"Phrase({self.text!r}, **{dict(self.values)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Phrase) and (self.text, self.values) == (other.text, other.values)

    def __hash__(self) -> int:
        return hash(self.text)


def language_of(locale: str | None) -> str:
    """ "de" for any German locale ("de-AT", "de_DE", "de"), else "en"."""
    return "de" if (locale or "").lower().startswith("de") else "en"


def negotiate(accept_language: str | None) -> str | None:
    """The catalogue's language ("de", "en") an Accept-Language header asks for, by its
    weights ("fr, en;q=0.3, de;q=0.8" is German) and Babel's negotiation ("de-AT" is "de");
    None when it names neither."""
    weighed: list[tuple[float, str]] = []
    for part in (accept_language or "").split(","):
        tag, *parameters = (piece.strip() for piece in part.split(";"))
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if tag and tag != "*" and weight > 0:
            weighed.append((weight, tag.replace("_", "-")))
    preferred = [tag for _weight, tag in sorted(weighed, key=lambda pair: -pair[0])]
    found = negotiate_locale(preferred, LANGUAGES, sep="-")
    return found.lower() if found else None


@dataclass(frozen=True)
class _Loaded:
    translations: Translations
    # The texts with an entry of their own per context. pgettext answers the plain English
    # both for "no such entry" and for an entry whose words are English ("Live").
    in_context: Mapping[str, frozenset[str]]


@cache
def _load(language: str) -> _Loaded:
    with catalogue_path(language).open("rb") as po:
        catalogue = read_po(po, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    found: dict[str, set[str]] = {}
    for entry in catalogue:
        if entry.context and isinstance(entry.id, str):
            found.setdefault(entry.context, set()).add(entry.id)
    return _Loaded(
        Translations(compiled, domain=DOMAIN), {c: frozenset(ids) for c, ids in found.items()}
    )


def translations(language: str) -> Translations:
    """The compiled catalogue of `language`, for gettext/ngettext and Flask-Babel."""
    return _load(language).translations


def translate(
    language: str,
    text: str | Phrase,
    values: Mapping[str, object] | None = None,
    *,
    context: str | None = None,
) -> str:
    """`text` in `language` ("de"; anything else reads English), its placeholders filled from
    `values` (and a Phrase's own).

    A text missing from the catalogue shows as written (English): visible, never an error;
    `make check` is what keeps that from landing."""
    if isinstance(text, Phrase):
        values = {**text.values, **(values or {})}
        text = text.text
    if not text:  # gettext("") is the catalogue's header, not an empty text
        return text
    loaded = _load(language_of(language))
    if context is not None and text in loaded.in_context.get(context, ()):
        words = str(loaded.translations.pgettext(context, text))
    else:
        words = str(loaded.translations.gettext(text))
    return words.format(**values) if values else words
