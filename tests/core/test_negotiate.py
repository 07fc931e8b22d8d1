"""Accept-Language to the catalogue's language, by Babel's negotiation over the weights."""

from __future__ import annotations

import pytest

from core.catalogue import negotiate


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("de-AT", "de"),
        ("de-at,de;q=0.9,en;q=0.8", "de"),
        ("en-US,en;q=0.9,de;q=0.8", "en"),
        ("fr, en;q=0.3, de-AT;q=0.8", "de"),  # the weight counts, not the order
        ("fr-FR, en_GB", "en"),
        ("de;q=0, en;q=0.1", "en"),  # q=0: not acceptable
        ("de;q=abc, en", "en"),
        ("fr, *", None),
        ("", None),
        (None, None),
    ],
)
def test_negotiate(header: str | None, language: str | None) -> None:
    assert negotiate(header) == language
