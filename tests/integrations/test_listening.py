"""What Whisper is told to listen for at each booking step: the step's own words last, where
it weighs its prompt most (bench/booking_hearing.py measures it)."""

from __future__ import annotations

import pytest

from integrations.dialogue.booking_desk import OfferedService
from integrations.dialogue.listening import NAMES_TOLD, common_names, listening_for

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


@pytest.mark.parametrize("step", ["name", "booking_name"])
def test_common_names_are_told_when_the_name_is_asked(step: str) -> None:
    """Without them tiny.en heard "Peter Miller" as "Vita Miller" (bench/booking_hearing.py
    --names)."""
    told = listening_for(step, SERVICES, "en")
    assert told.startswith("Peter, Anna, John, Maria, Thomas,")
    assert "Miller, Smith, Brown, Huber, Gruber," in told
    assert told.endswith(". My name is")
    assert common_names("surnames")[NAMES_TOLD] not in told  # the prompt stays short
    assert "Huber" in listening_for(step, SERVICES, "de")


def test_the_name_lists_are_names() -> None:
    for kind in ("first_names", "surnames"):
        names = common_names(kind)
        assert len(names) > NAMES_TOLD and len(set(names)) == len(names)
        assert all(name.isalpha() and name[0].isupper() for name in names)
