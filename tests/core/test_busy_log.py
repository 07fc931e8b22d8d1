"""Busy answers are logged at most once a period, each line with how many were refused
since the last one: under overload, not a line per refused request."""

from __future__ import annotations

import logging

import pytest

from core.unavailable import BusyLog


def test_busy_answers_are_counted_into_one_line_a_period(caplog: pytest.LogCaptureFixture) -> None:
    busy = BusyLog(every_s=10.0)
    with caplog.at_level(logging.WARNING, logger="core.unavailable"):
        busy.note("portal: no database connection came free in time")
        busy.note("API: more than 32 requests at once")
        busy.note("API: more than 32 requests at once")
        busy.logged_at -= 10.0  # the period is over
        busy.note("back office: no database connection came free in time")
    assert [record.getMessage() for record in caplog.records] == [
        "portal: no database connection came free in time; answered busy (1 since the last line)",
        "back office: no database connection came free in time; answered busy "
        "(3 since the last line)",
    ]
