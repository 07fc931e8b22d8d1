"""The suite's order for its workers (tests/long_modules.py): each worker's share starts
with long modules, whole, and no test is lost or doubled."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

import pytest

from core.settings import PROJECT_ROOT
from tests.long_modules import LONG_MODULES, long_modules_first


@dataclass(frozen=True)
class Item:
    nodeid: str


def module_of(item: Item) -> str:
    return item.nodeid.split("::")[0]


def test_each_share_begins_with_long_modules_and_nothing_is_lost() -> None:
    long = list(LONG_MODULES)[:6]
    short = [f"tests/short/test_{n}.py" for n in range(40)]
    items = [Item(f"{m}::test_{k}") for m in short[:20] + long + short[20:] for k in range(3)]

    ordered = long_modules_first(items, workers=4)

    assert sorted(i.nodeid for i in ordered) == sorted(i.nodeid for i in items)
    # The shares as worksteal cuts them: each begins with a long module.
    starts, remaining = [0], len(items)
    for workers_left in (4, 3, 2):
        size = remaining // workers_left
        remaining -= size
        starts.append(starts[-1] + size)
    assert all(module_of(ordered[start]) in LONG_MODULES for start in starts)
    # Whole modules: a long module's tests stay together.
    for module in long:
        places = [n for n, item in enumerate(ordered) if module_of(item) == module]
        assert places == list(range(places[0], places[0] + 3))


def test_every_process_arrives_at_the_same_order() -> None:
    """xdist refuses to run when its workers collected differently: equal seconds must not
    be ordered by a set's iteration, which differs with each process's hash seed."""
    script = (
        "from tests.long_modules import LONG_MODULES, long_modules_first\n"
        "from tests.test_long_modules import Item\n"
        "items = [Item(m + '::t') for m in reversed(list(LONG_MODULES))]\n"
        "print([i.nodeid for i in long_modules_first(items, workers=4)])\n"
    )
    orders = {
        subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(8)
    }
    assert len(orders) == 1


def test_one_process_keeps_the_collection_order(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.long_modules import pytest_collection_modifyitems

    monkeypatch.delenv("PYTEST_XDIST_WORKER_COUNT", raising=False)
    items = [Item(f"{m}::t") for m in ("tests/a.py", *LONG_MODULES, "tests/z.py")]
    before = list(items)
    pytest_collection_modifyitems(items)  # type: ignore[arg-type]
    assert items == before
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "4")  # and with workers it would not
    pytest_collection_modifyitems(items)  # type: ignore[arg-type]
    assert items != before
