"""What a demo run made: counted by kind, for the CLI to print."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class SeedReport:
    """How many rows of each kind the run created; all zero when the demo was already there."""

    created: Counter[str] = field(default_factory=Counter)

    @property
    def created_anything(self) -> bool:
        return any(self.created.values())

    def summary(self) -> str:
        if not self.created_anything:
            return "Demo data is already there: nothing created."
        parts = [f"{count} {what}" for what, count in self.created.items() if count]
        return "Demo data created: " + ", ".join(parts) + "."
