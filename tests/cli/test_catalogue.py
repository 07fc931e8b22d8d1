"""The one translation catalogue: lookups, and the `make check` gate on untranslated texts."""

from __future__ import annotations

from pathlib import Path

from cli.catalogue import ROOT, problems
from core.catalogue import BACK_OFFICE, Phrase, translate


def test_the_code_has_german_for_every_text_it_shows() -> None:
    assert problems() == []


def test_a_new_english_text_without_german_is_refused(tmp_path: Path) -> None:
    pages = tmp_path / "customer_ui"
    pages.mkdir()
    (pages / "page.py").write_text(
        'def page(tr):\n    tr("Dashboard")\n    tr("A sentence nobody has translated yet.")\n'
    )
    refused = problems(tmp_path)
    assert "no German for 'A sentence nobody has translated yet.' (customer_ui/page.py)" in refused
    assert not any("'Dashboard'" in problem for problem in refused if "no German" in problem)


def test_a_service_message_is_found_where_it_is_raised(tmp_path: Path) -> None:
    services = tmp_path / "services"
    services.mkdir()
    (services / "rules.py").write_text(
        "from core.catalogue import Phrase\n"
        'problem = Phrase("Please choose at most {days} days, {name}.", days=3, name="x")\n'
    )
    refused = problems(tmp_path)
    assert (
        "no German for 'Please choose at most {days} days, {name}.' (services/rules.py)" in refused
    )


def test_a_text_gone_from_the_code_is_a_stale_catalogue(tmp_path: Path) -> None:
    pages = tmp_path / "customer_ui"
    pages.mkdir()
    (pages / "page.py").write_text('def page(tr):\n    tr("Dashboard")\n')
    refused = problems(tmp_path)
    assert "no longer in the code: 'Log out everywhere' (run `make catalogue`)" in refused
    assert not any("'Dashboard'" in problem for problem in refused)


def test_texts_and_messages_in_both_languages() -> None:
    assert translate("de", "Dashboard") == "Übersicht"
    assert translate("en", "Dashboard") == "Dashboard"
    assert translate("de-AT", "{seconds} seconds", {"seconds": "0,9"}) == "0,9 Sekunden"
    assert translate("de", Phrase("{count} new", count=3)) == "3 neu"
    assert str(Phrase("{count} new", count=3)) == "3 new"
    # Not in the catalogue: shown as written, never an error.
    assert translate("de", "Not a text we have") == "Not a text we have"
    assert translate("fr", "Dashboard") == "Dashboard"


def test_the_back_office_has_its_own_words_where_they_differ() -> None:
    assert translate("de", "Ticket") == "Anfrage"
    assert translate("de", "Ticket", context=BACK_OFFICE) == "Ticket"
    # Its own entry even when the words are the English ones.
    assert translate("de", "Live") == "Aktiv"
    assert translate("de", "Live", context=BACK_OFFICE) == "Live"
    # Without an entry of its own, the shared one.
    assert translate("de", "Dashboard", context=BACK_OFFICE) == "Übersicht"


def test_the_catalogue_files_ship_with_the_code() -> None:
    assert (ROOT / "core" / "locale" / "de" / "LC_MESSAGES" / "messages.po").is_file()
