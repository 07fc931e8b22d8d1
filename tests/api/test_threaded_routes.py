"""Every API endpoint runs on a worker thread in one trip with the request's database work,
its answer checked on the event loop (customer_ui.api.routing): FastAPI takes a trip
through the thread pool for each plain `def` dependency, one for the endpoint and one more
to check its answer against the response model."""

from __future__ import annotations

import inspect
import threading
from typing import Annotated, Any

import pytest
from fastapi import FastAPI, Query
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field
from sqlalchemy.orm import sessionmaker
from starlette.routing import Mount, Route

from customer_ui.api import PUBLIC, ROUTERS
from customer_ui.api.routing import ThreadedRoute
from customer_ui.api.security import ApiContext, writer


def test_every_endpoint_is_handed_to_fastapi_as_a_coroutine() -> None:
    routes = [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]
    assert routes
    for route in routes:
        assert isinstance(route, ThreadedRoute), route.path
        assert inspect.iscoroutinefunction(route.endpoint), route.path


def test_fastapi_solves_no_dependency_for_a_read() -> None:
    """The caller, the permission, the session and a query model come from the route
    (ThreadedRoute): solving them as dependencies, and reading the model field by field,
    cost a list request much of its CPU. Only a writer's check of its token, before the
    body is read, is left to FastAPI."""
    for router in ROUTERS:
        for route in router.routes:
            assert isinstance(route, ThreadedRoute)
            solved = [d.call for d in route.dependant.dependencies]
            assert solved in ([], [writer]), (route.path, solved)
            assert route.actions or (next(iter(route.methods)), route.path) in PUBLIC
            # A query model is the route's to read (customer_ui.api.query_models).
            read_by_fastapi = [f.field_info.annotation for f in route.dependant.query_params]
            assert not [
                t for t in read_by_fastapi if isinstance(t, type) and issubclass(t, BaseModel)
            ]


def test_a_plain_endpoint_runs_off_the_event_loop_with_its_parameters_read() -> None:
    app = FastAPI()
    # No database: a session connects only when first used.
    app.state.api = ApiContext(session_factory=sessionmaker(), limiter=None, signer=None)  # type: ignore[arg-type]
    loop_thread: list[threading.Thread] = []
    seen: dict[str, object] = {}

    @app.middleware("http")
    async def remember_the_loop(request, call_next):  # noqa: ANN001, ANN202
        loop_thread.append(threading.current_thread())
        return await call_next(request)

    def echo(word: str, times: int = 1) -> dict[str, str]:
        seen["thread"] = threading.current_thread()
        return {"said": word * times}

    app.router.routes.append(ThreadedRoute("/echo", echo, methods=["GET"]))
    with TestClient(app) as client:
        answer = client.get("/echo", params={"word": "ja", "times": 2})
        refused = client.get("/echo", params={"times": "many"})
    assert answer.json() == {"said": "jaja"}
    assert seen["thread"] is not loop_thread[0]
    assert refused.status_code == 422
    parameters = app.openapi()["paths"]["/echo"]["get"]["parameters"]
    assert [p["name"] for p in parameters] == ["word", "times"]


def test_a_coroutine_endpoint_is_refused_when_the_route_is_made() -> None:
    """It would run without ApiCall.run: its caller never admitted, its session unbound."""

    async def echo(word: str) -> dict[str, str]:
        return {"said": word}

    with pytest.raises(TypeError, match="plain functions"):
        ThreadedRoute("/echo", echo, methods=["GET"])


class Paging(BaseModel):
    limit: int = Field(10, ge=1, le=100)
    cursor: str | None = Field(None, alias="after", description="Where the page starts.")


def test_a_query_model_is_read_by_the_route_and_documented() -> None:
    """customer_ui.api.query_models: one validation of the query string, the model's fields
    as the operation's parameters, a wrong value answered 422 at ("query", name)."""

    app = FastAPI()
    app.state.api = ApiContext(session_factory=sessionmaker(), limiter=None, signer=None)  # type: ignore[arg-type]
    seen: list[object] = []

    def page(paging: Annotated[Paging, Query()]) -> dict[str, object]:
        seen.append(paging)
        return {"limit": paging.limit, "after": paging.cursor}

    app.router.routes.append(ThreadedRoute("/page", page, methods=["GET"]))
    with TestClient(app) as client:
        answer = client.get("/page", params={"limit": "5", "after": "x7"})
        refused = client.get("/page", params={"limit": "0"})
    assert answer.json() == {"limit": 5, "after": "x7"} and isinstance(seen[0], Paging)
    assert refused.status_code == 422
    assert [e["loc"] for e in refused.json()["detail"]] == [["query", "limit"]]
    parameters = app.openapi()["paths"]["/page"]["get"]["parameters"]
    assert [(p["name"], p["in"], p["required"]) for p in parameters] == [
        ("limit", "query", False),
        ("after", "query", False),
    ]
    assert parameters[1]["description"] == "Where the page starts."


def test_the_list_endpoints_are_looked_for_first(client: TestClient, api: FastAPI) -> None:
    """FastAPI looks for a request's route in order, trying every route of each router: the
    lists of calls and bots, which most requests are for, come first (the document lists
    paths in the order the routers were included), and FastAPI's own documentation routes
    last."""
    paths = list(client.get("/openapi.json").json()["paths"])
    assert paths[:3] == ["/calls", "/calls/{call_id}", "/bots"]
    served = [r for r in api.router.routes if not isinstance(r, APIRoute | Route | Mount)]
    first_documentation = next(
        n for n, r in enumerate(api.router.routes) if isinstance(r, APIRoute | Route | Mount)
    )
    assert first_documentation == len(served)


READING_ORDER = [
    "auth",
    "tenant",
    "bots",
    "calls",
    "usage",
    "billing",
    "support",
    "bookings",
    "messages",
    "privacy",
]


def test_the_documentation_keeps_the_order_a_reader_needs(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert [tag["name"] for tag in document["tags"]] == READING_ORDER
    used = {tag for operation in _operations(document) for tag in operation["tags"]}
    assert used == set(READING_ORDER)
    assert client.get("/docs").status_code == 200


def _operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [op for path in document["paths"].values() for op in path.values()]
