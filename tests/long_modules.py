"""The order the suite is handed to its workers in: the longest modules first, one share
each, so that none of them is left for the end.

`make test` runs pytest-xdist's worksteal: each worker gets a contiguous share of the
collected tests, in collection order, and an idle worker takes half of the longest queue's
tail. The voice runtime's modules are collected last, so its real-time calls (a booking
call alone takes ~90 s) ran at the very end, while the other workers had nothing left:
the last 1 % of the tests took over three minutes. Here the modules below start the
shares instead — spread so each share starts with about as many seconds of them — and
every other test keeps its order after them. Whole modules move, so a module's fixtures
are still made once per worker.

The seconds are what `--durations` measured for each module (2026-12-03, four workers on
two cores); a module missing here is only scheduled as it always was.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import pytest

LONG_MODULES = {
    "tests/admin_app/test_bad_parameters.py": 119,
    "tests/test_browser_german_walk.py": 104,
    "tests/cli/test_typed_call.py": 104,
    "tests/customer_ui/test_browser_phone.py": 96,
    "tests/cli/test_dev_smoke.py": 96,
    "tests/voice_runtime/test_booking_call.py": 88,
    "tests/voice_runtime/test_barge_in.py": 84,
    "tests/voice_runtime/test_booking_call_online.py": 57,
    "tests/voice_runtime/test_booking_barge_in.py": 46,
    "tests/voice_runtime/test_stream_limits.py": 44,
    "tests/customer_ui/test_browser_signup.py": 40,
    "tests/voice_runtime/test_booking_call_heard.py": 37,
    "tests/voice_runtime/test_booking_call_english.py": 36,
    "tests/customer_ui/test_browser_try_it.py": 35,
    "tests/voice_runtime/test_booking_sms.py": 32,
    "tests/customer_ui/test_browser_first_invoice.py": 30,
}


# Last: after -k, -m and --deselect have taken their tests out, so the shares are cut from
# what runs.
@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0"))
    if workers > 1:
        items[:] = long_modules_first(items, workers)


def long_modules_first(items: Sequence[pytest.Item], workers: int) -> list[pytest.Item]:
    """`items` reordered so that each worker's first share begins with long modules."""
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::")[0], []).append(item)
    shares: list[list[pytest.Item]] = [[] for _ in range(workers)]
    seconds = [0] * workers
    # Every worker must arrive at the same order: ties go by name, not by a set's order
    # (which string hashing changes from process to process).
    long = sorted(set(modules) & set(LONG_MODULES), key=lambda m: (-LONG_MODULES[m], m))
    for module in long:
        lightest = seconds.index(min(seconds))
        shares[lightest].extend(modules[module])
        seconds[lightest] += LONG_MODULES[module]
    rest = [
        item for module, tests in modules.items() if module not in LONG_MODULES for item in tests
    ]
    # The shares worksteal cuts: an equal count each, the remainder to the later ones.
    remaining = len(items)
    for index, share in enumerate(shares):
        size = remaining // (workers - index)
        remaining -= size
        filler = max(0, size - len(share))
        share.extend(rest[:filler])
        del rest[:filler]
    shares[-1].extend(rest)
    return [item for share in shares for item in share]
