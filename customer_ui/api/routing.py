"""The API's route class: who may call a route is settled before FastAPI reads its
parameters, and a plain endpoint runs on a worker thread together with all the request's
database work, in one trip; its answer is checked where the request is served.

FastAPI runs a plain `def` endpoint on a worker thread and then, in a second trip through
the thread pool, validates the answer against the response model; a plain `def` dependency
(the token's lookup) took a trip of its own, and closing the session a fourth. Each trip
costs ~0.2 ms of CPU (bench/api_load.py). `ThreadedRoute` hands FastAPI each plain endpoint
wrapped in a coroutine that makes one trip: `security.ApiCall.run` admits the caller, runs
the endpoint and ends the session there; the answer is validated on the event loop.
Endpoints must therefore return models or plain data, never ORM rows whose attributes could
still load from the database (the session is closed by then).

Nor does FastAPI solve a dependency for what every route needs: solving the chain of the
request's ApiCall, its bearer token, the route's permission and the session was a quarter
of a list request's CPU. The route reads the permissions it names (`security.requires`,
on the router or the operation) when it is made, and its handler makes the request's
ApiCall with the presented token before FastAPI reads anything else — so a request without
a token is answered 401 before its parameters are looked at. The endpoint's parameters
marked `security.FromCall` (the session, the API's context) are handed over from that
ApiCall; FastAPI never sees them.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response, params
from fastapi.routing import APIRoute
from pydantic import BaseModel

from customer_ui.api.query_models import documented_parameters, query_models, read_query
from customer_ui.api.security import (
    ApiCall,
    FromCall,
    Requires,
    on_api_thread,
    start_call,
)
from services.permissions import Action

# The wrapper's own parameter: the request, whose scope holds its ApiCall (start_call).
# A name no endpoint uses.
_REQUEST = "_api_request"


class ThreadedRoute(APIRoute):
    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        dependencies: typing.Sequence[params.Depends] | None = None,
        **kwargs: Any,
    ) -> None:
        # The permissions are this route's to check (ApiCall.admit), not FastAPI's to solve.
        self.actions: tuple[Action, ...] = tuple(
            d.dependency.action for d in dependencies or () if isinstance(d.dependency, Requires)
        )
        others = [d for d in dependencies or () if not isinstance(d.dependency, Requires)]
        # A query model is read by the route (query_models), so FastAPI documents it from here.
        models = query_models(endpoint)
        if models:
            documented = [p for model in models.values() for p in documented_parameters(model)]
            kwargs["openapi_extra"] = {"parameters": documented} | (
                kwargs.get("openapi_extra") or {}
            )
        super().__init__(path, on_worker_thread(endpoint, models), dependencies=others, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()
        actions = self.actions

        async def handle_call(request: Request) -> Response:
            await start_call(request, actions)  # a 401 here, before the parameters' 422
            return await handle(request)

        return handle_call


def on_worker_thread(
    endpoint: Callable[..., Any], models: dict[str, type[BaseModel]]
) -> Callable[..., Any]:
    """`endpoint` as a coroutine function that runs it through `ApiCall.run` on a worker
    thread. FastAPI reads the endpoint's parameters, and resolves their annotations in the
    endpoint's module, through `__wrapped__`; the signature drops the parameters the
    ApiCall hands over (FromCall) and the query `models` the route reads, and adds the
    request. A coroutine function is refused: it would run without `ApiCall.run`, so its
    caller would never be admitted."""
    if inspect.iscoroutinefunction(endpoint):
        raise TypeError(f"API endpoints are plain functions (ApiCall.run): {endpoint.__name__}")
    handed_over = _from_call(endpoint)

    @functools.wraps(endpoint)
    async def run(**kwargs: Any) -> Any:
        request: Request = kwargs.pop(_REQUEST)
        for name, model in models.items():
            kwargs[name] = read_query(model, request.query_params)
        call: ApiCall = request.scope[ApiCall.SCOPE_KEY]
        for name, take in handed_over.items():
            kwargs[name] = take(call)
        return await on_api_thread(call.run, endpoint, **kwargs)

    signature = inspect.signature(endpoint)
    own = inspect.Parameter(_REQUEST, inspect.Parameter.KEYWORD_ONLY, annotation=Request)
    read = [
        p for name, p in signature.parameters.items() if name not in handed_over | models.keys()
    ]
    run.__signature__ = signature.replace(parameters=[*read, own])  # type: ignore[attr-defined]
    return run


def _from_call(endpoint: Callable[..., Any]) -> dict[str, Callable[[ApiCall], Any]]:
    """The endpoint's parameters annotated with a FromCall marker: name → what it takes."""
    hints = typing.get_type_hints(endpoint, include_extras=True)
    found: dict[str, Callable[[ApiCall], Any]] = {}
    for name, hint in hints.items():
        for marker in getattr(hint, "__metadata__", ()):
            if isinstance(marker, FromCall):
                found[name] = marker.take
    return found
