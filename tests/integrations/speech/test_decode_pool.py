"""The decode pool: a burst queues behind its workers, and no worker outlives the pool or the
process that started it."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from integrations.speech.decode_pool import DecodePool, DecodePoolError


# Run inside the workers (spawned processes import them from this module).
def no_setup() -> None:
    return None


def failing_setup() -> None:
    raise OSError("the model could not be read")


def pid_when_released(release: str) -> int:
    """Hold a worker until the test creates the file `release`."""
    while not os.path.exists(release):
        time.sleep(0.01)
    return os.getpid()


def is_running(pid: int) -> bool:
    """True while `pid` exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def wait_until_gone(pids: list[int], seconds: float = 60.0) -> list[int]:
    """The pids still running after up to `seconds` (a bound on a hang, not a timing test)."""
    deadline = time.monotonic() + seconds
    while (alive := [pid for pid in pids if is_running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


async def test_a_burst_waits_for_the_workers_in_turn(tmp_path: Path) -> None:
    pool = DecodePool(1, no_setup)
    pool.start()
    release = tmp_path / "release"
    try:
        burst = [asyncio.create_task(pool.run(pid_when_released, str(release))) for _ in range(3)]
        while pool.running + pool.waiting < 3:
            await asyncio.sleep(0.01)
        assert (pool.running, pool.waiting) == (1, 2)  # one decode per worker, the rest queue
        release.touch()
        pids = await asyncio.gather(*burst)
        assert set(pids) == set(pool.worker_pids())
        assert (pool.running, pool.waiting) == (0, 0)
    finally:
        pool.shutdown()


async def test_a_caller_who_leaves_the_queue_costs_no_decode(tmp_path: Path) -> None:
    pool = DecodePool(1, no_setup)
    pool.start()
    release = tmp_path / "release"
    try:
        first = asyncio.create_task(pool.run(pid_when_released, str(release)))
        queued = asyncio.create_task(pool.run(pid_when_released, str(release)))
        while pool.waiting < 1:
            await asyncio.sleep(0.01)
        queued.cancel()
        with pytest.raises(asyncio.CancelledError):
            await queued
        assert pool.waiting == 0
        release.touch()
        assert await first in pool.worker_pids()
    finally:
        pool.shutdown()


async def test_a_decode_dropped_in_a_worker_holds_it_until_done(tmp_path: Path) -> None:
    # A decode ahead the caller talked past is dropped while a worker decodes it: the worker
    # cannot be called off, so the next decode waits in the pool's queue, not the executor's.
    pool = DecodePool(1, no_setup)
    pool.start()
    release = tmp_path / "release"
    try:
        dropped = asyncio.create_task(pool.run(pid_when_released, str(release)))
        while pool.running < 1:
            await asyncio.sleep(0.01)
        dropped.cancel()
        with pytest.raises(asyncio.CancelledError):
            await dropped
        following = asyncio.create_task(pool.run(os.getpid))
        for _ in range(5):
            await asyncio.sleep(0)  # it reaches the pool's queue
        assert (pool.running, pool.waiting) == (1, 1)
        release.touch()
        assert await following in pool.worker_pids()
        assert (pool.running, pool.waiting) == (0, 0)
    finally:
        release.touch()  # a failed assertion must not leave shutdown waiting on the worker
        pool.shutdown()


def test_a_decode_left_in_a_worker_by_a_closed_loop_stops_counting_when_done(
    tmp_path: Path,
) -> None:
    # One pool serves many event loops (the tests' one each): a loop that ends mid-decode
    # leaves the decode in its worker, and no loop to count it done in.
    pool = DecodePool(1, no_setup)
    pool.start()
    release = tmp_path / "release"

    async def leave_mid_decode() -> None:
        asyncio.create_task(pool.run(pid_when_released, str(release)))  # noqa: RUF006
        while pool.running < 1:
            await asyncio.sleep(0.01)

    try:
        asyncio.run(leave_mid_decode())  # its end cancels the wait, not the decode
        release.touch()
        assert asyncio.run(pool.run(os.getpid)) in pool.worker_pids()  # after the one left
        assert (pool.running, pool.waiting) == (0, 0)
    finally:
        release.touch()
        pool.shutdown()


def test_workers_stop_with_the_pool() -> None:
    pool = DecodePool(2, no_setup)
    pool.start()
    pids = pool.worker_pids()
    assert len(pids) == 2 and all(is_running(pid) for pid in pids)
    pool.shutdown()
    assert not wait_until_gone(pids)
    assert pool.worker_pids() == []


def test_a_worker_that_cannot_set_up_fails_the_start() -> None:
    pool = DecodePool(1, failing_setup)
    with pytest.raises(DecodePoolError, match="failed to start"):
        pool.start()
    assert not pool.started


PARENT = """
import sys, time
from integrations.speech.decode_pool import DecodePool
from tests.integrations.speech.test_decode_pool import no_setup
if __name__ == "__main__":
    pool = DecodePool(2, no_setup)
    pool.start()
    print(*pool.worker_pids(), flush=True)
    time.sleep(600)
"""


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM])
def test_workers_exit_when_their_parent_dies(tmp_path: Path, stop: signal.Signals) -> None:
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    root = Path(__file__).resolve().parents[3]
    with subprocess.Popen(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, str(script)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        stdout=subprocess.PIPE,
        text=True,
    ) as parent:
        try:
            assert parent.stdout is not None
            pids = [int(pid) for pid in parent.stdout.readline().split()]
            assert len(pids) == 2 and all(is_running(pid) for pid in pids)
            parent.send_signal(stop)  # no shutdown runs: the parent dies without a word
            parent.wait(timeout=60)
            assert not wait_until_gone(pids)
        finally:
            parent.kill()
