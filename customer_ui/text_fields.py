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

# Runs in the browser on every input event, before the field reads what was typed or pasted:
# a capturing listener on the native input fires ahead of Quasar's own, so the field only ever
# sees (and sends) the corrected text.
_MAKE_SENDABLE = """(event) => {
  const input = event.target;
  let value = input.value;
  if (value.length > %d) value = value.slice(0, %d);
  if (value.isWellFormed && !value.isWellFormed()) value = value.toWellFormed();
  if (value !== input.value) input.value = value;
}"""


def text_input(label: str, *, max_length: int, **kwargs: Any) -> ui.input:
    """`ui.input` for text a service checks against `max_length` (services/text_input.py)."""
    field = ui.input(label, **kwargs)
    deliver_any_text(field, max_length=max_length)
    return field


def deliver_any_text(field: ui.input | ui.textarea, *, max_length: int) -> None:
    """Make an existing input (or textarea) send text the server can always receive."""
    field.on("input.capture", js_handler=_MAKE_SENDABLE % (max_length + 1, max_length + 1))
