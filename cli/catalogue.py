"""Keeps the translation catalogue (core/catalogue.py) and the code in step.

    python -m cli.catalogue update   # new texts from the code into both .po files
    python -m cli.catalogue check    # part of `make check`: fails on a text without German

A text is found in the code where it is handed to a translator or marked for one: `t("…")`
(back office, its templates too), `tr("…")` (portal), `lazy("…")`, `N_("…")` and
`Phrase("…", …)` (services). `check` fails when such a text has no German entry, or an empty
or fuzzy one; when a translation has a placeholder its English lacks (the page would
fail while formatting it); when an entry is no longer in the code (a stale catalogue: `update`
drops it); and when the English and German files hold different texts (run `update`).
"""

from __future__ import annotations

import string
import sys
from datetime import UTC, datetime
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from core.catalogue import BACK_OFFICE, DOMAIN, catalogue_path

ROOT = Path(__file__).resolve().parent.parent
# The markers any package may use, and each front door's translator (a short name, so only
# where it means one: elsewhere `t` is a loop variable).
MARKERS = {"N_": None, "Phrase": None}
SOURCES: dict[str, dict[str, None]] = {
    "admin_app": {**MARKERS, "t": None, "lazy": None},
    "customer_ui": {**MARKERS, "tr": None},
    **{package: MARKERS for package in ("services", "integrations", "voice_runtime", "jobs")},
    "core": MARKERS,
}
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
# A fixed date keeps the files' headers out of every diff.
HEADER_DATE = datetime(2026, 11, 30, tzinfo=UTC)


def extract(root: Path = ROOT) -> dict[str, list[str]]:
    """Every text the code hands to a translator, with the files it is in."""
    found: dict[str, list[str]] = {}
    for package, keywords in SOURCES.items():
        for filename, _line, text, _comments, _context in extract_from_dir(
            root / package, METHODS, keywords=keywords, comment_tags=()
        ):
            if isinstance(text, str) and text:
                found.setdefault(text, []).append(f"{package}/{filename}")
    return found


def load(language: str) -> Catalog:
    with catalogue_path(language).open("rb") as po:
        return read_po(po, locale=language, domain=DOMAIN)


def save(catalogue: Catalog, language: str) -> None:
    fresh = Catalog(
        locale=language,
        domain=DOMAIN,
        project="VoiceAgent",
        version="1",
        copyright_holder="VoiceAgent",
        creation_date=HEADER_DATE,
        revision_date=HEADER_DATE,
        fuzzy=False,
        header_comment=f"# VoiceAgent's words in {'German' if language == 'de' else 'English'}.",
    )
    for entry in catalogue:
        if entry.id:
            fresh.add(
                entry.id, entry.string, entry.locations, flags=entry.flags, context=entry.context
            )
    with catalogue_path(language).open("wb") as po:
        write_po(po, fresh, width=100, sort_output=True, include_lineno=False)


def update(root: Path = ROOT) -> list[str]:
    """Adds the code's new texts (German empty, English as written) and drops the texts the
    code no longer has; returns the new ones."""
    found = extract(root)
    german, english = load("de"), load("en")
    new = [text for text in found if german.get(text) is None]
    for text in new:
        german.add(text, "")
        english.add(text, text)
    for catalogue in (german, english):
        for entry in list(catalogue):
            if entry.id and entry.id not in found:
                catalogue.delete(entry.id, context=entry.context)
    for catalogue in (german, english):
        for entry in catalogue:
            if not entry.context and entry.id in found:
                entry.locations = [(path, 0) for path in sorted(set(found[entry.id]))]
    save(german, "de")
    save(english, "en")
    return new


def problems(root: Path = ROOT) -> list[str]:
    """What `check` refuses."""
    found = extract(root)
    german, english = load("de"), load("en")
    refused = []
    for text, files in sorted(found.items()):
        entries = [german.get(text)]
        if all(path.startswith("admin_app/") for path in files):
            entries.append(german.get(text, context=BACK_OFFICE))
        if not any(e is not None and e.string and not e.fuzzy for e in entries):
            refused.append(f"no German for {text!r} ({', '.join(sorted(set(files)))})")
    for entry in german:
        # German may leave a value out ("um {hour} Uhr" needs no am/pm), never add one.
        if entry.id and entry.string and not _fields(entry.string) <= _fields(entry.id):
            refused.append(f"a placeholder the English lacks, in German for {entry.id!r}")
    stale = sorted({str(e.id) for e in german if e.id and e.id not in found})
    refused += [f"no longer in the code: {text!r} (run `make catalogue`)" for text in stale]
    if _keys(german) != _keys(english):
        refused.append("English and German catalogues hold different texts: run update")
    return refused


def _fields(text: object) -> set[str]:
    if not isinstance(text, str):
        return set()
    try:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}
    except ValueError:  # a lone brace: not a template
        return set()


def _keys(catalogue: Catalog) -> set[tuple[str, str | None]]:
    return {(str(e.id), e.context) for e in catalogue if e.id}


@click.group()
def catalogue() -> None:
    """The translation catalogue (core/locale)."""


@catalogue.command("update")
def update_command() -> None:
    """Add the code's new texts to both .po files; then write their German."""
    for text in update():
        click.echo(f"new: {text}")


@catalogue.command("check")
def check_command() -> None:
    """Fail when a text in the code has no German translation, or the catalogue is stale."""
    refused = problems()
    for line in refused:
        click.echo(line)
    click.echo(f"catalogue: {len(refused)} problems")
    if refused:
        sys.exit(1)


if __name__ == "__main__":
    catalogue()
