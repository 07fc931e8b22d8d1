"""Which core each process of a benchmark runs on: the server measured on one, the load that
measures it (callers, HTTP clients) on the other, so the load's own work never shows in the
server's figures. PostgreSQL and Redis run where the kernel puts them. On a machine with one
core everything shares it (pinning to a core it lacks does nothing)."""

from __future__ import annotations

import contextlib
import os

SERVER_CORE, LOAD_CORE = 0, 1


def pin_to(core: int) -> None:
    """This process, and the threads and processes it starts from now on, on `core`."""
    with contextlib.suppress(AttributeError, OSError):  # not on every platform
        if core < (os.cpu_count() or 1):
            os.sched_setaffinity(0, {core})
