"""A second, held-out set for bench/understanding.py: four businesses the matcher was never
tuned on — a Viennese Heuriger and a dental practice in Graz (German, callers in Austrian
dialect: understanding_heldout_de.py), a bicycle repair shop and a boarding kennel (English:
understanding_heldout_en.py) — each with its opening hours asked after, and questions its FAQ
does not cover (a right bot asks back instead of answering with some entry).

Written by an independent reviewer after the matcher's word lists had been tuned until the
salon set (bench/understanding_set.py) came out right. No word list, concept, intent or
threshold may be tuned on the phrases of this set: once one is, it stops measuring how the
matcher does on words nobody tuned it for, and a new set has to be written.
"""

from __future__ import annotations

from typing import NamedTuple

from bench.understanding_set import Entry


class Business(NamedTuple):
    name: str
    language: str
    hours: dict[str, list[list[str]]]
    hours_said: tuple[str, ...]  # asking for the opening hours: answered from `hours`
    faq: tuple[Entry, ...]
    out_of_scope: tuple[str, ...]  # nothing in the FAQ answers these


def open_on(days: str, opens: str, closes: str) -> dict[str, list[list[str]]]:
    """Business hours as a bot holds them: `days` ("mon tue") open from `opens` to `closes`."""
    return {day: [[opens, closes]] for day in days.split()}
