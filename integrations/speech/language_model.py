"""A small bigram language model, written in ARPA format, from a bot's own sentences.

pocketsphinx's general English model turns synthetic or telephone speech into near-random
words. A model built from what callers of this bot are likely to say (its FAQ, its greeting,
common requests) steers recognition to the words that matter, the way a call-centre grammar
does. Words the pronouncing dictionary does not know are left out.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

# What callers of any bot tend to say; the bot's own FAQ is added to these.
COMMON_CALLER_SENTENCES = [
    "what are your opening hours",
    "when are you open",
    "are you open today",
    "are you open on saturday",
    "what time do you open",
    "what time do you close",
    "i want to talk to a person",
    "can i speak to a human",
    "put me through to someone please",
    "transfer me to an agent",
    "i would like to book an appointment",
    "can i make an appointment",
    "where are you located",
    "what is your address",
    "how much does it cost",
    "what are your prices",
    "thank you goodbye",
    "thanks bye",
    "that is all thank you",
    "goodbye",
    "yes please",
    "no thank you",
    "okay",
    "mhm",
    "yes",
    "no",
    "wait stop i have another question",
    "sorry can you repeat that",
    "hello",
]

_DISCOUNT = 0.5
_WORD = re.compile(r"[a-z']+")


def words_of(sentence: str) -> list[str]:
    return _WORD.findall(sentence.lower())


def build_arpa(sentences: Iterable[str], known_words: set[str] | None = None) -> str:
    """An absolute-discounting bigram model over `sentences`, as ARPA text."""
    unigrams: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    for sentence in sentences:
        tokens = [w for w in words_of(sentence) if known_words is None or w in known_words]
        if not tokens:
            continue
        tokens = ["<s>", *tokens, "</s>"]
        unigrams.update(tokens)
        bigrams.update(zip(tokens, tokens[1:], strict=False))
    if not bigrams:
        raise ValueError("no usable sentences for a language model")

    history_total: Counter[str] = Counter()
    history_types: Counter[str] = Counter()
    for (first, _second), count in bigrams.items():
        history_total[first] += count
        history_types[first] += 1
    total = sum(unigrams.values())

    lines = ["\\data\\", f"ngram 1={len(unigrams)}", f"ngram 2={len(bigrams)}", "", "\\1-grams:"]
    for word, count in sorted(unigrams.items()):
        # The mass taken from this word's bigrams is given to the unigram back-off.
        backoff = (
            _DISCOUNT * history_types[word] / history_total[word] if history_total[word] else 1.0
        )
        lines.append(f"{math.log10(count / total):.5f} {word} {math.log10(backoff):.5f}")
    lines += ["", "\\2-grams:"]
    for (first, second), count in sorted(bigrams.items()):
        probability = (count - _DISCOUNT) / history_total[first]
        lines.append(f"{math.log10(probability):.5f} {first} {second}")
    lines += ["", "\\end\\", ""]
    return "\n".join(lines)
