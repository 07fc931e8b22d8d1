"""Billing tests: a real local Stripe (`voiceagent local-stripe`, i.e. localstripe) on a
free loopback port, and the committed-data fixtures of the jobs tests (real concurrency and
real workers need rows that other connections can see)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import stripe

from tests.jobs.conftest import committed, make_committed, start_worker, worker_settings

__all__ = ["committed", "make_committed", "start_worker", "worker_settings"]

VOICEAGENT = Path(sys.executable).with_name("voiceagent")
STRIPE_KEY = "sk_test_voiceagent_tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_local_stripe(port: int, workdir: Path) -> subprocess.Popen:
    """`voiceagent local-stripe` on `port`, answering once this returns."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRIPE_")}
    env.update(ENV="test", LOG_LEVEL="WARNING")
    with open(workdir / f"local-stripe-{port}.log", "w") as log:
        process = subprocess.Popen(  # noqa: S603 (our own script, fixed arguments)
            [str(VOICEAGENT), "local-stripe", "--port", str(port)],
            cwd=workdir,  # keeps a developer's .env out of the test
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop(process)
                log_text = (workdir / f"local-stripe-{port}.log").read_text()
                pytest.fail(f"the local Stripe did not start:\n{log_text}")
            time.sleep(0.05)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def local_stripe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a local Stripe shared by the run's tests (each makes its own tenants,
    so their Stripe objects never mix)."""
    process = start_local_stripe(free_port(), tmp_path_factory.mktemp("local-stripe"))
    yield f"http://127.0.0.1:{process.args[3]}"
    stop(process)


@pytest.fixture
def stripe_client(local_stripe: str) -> stripe.StripeClient:
    """The SDK on the local Stripe, for looking at what our code left there."""
    return stripe.StripeClient(STRIPE_KEY, base_addresses={"api": local_stripe})
