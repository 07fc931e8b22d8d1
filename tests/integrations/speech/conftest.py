"""One Whisper worker for the whole run: loading the model is the slow part."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from integrations.speech.whisper_stt import WhisperPool


@pytest.fixture(scope="session")
def whisper() -> Iterator[WhisperPool]:
    pool = WhisperPool(workers=1)
    pool.start()
    yield pool
    pool.shutdown()
