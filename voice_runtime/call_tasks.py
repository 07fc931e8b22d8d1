"""Start a call's work: each task by its function and arguments, so nothing is created once
the call has begun to end.

A call's task group cancels every task in it when either side ends the call or a reply's
task fails. A task that is being cancelled and starts a reply all the same (its
cancellation lost on the way, as Python 3.11's `asyncio.wait_for` loses one that comes in
the moment its result does) would hand the group a coroutine that it refuses, and that
coroutine would never run ("coroutine … was never awaited"). `spawn` looks first: in a task
being cancelled it creates nothing and raises the cancellation again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, Protocol, TypeVar

_T = TypeVar("_T")


class Spawn(Protocol):
    """Starts `function(*args)` as a task: a call's `CallTasks.spawn`, or `spawn_task`."""

    def __call__(
        self, function: Callable[..., Coroutine[Any, Any, _T]], *args: Any, name: str
    ) -> asyncio.Task[_T]: ...


def being_cancelled() -> bool:
    """The running task has been asked to stop (and has not taken the request back)."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


def spawn_task(
    function: Callable[..., Coroutine[Any, Any, _T]], *args: Any, name: str
) -> asyncio.Task[_T]:
    """`function(*args)` as a task of its own (processors tested outside a call)."""
    return asyncio.create_task(function(*args), name=name)


class CallTasks:
    """One call's task group (`async with tasks:`) and the way work starts in it."""

    def __init__(self) -> None:
        self.group = asyncio.TaskGroup()

    async def __aenter__(self) -> CallTasks:
        await self.group.__aenter__()
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        await self.group.__aexit__(*exc_info)

    def spawn(
        self, function: Callable[..., Coroutine[Any, Any, _T]], *args: Any, name: str
    ) -> asyncio.Task[_T]:
        if being_cancelled():
            raise asyncio.CancelledError  # the call is ending: start nothing
        return self.group.create_task(function(*args), name=name)
