"""A fixed set of worker processes for CPU-heavy decodes, shared by every call of a process.

    pool = DecodePool(2, load_model, (model_dir,))
    pool.start()                              # spawns the workers; each loads the model once
    text = await pool.run(decode, pcm, prompt)
    pool.shutdown()                           # the runtime's shutdown

Why processes: a decode is a second of pure CPU; in the runtime's event loop (or a thread
holding the GIL for its Python parts) it would stall every other call's 20 ms audio frames.
One single-threaded decode per core is the most a machine can do at once, so the pool has one
worker per core and a decode never competes with another for a core.

Why bounded: only as many decodes as there are workers are handed to the processes; the rest
wait in arrival order in the event loop. A burst of callers therefore queues (each waits for
the ones before it) instead of every call slowing down together, a caller who hangs up leaves
the queue at once, and `waiting` says how far behind the pool is. A decode whose caller
stops waiting once it is in a worker still holds that worker until it is done.

Why the workers watch their parent: a runtime stopped with SIGTERM shuts the pool down in its
lifespan; one killed outright cannot, so each worker exits by itself when its parent is gone
and no orphan keeps its few hundred megabytes.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")


class DecodePoolError(RuntimeError):
    """The workers could not start (their initializer failed) or died."""


def _exit_with_parent() -> None:
    """In a worker: end this process as soon as the process that started it is gone."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    multiprocessing.connection.wait([parent.sentinel])
    os._exit(0)


def _start_worker(initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
    # Ctrl-C reaches the whole process group; the parent decides when the workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, name="parent-watch", daemon=True).start()
    initializer(*initargs)


class DecodePool:
    def __init__(
        self,
        workers: int,
        initializer: Callable[..., None],
        initargs: tuple[Any, ...] = (),
    ) -> None:
        if workers < 1:
            raise ValueError("a decode pool needs at least one worker")
        self.workers = workers
        self._initializer, self._initargs = initializer, initargs
        self._executor: ProcessPoolExecutor | None = None
        self._starting = threading.Lock()  # two first decodes must not start two pools
        # One gate per event loop: asyncio primitives belong to the loop that first waits on
        # them, and tests run one loop per test against a pool kept for the whole run.
        self._gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )
        self.waiting = 0  # decodes queued for a free worker
        self.running = 0  # decodes in the workers

    @property
    def started(self) -> bool:
        return self._executor is not None

    def start(self) -> None:
        """Spawn every worker and wait until each has run the initializer. Blocks (about as
        long as one model load), so call it at start-up or through `asyncio.to_thread`."""
        with self._starting:
            if self._executor is None:
                self._executor = self._spawn_workers()

    def _spawn_workers(self) -> ProcessPoolExecutor:
        executor = ProcessPoolExecutor(
            self.workers,
            # spawn, not fork: the runtime has threads, and a forked copy of their locks can
            # deadlock a child.
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self._initializer, self._initargs),
        )
        # Each submit while no worker is idle spawns one more, so this starts all of them.
        ready = [executor.submit(os.getpid) for _ in range(self.workers)]
        try:
            for future in ready:
                future.result()
        except BrokenProcessPool as error:
            executor.shutdown(wait=True, cancel_futures=True)
            raise DecodePoolError(
                "the decode workers failed to start (see their error above)"
            ) from error
        return executor

    def worker_pids(self) -> list[int]:
        """The workers' process ids (for tests that check none outlives the pool)."""
        if self._executor is None:
            return []
        return [p.pid for p in getattr(self._executor, "_processes", {}).values() if p.pid]

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)` in a worker, after the decodes queued before it."""
        if self._executor is None:
            await asyncio.to_thread(self.start)
        loop = asyncio.get_running_loop()
        gate = self._gates.get(loop)
        if gate is None:
            gate = self._gates[loop] = asyncio.Semaphore(self.workers)
        self.waiting += 1
        try:
            await gate.acquire()
        finally:
            self.waiting -= 1
        self.running += 1
        work = None
        try:
            executor = self._executor
            if executor is None:  # shut down while this decode waited
                raise DecodePoolError("the decode pool was shut down")
            work = executor.submit(function, *args)
            # The worker is freed when it is done, not when its caller stops waiting: a
            # decode already in a process cannot be called off (a decode ahead the caller
            # talked past, a hang-up), and a slot freed at the cancel would queue the next
            # decode behind it in the executor, out of sight of `waiting`.
            work.add_done_callback(lambda _work: self._worker_done(loop, gate))
            return await asyncio.wrap_future(work, loop=loop)
        except BrokenProcessPool as error:
            raise DecodePoolError("a decode worker died") from error
        finally:
            if work is None:  # never handed to a worker
                self._freed(gate)

    def _worker_done(self, loop: asyncio.AbstractEventLoop, gate: asyncio.Semaphore) -> None:
        """In the executor's thread (or the loop's, for a decode called off before it ran)."""
        try:
            loop.call_soon_threadsafe(self._freed, gate)
        except RuntimeError:  # the loop is closed, and its gate with it: only the count is left
            self.running -= 1

    def _freed(self, gate: asyncio.Semaphore) -> None:
        self.running -= 1
        gate.release()

    def shutdown(self) -> None:
        """Stop the workers: queued decodes are cancelled, running ones finish first."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
