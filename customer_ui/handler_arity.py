"""NiceGUI asks, for every element it builds, whether three change handlers take arguments.

NiceGUI 3.18 answers `helpers.expects_arguments` with `inspect.signature` each time, and
each element's classes, style and props register a bound method as their change handler:
three signatures read per element, ~12 % of a dashboard render's CPU (py-spy, 2026-12-03).
The answer depends only on the function, not on the instance a method is bound to, so it
is remembered per function here. NiceGUI's main branch has since answered it from the
code object; `install` does nothing once the installed NiceGUI brings such a fast path, and
this module can go when the pinned NiceGUI does.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from types import FunctionType, MethodType

import nicegui.helpers
import nicegui.helpers.functions


def install() -> None:
    """Put the remembering check in NiceGUI's place; idempotent."""
    current = nicegui.helpers.expects_arguments
    if isinstance(current, RememberedArity) or _has_fast_path():
        return
    nicegui.helpers.expects_arguments = RememberedArity(current)


def _has_fast_path() -> bool:
    # The name NiceGUI's own fast path has on its main branch (not yet released).
    return hasattr(nicegui.helpers.functions, "_expects_arguments_from_python_callable")


class RememberedArity:
    """`expects_arguments(func)` asked once per plain function, and once per function
    behind a bound method (a bound method's signature is its function's without the
    first parameter, whatever the instance). Anything else (partials, builtins, callable
    objects) is asked every time, as before. Functions are held weakly: a lambda made per
    element is forgotten with it."""

    def __init__(self, ask: Callable[[Callable], bool]) -> None:
        self.ask = ask
        self.plain: weakref.WeakKeyDictionary[FunctionType, bool] = weakref.WeakKeyDictionary()
        self.bound: weakref.WeakKeyDictionary[FunctionType, bool] = weakref.WeakKeyDictionary()

    def __call__(self, func: Callable) -> bool:
        if isinstance(func, MethodType) and isinstance(func.__func__, FunctionType):
            known, function = self.bound, func.__func__
        elif isinstance(func, FunctionType):
            known, function = self.plain, func
        else:
            return self.ask(func)
        answer = known.get(function)
        if answer is None:
            answer = known[function] = self.ask(func)
        return answer
