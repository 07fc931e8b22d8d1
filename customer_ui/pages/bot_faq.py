"""The bot form's questions and answers: rows that can be added and removed, each with the
other ways callers ask it, and their errors under the names the services give them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nicegui import ui

from customer_ui.i18n import Texts
from customer_ui.text_fields import deliver_any_text, text_input
from services.bot_faq import MAX_ANSWER, MAX_PHRASING, MAX_PHRASINGS, MAX_QUESTION
from services.errors import ValidationFailed
from services.text_input import TOO_LONG

# What the browser sends at most for one entry's phrasings: all of them at full length, with
# room for blank lines and spaces that are dropped anyway.
PHRASINGS_TEXT = 2 * MAX_PHRASINGS * (MAX_PHRASING + 1)


@dataclass
class _FaqRow:
    question: ui.input
    answer: ui.textarea
    phrasings: ui.textarea


class FaqEditor:
    """The card of questions and answers. `fields` holds each row's phrasings by the name
    the services give their errors under ("faq.0.phrasings"), following rows being added and
    removed; `problem` is the line for errors about the list as a whole."""

    def __init__(self, tr: Texts, faq: list[dict[str, Any]], fields: dict[str, Any]) -> None:
        self._tr = tr
        self._rows: list[_FaqRow] = []
        self._fields = fields
        with ui.card().classes("w-full gap-2"):
            ui.label(tr("Questions and answers")).classes("font-semibold")
            ui.label(
                tr(
                    "Under “Other ways callers ask this” write how callers put a question in "
                    "their own words, one per line, e.g. “How much is a haircut?”. The bot "
                    "then understands them better."
                )
            ).classes("text-sm text-gray-600")
            self._box = ui.column().classes("w-full gap-2")
            for entry in faq:
                self.add(entry.get("question", ""), entry.get("answer", ""), entry.get("phrasings"))
            ui.button(tr("Add a question"), icon="add", on_click=lambda: self.add()).props("flat")
            self.problem = ui.label().classes("text-negative text-sm")

    def add(self, question: str = "", answer: str = "", phrasings: list[str] | None = None) -> None:
        tr = self._tr
        with self._box, ui.card().props("flat bordered").classes("w-full gap-1 p-2") as box:
            with ui.row().classes("w-full items-start gap-1 no-wrap"):
                with ui.element("div").classes("flex-1 grid grid-cols-1 sm:grid-cols-2 gap-x-2"):
                    q = text_input(tr("Question"), max_length=MAX_QUESTION, value=question)
                    a = ui.textarea(tr("Answer"), value=answer).props("autogrow")
                    deliver_any_text(a, max_length=MAX_ANSWER)
                remove_button = ui.button(icon="close").props("flat dense round")
                remove_button.mark("remove-question").tooltip(tr("Remove this question"))
            p = (
                ui.textarea(tr("Other ways callers ask this"), value="\n".join(phrasings or []))
                .props("autogrow")
                .classes("w-full")
            )
            deliver_any_text(p, max_length=PHRASINGS_TEXT)
        row = _FaqRow(q, a, p)
        self._rows.append(row)
        self._name_fields()

        def remove() -> None:
            self._rows.remove(row)
            self._box.remove(box)
            self._name_fields()

        remove_button.on_click(remove)

    def read(self) -> list[dict[str, Any]]:
        """The entries as the service takes them: phrasings one per line."""
        faq = []
        for position, row in enumerate(self._rows):
            text = row.phrasings.value or ""
            if len(text) > PHRASINGS_TEXT:
                raise ValidationFailed({f"faq.{position}.phrasings": TOO_LONG})
            faq.append(
                {
                    "question": row.question.value or "",
                    "answer": row.answer.value or "",
                    "phrasings": text.splitlines(),
                }
            )
        return faq

    def append_phrasing(self, entry: int, question: str, text: str) -> None:
        """Shows a phrasing that "Try it" saved in the form too, so saving the form keeps it."""
        if entry < len(self._rows) and self._rows[entry].question.value == question:
            box = self._rows[entry].phrasings
            lines = (box.value or "").splitlines()
            if text not in lines:
                box.value = "\n".join([*[line for line in lines if line.strip()], text])

    def _name_fields(self) -> None:
        for name in [name for name in self._fields if name.startswith("faq.")]:
            del self._fields[name]
        for position, row in enumerate(self._rows):
            self._fields[f"faq.{position}.phrasings"] = row.phrasings
