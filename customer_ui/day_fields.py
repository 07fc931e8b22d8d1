"""Days in the portal's forms as the reader writes them, with a calendar to pick one from.

German readers see and write "24.12.2026", English ones "2026-12-24" (ISO: no doubt between
day-month and month-day). Either way of writing is read in either language, so a pasted ISO
day in the German portal still counts. The labels, hints and messages name the reader's way
through the catalogue ("JJJJ-MM-TT" was asked of German shop owners before).
"""

from __future__ import annotations

from datetime import date, datetime

from nicegui import ui

from customer_ui.i18n import Texts

# The ways of writing a day that are read: ISO, then German with a four- or two-digit year.
_READ = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y")
# Quasar's date picker writes the picked day into the field with this mask.
_PICKER_MASK = {True: "DD.MM.YYYY", False: "YYYY-MM-DD"}


def read_day(text: str | None) -> date | None:
    """The day written as "2026-12-24", "24.12.2026" or "24.12.26"; None for anything else."""
    cleaned = (text or "").strip()
    for pattern in _READ:
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    return None


def day_input(tr: Texts, label: str, value: date | None = None) -> ui.input:
    """A field for one day, written the reader's way, with a calendar button beside it."""
    field = ui.input(label, value=tr.day(value) if value else "")
    with field.add_slot("append"):
        calendar = ui.icon("event").classes("cursor-pointer")
    menu: ui.menu | None = None

    def open_calendar() -> None:
        # Made at its first opening, not with the page: a calendar and its menu cost ~0.5 ms
        # of the server's CPU to build and send, on every render of a list's filters that
        # mostly nobody opens (the calls page has two).
        nonlocal menu
        if menu is None:
            with field, ui.menu().props("no-parent-event") as menu:
                picker = ui.date(mask=_PICKER_MASK[tr.german]).bind_value(field)
            picker.on("update:model-value", menu.close)  # a day picked: its job is done
        menu.open()

    calendar.on("click", open_calendar)
    return field
