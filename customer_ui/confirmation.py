"""The question before a step that cannot be undone (deleting, revoking, removing): a dialog
whose red button does it and whose other button leaves everything as it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from customer_ui.i18n import Texts
from customer_ui.layout import guarded


def confirmation(
    tr: Texts, question: str, *, yes: str, do: Callable[[], Any], detail: str = ""
) -> ui.dialog:
    """The dialog, closed: `.open` it from the button that asks. Its "yes" button (marked
    "confirm") runs `do`, guarded like any handler, and closes the dialog."""
    with ui.dialog() as dialog, ui.card().classes("gap-2"):
        ui.label(question).classes("font-semibold")
        if detail:
            ui.label(detail).classes("text-sm")

        def run() -> None:
            dialog.close()
            do()

        with ui.row().classes("gap-2"):
            ui.button(yes, color="negative", on_click=guarded(tr, run)).mark("confirm")
            ui.button(tr("Cancel"), on_click=dialog.close).props("flat")
    return dialog
