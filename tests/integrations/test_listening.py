"""What Whisper is told to listen for at each booking step: the step's own words last, where
it weighs its prompt most (bench/booking_hearing.py measures it)."""

from __future__ import annotations

import pytest

from integrations.dialogue.booking_desk import OfferedService
from integrations.dialogue.listening import listening_for

SERVICES = [OfferedService(1, "Haircut", 30), OfferedService(2, "Colouring", 120)]


@pytest.mark.parametrize(
    ("step", "last_words"),
    [
        ("service", "Haircut, Colouring."),
        ("day", "tomorrow, next week."),
        ("time", "The first. The second. The third."),
        ("confirm", "Yes, no, please, right, correct."),
        ("change", "tomorrow, next week."),
    ],
)
def test_the_steps_own_words_come_last(step: str, last_words: str) -> None:
    assert listening_for(step, SERVICES, "en").endswith(last_words)


def test_times_are_told_as_callers_say_them() -> None:
    assert "At ten. At eleven." in listening_for("time", SERVICES, "en")
    assert listening_for(None, SERVICES, "en") == ""
