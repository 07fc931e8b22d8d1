"""The API's route class: a plain endpoint runs on a worker thread together with all the
request's database work, in one trip, and its answer is checked where the request is served.

FastAPI runs a plain `def` endpoint on a worker thread and then, in a second trip through
the thread pool, validates the answer against the response model; a plain `def` dependency
(the token's lookup) took a trip of its own, and closing the session a fourth. Each trip
costs ~0.2 ms of CPU (bench/api_load.py). `ThreadedRoute` hands FastAPI each plain endpoint
wrapped in a coroutine that makes one trip: `security.ApiCall.run` admits the caller, runs
the endpoint and ends the session there; the answer is validated on the event loop.
Endpoints must therefore return models or plain data, never ORM rows whose attributes could
still load from the database (the session is closed by then).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from customer_ui.api.security import ApiCall, Call

# The wrapper's own parameter: the request's ApiCall (FastAPI's dependency cache hands the
# route's other dependencies the same one). A name no endpoint uses.
_CALL = "_api_call"


class ThreadedRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, on_worker_thread(endpoint), **kwargs)


def on_worker_thread(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """`endpoint` as a coroutine function that runs it through `ApiCall.run` on the thread
    pool. FastAPI reads the endpoint's parameters, and resolves their annotations in the
    endpoint's module, through `__wrapped__`; the signature adds the wrapper's ApiCall. A
    coroutine function is refused: it would run without `ApiCall.run`, so its caller would
    never be admitted."""
    if inspect.iscoroutinefunction(endpoint):
        raise TypeError(f"API endpoints are plain functions (ApiCall.run): {endpoint.__name__}")

    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Any:
        call: ApiCall = kwargs.pop(_CALL)
        return await run_in_threadpool(call.run, endpoint, *args, **kwargs)

    signature = inspect.signature(endpoint)
    own = inspect.Parameter(_CALL, inspect.Parameter.KEYWORD_ONLY, annotation=Call)
    run.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), own]
    )
    return run
