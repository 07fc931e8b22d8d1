"""Opening hours as an owner writes them, read into a bot's ranges (services.opening_hours),
and written back the same way."""

from __future__ import annotations

import pytest

from services.errors import ValidationFailed
from services.opening_hours import (
    HOURS_WRITTEN_WRONGLY,
    opening_hours_text,
    read_opening_hours,
)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("09:00-17:00", [["09:00", "17:00"]]),
        ("9-12, 13:00 - 17:30", [["09:00", "12:00"], ["13:00", "17:30"]]),
        ("8:30–12; 14-18", [["08:30", "12:00"], ["14:00", "18:00"]]),
        (" , ", None),
        ("", None),
    ],
)
def test_a_days_text_reads_as_its_ranges(written: str, read: list[list[str]] | None) -> None:
    assert read_opening_hours({"mon": written}).get("mon") == read


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("09:00", HOURS_WRITTEN_WRONGLY),
        ("9-12-15", HOURS_WRITTEN_WRONGLY),
        ("09:00-12:00, 13:00", HOURS_WRITTEN_WRONGLY),
        ("late-early", HOURS_WRITTEN_WRONGLY),
        ("25:00-26:00", HOURS_WRITTEN_WRONGLY),
        ("17:00-09:00", "Opening hours must end after they start."),
    ],
)
def test_a_wrong_day_is_refused_under_its_own_name(written: str, message: str) -> None:
    """The QA pass: a mistake in one day's hours was said under the whole week, and the
    owner had to find the day."""
    with pytest.raises(ValidationFailed) as refused:
        read_opening_hours({"mon": "08:00-09:00", "tue": written, "fri": "9-"})
    assert refused.value.fields == {"tue": message, "fri": HOURS_WRITTEN_WRONGLY}


def test_written_back_as_read() -> None:
    ranges = [["09:00", "12:00"], ["13:00", "17:00"]]
    assert opening_hours_text(ranges) == "09:00-12:00, 13:00-17:00"
    assert read_opening_hours({"fri": opening_hours_text(ranges)}) == {"fri": ranges}
