"""Every API endpoint runs on a worker thread in one trip, its answer checked on the event
loop (customer_ui.api.routing): FastAPI takes two trips through the thread pool for a
plain `def` endpoint with a response model."""

from __future__ import annotations

import inspect
import threading

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from customer_ui.api import ROUTERS
from customer_ui.api.routing import ThreadedRoute


def test_every_endpoint_is_handed_to_fastapi_as_a_coroutine() -> None:
    routes = [r for router, _ in ROUTERS for r in router.routes if isinstance(r, APIRoute)]
    assert routes
    for route in routes:
        assert isinstance(route, ThreadedRoute), route.path
        assert inspect.iscoroutinefunction(route.endpoint), route.path


def test_a_plain_endpoint_runs_off_the_event_loop_with_its_parameters_read() -> None:
    app = FastAPI()
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
