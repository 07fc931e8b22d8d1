"""What counts as an acknowledgement rather than an interruption, however the recogniser
writes it. The voice runtime and the dialogue read the same list (lexicon.is_backchannel)."""

from __future__ import annotations

import pytest

from integrations.dialogue.lexicon import interruption_opener, is_backchannel


@pytest.mark.parametrize(
    "heard",
    [
        "mhm",
        "M-A-M",  # Whisper tiny.en's spelling of a caller's "mhm"
        "M.H.M.",
        "H-M-M",
        "Mm-hmm.",
        "Mmhmm",
        "hmm.",
        "Uh-huh.",
        "okay.",
        "O-K",
        "Yeah.",
        "I see.",
        "Alright, thanks.",
        "ja",
        "Genau.",
        "passt",
        "Okay, danke.",
    ],
)
def test_acknowledgements_in_any_spelling(heard: str) -> None:
    assert is_backchannel(heard)


@pytest.mark.parametrize(
    "heard",
    [
        "",
        " ",
        "Wait.",
        "Stop!",
        "What?",
        "no",
        "Ma'am",
        "Mom",
        "Hmm, I have a question",
        "M-A-M, can I book",
    ],
)
def test_anything_with_a_word_of_its_own_is_not_one(heard: str) -> None:
    assert not is_backchannel(heard)


@pytest.mark.parametrize(
    ("heard", "opener"),
    [
        ("Wait... Wait...", "wait"),
        ("No No No", "no"),
        ("What's that?", "what"),
        ("Can I?", "can"),
        ("Moment", "moment"),
        ("Entschuldigung,", "entschuldigung"),
    ],
)
def test_the_first_word_of_an_interruption(heard: str, opener: str) -> None:
    assert interruption_opener(heard) == opener


@pytest.mark.parametrize(
    # What Whisper made of a hum's first quarter second, and a sentence it invented from a
    # hum's tail: an opener that is not the first word does not count.
    "heard",
    ["", "M-H-", "M. M.", "Okay Okay", "Yeah?", "Uh uh", "And they can.", "Thank you."],
)
def test_acknowledgements_and_stray_words_open_no_interruption(heard: str) -> None:
    assert interruption_opener(heard) is None
