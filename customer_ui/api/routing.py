"""The API's route class: a plain endpoint runs on a worker thread, and its answer is
checked where the request is served.

FastAPI runs a plain `def` endpoint on a worker thread and then, in a second trip through
the thread pool, validates the answer against the response model. Our endpoints build
that answer themselves (model instances, from the rows they read), so the second trip only
costs the hop: ~0.25 ms of CPU a request in py-spy (bench/api_load.py). `ThreadedRoute`
hands FastAPI each plain endpoint wrapped in a coroutine that runs it on the pool, so the
answer is validated on the event loop. Endpoints must therefore return models or plain
data, never ORM rows whose attributes could still load from the database.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool


class ThreadedRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, on_worker_thread(endpoint), **kwargs)


def on_worker_thread(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """`endpoint` as a coroutine function that runs it on the thread pool; coroutine
    functions as they are. FastAPI reads the parameters through `__wrapped__`."""
    if inspect.iscoroutinefunction(endpoint):
        return endpoint

    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(endpoint, *args, **kwargs)

    return run
