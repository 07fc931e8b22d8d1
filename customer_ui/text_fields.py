"""Text inputs whose value always reaches the server, whatever was typed or pasted.

NiceGUI sends every change of an input over the page's websocket, and two kinds of text never
arrive: more than about 1 MB (NiceGUI's browser code drops the message) and a lone UTF-16
surrogate (the server's JSON parser refuses it). The server would keep the previous value and
a form would save that one, silently. An input made here lets the browser send what it can
instead: text cut to one character beyond the field's limit, so the service still answers
"too long", and lone surrogates as U+FFFD, which the service refuses as a broken character.
The rule itself stays in services/text_input.py; this only carries the text there.
"""

from __future__ import annotations

from typing import Any

from nicegui import ui

# Runs in the browser for every change of the value, before it is sent.
_SEND_WHAT_ARRIVES = """(value) => {
  if (typeof value === "string") {
    if (value.length > %d) value = value.slice(0, %d);
    if (value.isWellFormed && !value.isWellFormed()) value = value.toWellFormed();
  }
  emit(value);
}"""


def text_input(label: str, *, max_length: int, **kwargs: Any) -> ui.input:
    """`ui.input` for text a service checks against `max_length` (services/text_input.py)."""
    field = ui.input(label, **kwargs)
    deliver_any_text(field, max_length=max_length)
    return field


def deliver_any_text(field: ui.input | ui.textarea, *, max_length: int) -> None:
    """Make an existing input (or textarea) send text the server can always receive."""
    handler = _SEND_WHAT_ARRIVES % (max_length + 1, max_length + 1)
    # NiceGUI registers the value's own listener in the element's constructor and offers no
    # public way to give it a browser-side handler; this sets the one it would have taken.
    for listener in field._event_listeners.values():  # noqa: SLF001
        if listener.type == f"update:{field.VALUE_PROP}":
            listener.js_handler = handler
    field.update()
