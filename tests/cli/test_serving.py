"""A server process, before it serves: what was built at start-up is frozen out of the
collector's sight, and young objects are collected less often than Python's default, so
full passes (which stall a portal's event loop for as long as they walk its open pages)
come rarely."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from starlette.applications import Starlette

from cli.serving import YOUNG_COLLECTION_THRESHOLD, settle_heap
from core.settings import Settings


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


def test_the_voice_runtime_settles_its_heap_before_it_serves(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    thresholds_put_back: tuple[int, int, int],
) -> None:
    """A full collection over the runtime's start-up heap stalled every call for longer
    than the audio it sends ahead; `voiceagent voice` freezes that heap first."""
    import uvicorn

    from cli.voice import voice

    at_serving: list[int] = []

    def serve_briefly(app: Starlette, **_options: object) -> None:
        """Instead of serving: note the collector's setting, then start and stop the app
        (its lifespan closes what it opened)."""
        at_serving.append(gc.get_threshold()[0])

        async def start_and_stop() -> None:
            async with app.router.lifespan_context(app):
                pass

        asyncio.run(start_and_stop())

    monkeypatch.setattr(uvicorn, "run", serve_briefly)
    result = CliRunner().invoke(voice, ["--port", "0"], obj=settings)
    assert result.exit_code == 0, result.output
    assert at_serving == [YOUNG_COLLECTION_THRESHOLD]
