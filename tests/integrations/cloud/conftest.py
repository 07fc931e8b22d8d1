from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    # Short timeouts: a service that hangs is given up on quickly.
    async with httpx.AsyncClient(timeout=httpx.Timeout(0.5)) as client:
        yield client
