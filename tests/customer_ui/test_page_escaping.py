"""The quick escaping of a page's elements gives NiceGUI's own text, character for
character, and a page built through it still carries an element's markup escaped."""

from __future__ import annotations

import html
import json
import re

import nicegui.client
import nicegui.json
import pytest
from nicegui.testing.user import User

from customer_ui.page_escaping import EscapableText, QuickEscapingJson, install

TABLE = nicegui.client.HTML_ESCAPE_TABLE


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain",
        '{"1":{"text":"<script>alert(`x`)</script> & $HOME &amp; &lt;"}}',
        "Grüß Gott – €12,50 ${price} `tick` <b>&</b> 中文 🙂",
        "&&<<>>``$$",
    ],
)
def test_the_quick_escaping_is_niceguis(text: str) -> None:
    escaping = QuickEscapingJson(nicegui.json, TABLE)
    assert escaping.escape(text) == text.translate(TABLE)
    made = escaping.dumps({"text": text})
    assert made.translate(TABLE) == str(made).translate(TABLE)


def test_any_other_table_translates_as_str_does() -> None:
    text = EscapableText("abc<", QuickEscapingJson(nicegui.json, TABLE))
    other = str.maketrans({"a": "A", "<": "&lt;"})
    assert text.translate(other) == "Abc&lt;"


def test_install_is_idempotent_and_keeps_the_rest_of_niceguis_json() -> None:
    install()
    installed = nicegui.client.json
    install()
    assert nicegui.client.json is installed
    assert isinstance(installed, QuickEscapingJson)
    assert installed.loads('{"a": 1}') == {"a": 1}


async def test_a_page_carries_its_elements_escaped(user: User) -> None:
    """The log-in page as the portal serves it (the app installs the escaping): its elements'
    JSON text is escaped, as NiceGUI's own escaping leaves it."""
    assert isinstance(nicegui.client.json, QuickEscapingJson)
    page = (await user.http_client.get("/login")).text
    [elements] = re.findall(r"parseElements\(String\.raw`(.*?)`\)", page, flags=re.DOTALL)
    assert not set("<>`$").intersection(elements)
    assert json.loads(html.unescape(elements))  # the escaping undone: NiceGUI's JSON again
