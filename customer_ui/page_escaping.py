"""NiceGUI writes a page's elements into its HTML as one JSON text, escaped for the page by
`str.translate` with a table of five characters (`&`, `<`, `>`, backtick, `$`;
nicegui/client.py, `Client.build_response`).

`str.translate` with replacements longer than one character looks every character of the
text up in the table, one by one: ~8 ms for a dashboard-sized JSON text (~100 KB), 7 % of a
portal's CPU under bench/portal_pages.py (py-spy, 2026-12-05). Five `str.replace` passes
give the same text in ~0.3 ms. `install` hands NiceGUI's client module a `json` whose
`dumps` returns text that escapes itself that way when it is translated with that table,
and with any other table as `str.translate` does. It does nothing where the installed
NiceGUI no longer escapes with that table (then this module can go).
"""

from __future__ import annotations

import inspect
from types import ModuleType
from typing import Any

import nicegui.client

_ESCAPING = "elements.translate(HTML_ESCAPE_TABLE)"


def install() -> None:
    """Put the quick escaping in NiceGUI's place; idempotent."""
    client = nicegui.client
    if isinstance(client.json, QuickEscapingJson) or not _escapes_with_the_table(client):
        return
    client.json = QuickEscapingJson(client.json, client.HTML_ESCAPE_TABLE)  # type: ignore[assignment]


def _escapes_with_the_table(client: ModuleType) -> bool:
    table = getattr(client, "HTML_ESCAPE_TABLE", None)
    return isinstance(table, dict) and _ESCAPING in inspect.getsource(client.Client.build_response)


class QuickEscapingJson:
    """NiceGUI's json module, but `dumps` returns `EscapableText`."""

    def __init__(self, json: ModuleType, table: dict[int, str]) -> None:
        self._json = json
        self.table = table
        # "&" first: escaping it after the others would escape their own "&".
        self._replacements = sorted(
            ((chr(code), escaped) for code, escaped in table.items()), key=lambda r: r[0] != "&"
        )

    def dumps(self, *args: Any, **kwargs: Any) -> str:
        return EscapableText(self._json.dumps(*args, **kwargs), self)

    def escape(self, text: str) -> str:
        for char, escaped in self._replacements:
            text = text.replace(char, escaped)
        return text

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - the rest of NiceGUI's json
        return getattr(self._json, name)


class EscapableText(str):
    """A JSON text that escapes itself quickly when translated with NiceGUI's table."""

    def __new__(cls, text: str, json: QuickEscapingJson) -> EscapableText:
        made = super().__new__(cls, text)
        made._escaping = json
        return made

    _escaping: QuickEscapingJson

    def translate(self, table: Any) -> str:  # noqa: ANN401 - as str.translate takes it
        if table is self._escaping.table:
            return self._escaping.escape(str(self))
        return str.translate(self, table)
