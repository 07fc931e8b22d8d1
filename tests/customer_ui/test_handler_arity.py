"""The remembered answer to NiceGUI's "does this handler take arguments?" is NiceGUI's own
answer, asked once per function (and once per function behind bound methods, whatever
their instance); callables that are not plain functions are asked every time."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import nicegui.helpers
import nicegui.helpers.functions

from customer_ui.handler_arity import RememberedArity, install


class Handlers:
    def takes_nothing(self) -> None: ...

    def takes_one(self, value: object) -> None: ...

    def takes_optional(self, value: object = None) -> None: ...

    @classmethod
    def class_takes_one(cls, value: object) -> None: ...

    @staticmethod
    def static_takes_one(value: object) -> None: ...

    def __call__(self, value: object) -> None: ...


def nothing() -> None: ...


def one(value: object) -> None: ...


def keyword_only(*, value: object) -> None: ...


def keyword_optional(*, value: object = None) -> None: ...


def variadic(*args: object, **kwargs: object) -> None: ...


CALLABLES: list[Callable[..., Any]] = [
    nothing,
    one,
    keyword_only,
    keyword_optional,
    variadic,
    lambda: None,
    lambda event: None,
    Handlers().takes_nothing,
    Handlers().takes_one,
    Handlers().takes_optional,
    Handlers.class_takes_one,
    Handlers.static_takes_one,
    Handlers(),
    functools.partial(one, 1),
    functools.partial(one),
    print,
]


class Counting:
    """NiceGUI's own check, counting how often it is asked."""

    def __init__(self) -> None:
        self.asked = 0

    def __call__(self, func: Callable[..., Any]) -> bool:
        self.asked += 1
        return nicegui.helpers.functions.expects_arguments(func)


def test_the_same_answers_as_nicegui_first_and_second_time() -> None:
    remembered = RememberedArity(nicegui.helpers.functions.expects_arguments)
    for func in CALLABLES:
        expected = nicegui.helpers.functions.expects_arguments(func)
        assert remembered(func) is expected, func
        assert remembered(func) is expected, func


def test_a_method_is_asked_once_whatever_its_instance() -> None:
    counting = Counting()
    remembered = RememberedArity(counting)
    answers = {remembered(Handlers().takes_one) for _ in range(50)}
    answers |= {remembered(one) for _ in range(50)}
    assert answers == {True}
    assert counting.asked == 2


def test_other_callables_are_asked_every_time() -> None:
    counting = Counting()
    remembered = RememberedArity(counting)
    for _ in range(3):
        remembered(functools.partial(one, 1))
        remembered(Handlers())
    assert counting.asked == 6


def test_installed_in_nicegui_once() -> None:
    install()
    installed = nicegui.helpers.expects_arguments
    install()
    assert nicegui.helpers.expects_arguments is installed
    assert isinstance(installed, RememberedArity) or hasattr(
        nicegui.helpers.functions, "_expects_arguments_from_python_callable"
    )
