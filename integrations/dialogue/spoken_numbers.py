"""Numbers as callers say them, German and English: digits, words ("einundzwanzig",
"forty five") and ordinals ("fünften", "21st"), up to 59 — enough for days of the month,
hours and minutes (spoken_time.py). Words are folded as lexicon.words folds them."""

from __future__ import annotations

import re

_ONES = {
    "de": "null eins zwei drei vier fuenf sechs sieben acht neun zehn elf zwoelf dreizehn "
    "vierzehn fuenfzehn sechzehn siebzehn achtzehn neunzehn",
    "en": "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen",
}
_TENS = {"de": {"zwanzig": 20, "dreissig": 30, "vierzig": 40, "fuenfzig": 50},
         "en": {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}}  # fmt: skip
_EN_ORDINALS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]


def number(word: str, lang: str) -> int | None:
    """A number as digits, a word or an ordinal, up to 59 ("einundzwanzig", "fifth")."""
    if word.isdigit():
        return int(word)
    return _CARDINALS[lang].get(word, _ORDINALS[lang].get(word))


def _cardinals(lang: str) -> dict[str, int]:
    ones = _ONES[lang].split()
    table = {word: value for value, word in enumerate(ones)}
    for tens_word, tens in _TENS[lang].items():
        table[tens_word] = tens
        if lang == "de":
            for value in range(1, 10):
                unit = "ein" if value == 1 else ones[value]
                table[f"{unit}und{tens_word}"] = tens + value
    if lang == "de":
        table.update({"ein": 1, "zwo": 2})
    return table


def _ordinals(lang: str) -> dict[str, int]:
    ones = _ONES[lang].split()
    table: dict[str, int] = {}
    if lang == "de":
        for value, word in list(enumerate(ones))[1:] + [(v, w) for w, v in _TENS["de"].items()]:
            ordinal = {1: "erst", 3: "dritt", 7: "siebt", 8: "acht"}.get(value)
            ordinal = ordinal or (word + ("st" if value >= 20 else "t"))
            for ending in ("e", "en", "er", "es"):
                table[ordinal + ending] = value
        for value in range(21, 32):
            if value % 10:
                unit = "ein" if value % 10 == 1 else ones[value % 10]
                stem = f"{unit}und{'zwanzig' if value < 30 else 'dreissig'}st"
                for ending in ("e", "en", "er"):
                    table[stem + ending] = value
    else:
        table.update({word: value for value, word in enumerate(_EN_ORDINALS)})
        table.update({"twentieth": 20, "thirtieth": 30})
    return table


_CARDINALS = {lang: _cardinals(lang) for lang in ("de", "en")}
_ORDINALS = {lang: _ordinals(lang) for lang in ("de", "en")}


def merge_tens(heard: list[str], lang: str) -> list[str]:
    """English says "twenty first" and "forty five" in two words: one number each."""
    if lang != "en":
        return heard
    merged: list[str] = []
    for word in heard:
        unit = _CARDINALS["en"].get(word, _ORDINALS["en"].get(word))
        previous = _CARDINALS["en"].get(merged[-1]) if merged else None
        if previous in {20, 30, 40, 50} and unit is not None and 1 <= unit <= 9:
            merged[-1] = str(previous + unit)
        else:
            merged.append(word)
    return merged


def unordinal(word: str) -> str:
    """ "5th", "21st", "3rd" → "5", "21", "3"."""
    match = re.fullmatch(r"(\d{1,2})(st|nd|rd|th)", word)
    return match.group(1) if match else word


def cardinal(word: str, lang: str) -> int | None:
    """A number as digits or a counting word ("zehn", "ten"), not an ordinal."""
    return int(word) if word.isdigit() else _CARDINALS[lang].get(word)
