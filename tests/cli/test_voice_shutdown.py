"""`voiceagent voice` stopped with SIGTERM (as a process manager stops it) leaves no process
behind: not the offline recogniser's worker process, not multiprocessing's resource tracker."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from tests.conftest import REDIS_URL
from tests.ports import free_port

VOICEAGENT = Path(sys.executable).with_name("voiceagent")
# Generous: starting the recogniser took up to 25 s on a busy 2-core machine.
STARTUP_DEADLINE_S = 180.0
EXIT_DEADLINE_S = 60.0


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def _running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _wait_for(condition: Callable[[], bool], what: str, deadline_s: float) -> None:
    deadline = time.monotonic() + deadline_s
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_sigterm_stops_the_recogniser_worker_and_the_resource_tracker(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "STRIPE_"))}
    # As developers run it, on the default SQLite database.
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'voice.db'}",
        REDIS_URL=REDIS_URL,
        VOICE_PORT=str(port),
        ENV="development",
    )
    with open(tmp_path / "voice.log", "w") as log:
        runtime = subprocess.Popen(  # noqa: S603 (our own script, fixed arguments)
            [str(VOICEAGENT), "voice", "--host", "127.0.0.1"],
            cwd=tmp_path,  # keeps a developer's .env out of the test
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    parent = psutil.Process(runtime.pid)
    children: list[psutil.Process] = []
    try:
        # Serving, with the recogniser's worker process and its resource tracker started.
        _wait_for(
            lambda: _listening(port) and len(parent.children(recursive=True)) >= 2,
            "the runtime and its recogniser",
            STARTUP_DEADLINE_S,
        )
        children = parent.children(recursive=True)
        assert any("multiprocessing" in " ".join(child.cmdline()) for child in children)

        runtime.send_signal(signal.SIGTERM)
        runtime.wait(timeout=EXIT_DEADLINE_S)

        _wait_for(
            lambda: not any(_running(child) for child in children),
            f"the runtime's children to exit: {[c.pid for c in children if _running(c)]}",
            EXIT_DEADLINE_S,
        )
    finally:  # a failed test leaves nothing behind either
        if _running(parent):
            children += parent.children(recursive=True)
            parent.kill()
        for child in children:
            if _running(child):
                child.kill()
        runtime.wait()
