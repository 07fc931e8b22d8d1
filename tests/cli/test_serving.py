"""A server process, before it serves: what was built at start-up is frozen out of the
collector's sight, and young objects are collected less often than Python's default, so
full passes (which stall a portal's event loop for as long as they walk its open pages)
come rarely."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from cli.serving import YOUNG_COLLECTION_THRESHOLD, settle_heap


@pytest.fixture
def thresholds_put_back() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    yield before
    gc.set_threshold(*before)


def test_settled_heap_collects_young_objects_less_often(
    thresholds_put_back: tuple[int, int, int],
) -> None:
    # Lists, not bare objects: the collector tracks only containers, so only they can be
    # frozen (and other tests freeze the heap too, so the count is compared with before).
    frozen_before = gc.get_freeze_count()
    built_at_start = [[] for _ in range(1000)]
    settle_heap()
    young, middle, old = gc.get_threshold()
    assert young == YOUNG_COLLECTION_THRESHOLD > thresholds_put_back[0]
    assert (middle, old) == thresholds_put_back[1:]
    assert gc.get_freeze_count() >= len(built_at_start)
    assert gc.get_freeze_count() - frozen_before >= len(built_at_start)
