"""Enter in a text field sends the text the browser holds.

NiceGUI keeps a field's value on the server through change events of the field's own, and
a key's event can reach the server before the change typed just ahead of it (NiceGUI issue
276). A handler that read the field's server-side value on Enter then got what the field
held before: the Try-it chat sent nothing (the field emptied after the message before), a
password manager's fill-and-Enter sent an empty password, counted as a wrong one. The
key's event carries the value instead; a button's click can read the field, as its change
arrived long before.
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui


def on_enter(field: ui.input, send: Callable[[str], object]) -> None:
    """Call `send` with the field's text as the browser holds it when Enter is pressed in it
    (an awaitable it returns is awaited, as for any NiceGUI handler)."""
    field.on(
        "keydown.enter",
        lambda event: send(str(event.args or "")),
        js_handler="(event) => emit(event.target.value)",
    )
