"""What a browser submits for a rendered form, read from the HTML the way a browser reads it.

The detail that matters: a <select> with no option marked `selected` submits its FIRST option.
That is how the user edit form turned support staff into platform admins, so the round-trip
tests post exactly this, not the values the test believes the form holds.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_class = form_class
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and self.form_class in a.get("class", "").split():
            self.inside = True
        if not self.inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and self._options:
                chosen = [self._options[0][0]]  # what every browser does
            self.fields.extend((self._select, value) for value in chosen[:1])
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline right after <textarea>, and sends line
            # breaks as CRLF whatever the page held.
            text = "".join(self._text).replace("\r\n", "\n").removeprefix("\n")
            self.fields.append((self._textarea, text.replace("\n", "\r\n")))
            self._textarea = None


def submitted_fields(page: str, form_class: str = "admin-form") -> list[tuple[str, str]]:
    """The (name, value) pairs a browser posts when the form is submitted untouched."""
    reader = _FormReader(form_class)
    reader.feed(page)
    assert reader.fields, f"no form with class {form_class!r} on the page"
    return reader.fields
