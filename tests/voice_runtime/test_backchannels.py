"""What counts as an acknowledgement rather than an interruption, however the recogniser
writes it. The voice runtime and the dialogue read the same list (lexicon.is_backchannel)."""

from __future__ import annotations

import pytest

from integrations.dialogue.lexicon import is_backchannel


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
