"""Word error rate: how many words a recogniser got wrong (substituted, dropped or added)
per word said. Words are compared folded and with contractions spelled out (lexicon.words),
so "What's" and "what is" or "Öffnungszeiten" and "oeffnungszeiten" count as the same."""

from __future__ import annotations

from integrations.dialogue.lexicon import words


def word_errors(reference: str, heard: str) -> tuple[int, int]:
    """(edit distance in words, reference length)."""
    ref, hyp = words(reference), words(heard)
    row = list(range(len(hyp) + 1))
    for i, ref_word in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, hyp_word in enumerate(hyp, 1):
            previous, row[j] = (
                row[j],
                min(row[j] + 1, row[j - 1] + 1, previous + (ref_word != hyp_word)),
            )
    return row[-1], len(ref)


def wer(pairs: list[tuple[str, str]]) -> float:
    """Over (what was said, what was heard) pairs: all word errors over all words said."""
    errors = [word_errors(ref, heard) for ref, heard in pairs]
    return sum(e for e, _ in errors) / max(1, sum(n for _, n in errors))
