"""The one translation catalogue: lookups, and the `make check` gate on untranslated texts."""

from __future__ import annotations

from pathlib import Path

from cli.catalogue import ROOT, problems
from core.catalogue import BACK_OFFICE, Message, translate


def test_the_code_has_german_for_every_text_it_shows() -> None:
    refused, _unused = problems()
    assert refused == []


def test_a_new_english_text_without_german_is_refused(tmp_path: Path) -> None:
    pages = tmp_path / "customer_ui"
    pages.mkdir()
    (pages / "page.py").write_text(
        'def page(tr):\n    tr("Dashboard")\n    tr("A sentence nobody has translated yet.")\n'
    )
    refused, _unused = problems(tmp_path)
    assert refused == [
        "no German for 'A sentence nobody has translated yet.' (customer_ui/page.py)"
    ]


def test_a_service_message_is_found_where_it_is_raised(tmp_path: Path) -> None:
    services = tmp_path / "services"
    services.mkdir()
    (services / "rules.py").write_text(
        "from core.catalogue import Message\n"
        'problem = Message("Please choose at most {days} days, {name}.", days=3, name="x")\n'
    )
    refused, _unused = problems(tmp_path)
    assert refused == [
        "no German for 'Please choose at most {days} days, {name}.' (services/rules.py)"
    ]


def test_texts_and_messages_in_both_languages() -> None:
    assert translate("de", "Dashboard") == "Übersicht"
    assert translate("en", "Dashboard") == "Dashboard"
    assert translate("de-AT", "{seconds} seconds", {"seconds": "0,9"}) == "0,9 Sekunden"
    assert translate("de", Message("{count} new", count=3)) == "3 neu"
    assert str(Message("{count} new", count=3)) == "3 new"
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
