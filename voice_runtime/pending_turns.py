"""A call's turns not stored yet, handed out in the order they began.

A bot reply is recorded when it ends (only then is it known what the caller heard), so
while one plays, turns that began after it wait: `hold` marks a reply's start, `release`
lets the turns behind it go. The journal (call_journal.py) stores what is `ready`.
"""

from __future__ import annotations

import itertools

from services.call_records import TurnRecord


class PendingTurns:
    def __init__(self) -> None:
        self._turns: list[TurnRecord] = []
        self._holds: dict[int, int] = {}  # hold id → started_ms of a reply still playing
        self._hold_ids = itertools.count()

    def add(self, turn: TurnRecord) -> None:
        self._turns.append(turn)

    def hold(self, started_ms: int) -> int:
        hold_id = next(self._hold_ids)
        self._holds[hold_id] = started_ms
        return hold_id

    def release(self, hold_id: int) -> None:
        self._holds.pop(hold_id, None)

    def ready(self) -> list[TurnRecord]:
        """The turns that began before every reply still playing, in order; they move to
        the front, so a stored batch is the first turns (`stored`)."""
        self._turns = in_order(self._turns)
        cutoff = min(self._holds.values(), default=None)
        if cutoff is None:
            return list(self._turns)
        return list(itertools.takewhile(lambda turn: turn.started_ms < cutoff, self._turns))

    def stored(self, count: int) -> None:
        """The first `count` turns of the last `ready` are stored."""
        del self._turns[:count]

    def everything(self) -> list[TurnRecord]:
        """Every turn not stored yet, in order, held or not: the call's closing takes them."""
        return in_order(self._turns)


def in_order(turns: list[TurnRecord]) -> list[TurnRecord]:
    return sorted(turns, key=lambda turn: turn.started_ms)
