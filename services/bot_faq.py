"""A bot's questions and answers (its FAQ): the limits, what is wrong with an entry as typed,
and how a valid entry is stored. services.bots checks and stores a bot's FAQ with these; the
portal's form and the REST API's schema take their limits from here."""

from __future__ import annotations

from typing import Any

from core.catalogue import N_, Phrase
from services.errors import Wording
from services.text_input import text_problem

MAX_FAQ_ENTRIES = 50
MAX_QUESTION, MAX_ANSWER = 500, 2000
# Other ways callers ask an FAQ entry ("phrasings"): the offline matcher compares each with
# what a caller said, so a handful of real sentences helps and hundreds would only blur it.
MAX_PHRASINGS, MAX_PHRASING = 10, 200
TOO_MANY_PHRASINGS = Phrase(
    "A question can have at most {count} other ways to ask it.", count=MAX_PHRASINGS
)
PHRASING_TOO_LONG = Phrase(
    "Each other way to ask may have at most {count} characters.", count=MAX_PHRASING
)
PHRASINGS_NOT_TEXT = N_("Please give the other ways to ask as a list of texts.")


def faq_errors(faq: list[dict[str, Any]]) -> dict[str, Wording]:
    """Problems with the questions and answers under "faq" (the first one), problems with
    an entry's other ways to ask under "faq.<position from 0>.phrasings"."""
    if len(faq) > MAX_FAQ_ENTRIES:
        return {"faq": Phrase("A bot can know at most {count} questions.", count=MAX_FAQ_ENTRIES)}
    errors: dict[str, Wording] = {}
    for position, entry in enumerate(faq):
        question, answer = str(entry.get("question", "")), str(entry.get("answer", ""))
        if not question.strip() or not answer.strip():
            problem: Wording | None = Phrase(
                "Question {number} needs both a question and an answer.", number=position + 1
            )
        else:
            problem = question_problem(question) or answer_problem(answer)
        if problem:
            errors.setdefault("faq", problem)
        if problem := phrasings_problem(entry.get("phrasings") or []):
            errors[f"faq.{position}.phrasings"] = problem
    return errors


# What is wrong with one entry's texts once it has a question and an answer (faq_errors
# says which entry lacks one); None when nothing is. The REST API's schema asks the same
# of each entry (customer_ui/api/routes/bots.py).
def question_problem(question: str) -> Wording | None:
    if len(question) > MAX_QUESTION:
        return Phrase("A question may have at most {count} characters.", count=MAX_QUESTION)
    return text_problem(question, max_length=MAX_QUESTION)


def answer_problem(answer: str) -> Wording | None:
    if len(answer) > MAX_ANSWER:
        return Phrase("An answer may have at most {count} characters.", count=MAX_ANSWER)
    return text_problem(answer, max_length=MAX_ANSWER, multiline=True)


def stored_faq_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A valid entry as stored; "phrasings" only when there are some, so entries saved
    before they existed and entries without any look the same."""
    stored: dict[str, Any] = {
        "question": entry["question"].strip(),
        "answer": entry["answer"].strip(),
    }
    if phrasings := clean_phrasings(entry.get("phrasings") or []):
        stored["phrasings"] = phrasings
    return stored


def clean_phrasings(phrasings: list[str]) -> list[str]:
    """`phrasings` trimmed, without empty ones and without repeats (ignoring case and
    spacing), in the order given: what is stored and what the limits count."""
    kept: dict[str, str] = {}
    for text in phrasings:
        key = same_text(text)
        if key and key not in kept:
            kept[key] = text.strip()
    return list(kept.values())


def same_text(text: str) -> str:
    """What two texts that say the same share: case and spacing do not count."""
    return " ".join(text.casefold().split())


def phrasings_problem(phrasings: object) -> Wording | None:
    if not isinstance(phrasings, list) or not all(isinstance(t, str) for t in phrasings):
        return PHRASINGS_NOT_TEXT
    cleaned = clean_phrasings(phrasings)
    if len(cleaned) > MAX_PHRASINGS:
        return TOO_MANY_PHRASINGS
    for text in cleaned:
        if len(text) > MAX_PHRASING:
            return PHRASING_TOO_LONG
        if problem := text_problem(text, max_length=MAX_PHRASING):
            return problem
    return None
