"""Billing tests: a real local Stripe (`voiceagent local-stripe`, i.e. localstripe) on a
free loopback port, and the committed-data fixtures of the jobs tests (real concurrency and
real workers need rows that other connections can see)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import stripe
import uvicorn
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import Engine, delete, func, select

from core.settings import Settings
from customer_ui.stripe_webhook import webhook_router
from models import PlanTerm, PricePlan, WebhookEvent
from models.database import make_session_factory
from models.scoping import staff_session
from tests.factories import Factory
from tests.jobs.conftest import (
    committed,
    make_committed,
    start_worker,
    wait_until,
    worker_settings,
)
from tests.ports import free_port

__all__ = ["committed", "make_committed", "start_worker", "worker_settings"]

VOICEAGENT = Path(sys.executable).with_name("voiceagent")
STRIPE_KEY = "sk_test_voiceagent_tests"
SECRET = "whsec_end_to_end_secret"


def start_local_stripe(
    port: int, workdir: Path, *, data_file: Path | None = None
) -> subprocess.Popen:
    """`voiceagent local-stripe` on `port`, answering once this returns."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRIPE_")}
    env.update(ENV="test", LOG_LEVEL="WARNING")
    command = [str(VOICEAGENT), "local-stripe", "--port", str(port)]
    if data_file is not None:
        command += ["--data-file", str(data_file)]
    with open(workdir / f"local-stripe-{port}.log", "a") as log:
        process = subprocess.Popen(  # noqa: S603 (our own script, fixed arguments)
            command,
            cwd=workdir,  # keeps a developer's .env out of the test
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 45  # 15 s timed out at a load of 18 on 2 cores
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


@pytest.fixture
def committed_plan(engine: Engine) -> Iterator[PricePlan]:
    """A committed price plan (29 €/month incl. 100 min, 12 ct/min, 5 € per number) for tests
    whose rows other processes must see; it, and the webhook events the test stored, are
    deleted afterwards (the `committed` fixture deletes the tenants)."""
    factory = make_session_factory(engine)
    with staff_session(factory) as session, session.begin():
        last_event = session.scalar(select(func.max(WebhookEvent.id))) or 0
        plan = Factory(session).price_plan(
            code=f"test-committed-{os.getpid()}-{time.monotonic_ns()}"
        )
    yield plan
    with staff_session(factory) as session, session.begin():
        # Terms of tenants the `committed` fixture has not deleted yet hold the plan.
        session.execute(delete(PlanTerm).where(PlanTerm.price_plan_id == plan.id))
        session.execute(delete(PricePlan).where(PricePlan.id == plan.id))
        session.execute(delete(WebhookEvent).where(WebhookEvent.id > last_event))


@pytest.fixture
def own_stripe_port() -> int:
    return free_port()


@pytest.fixture
def webhook_url(settings: Settings, engine: Engine, own_stripe_port: int) -> Iterator[str]:
    """The portal's Stripe webhook route, served by uvicorn on a loopback port; it asks
    the test's own local Stripe (`own_stripe`) when it needs to."""
    app = FastAPI()
    own_settings = {
        "stripe_webhook_secret": SecretStr(SECRET),
        "stripe_secret_key": SecretStr(STRIPE_KEY),
        "stripe_api_base": f"http://127.0.0.1:{own_stripe_port}",
    }
    app.include_router(
        webhook_router(
            settings=settings.model_copy(update=own_settings),
            session_factory=make_session_factory(engine),
        )
    )
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_until(lambda: server.started, what="the webhook server")
    yield f"http://127.0.0.1:{port}/webhooks/stripe"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def own_stripe(tmp_path: Path, webhook_url: str, own_stripe_port: int) -> Iterator[str]:
    """A local Stripe of this test's own, delivering its events to our webhook only."""
    port = own_stripe_port
    process = start_local_stripe(port, tmp_path)
    base = f"http://127.0.0.1:{port}"
    answer = httpx.post(
        f"{base}/_config/webhooks/voiceagent", data={"url": webhook_url, "secret": SECRET}
    )
    answer.raise_for_status()
    yield base
    stop(process)


def assert_refused_like_stripe(
    create: Callable[..., object], refusals: list[tuple[dict[str, str], str]]
) -> None:
    """Each set of parameters is refused with a 400 and Stripe's message for it."""
    for params, message in refusals:
        with pytest.raises(stripe.InvalidRequestError) as refused:
            create(params=params)
        assert refused.value.http_status == 400
        assert refused.value.user_message == message
