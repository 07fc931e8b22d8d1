"""A customer's first day in a real browser: sign up → create a bot → see it go live → read a
call transcript → open a ticket.

The real `voiceagent portal` process serves a scratch PostgreSQL database of its own (the
journey commits, so it stays out of the shared test database); Debian's chromium, driven by
Playwright, clicks through it headless. The provisioning step is what the worker does
(services.provisioning.carry_out with the local number pool), and the call is written as the
voice runtime writes one. Screenshots land in test-artifacts/.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from core.settings import PROJECT_ROOT
from integrations.telephony import LocalTelephony
from models import (
    Bot,
    Call,
    CallOutcome,
    CallStatus,
    CallTurn,
    OutboundEmail,
    ProvisioningJob,
    Speaker,
)
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from services.provisioning import ProvisioningSetup, carry_out
from tests.browser import PATIENCE_MS, browser_page, open_portal_page, sign_up
from tests.conftest import REDIS_URL, scratch_database
from tests.ports import free_port

ARTIFACTS = PROJECT_ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def scratch_database_url() -> Iterator[str]:
    # The portal runs in its own process here, so the data must be committed for real.
    with scratch_database("voiceagent_journey") as url:
        yield url


@pytest.fixture(scope="module")
def portal_url(scratch_database_url: str) -> Iterator[str]:
    with running_portal(scratch_database_url) as url:
        yield url


@contextmanager
def running_portal(database_url: str, **env: str) -> Iterator[str]:
    """The real `voiceagent portal` process on `database_url` (and any further settings in
    `env`), on a free port; its address. Fails the test if the portal logged a traceback."""
    process, url = _started_portal(database_url, env)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        assert process.stderr is not None
        errors = process.stderr.read().decode(errors="replace")
        process.stderr.close()
    assert "Traceback" not in errors, errors


def _started_portal(database_url: str, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    script = Path(sys.executable).parent / "voiceagent"
    process = subprocess.Popen(  # noqa: S603 — our own console script
        [str(script), "portal", "--port", str(port)],
        env={
            **os.environ,
            "ENV": "test",
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            "PORTAL_BASE_URL": url,
            **env,
        },
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _wait_until_up(url, process)
    return process, url


def _wait_until_up(url: str, process: subprocess.Popen) -> None:
    """Polls until the portal answers; the deadline only ends a start that hangs."""
    deadline = time.monotonic() + PATIENCE_MS / 1000
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the portal exited: {process.stderr.read().decode()}")
        try:
            if httpx.get(f"{url}/login", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the portal did not answer within {PATIENCE_MS // 1000} s")


def test_first_day_in_the_portal(
    portal_url: str, scratch_database_url: str, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    engine = make_engine(scratch_database_url)
    factory = make_session_factory(engine)
    try:
        with browser_page(language="en") as page:

            def shot(name: str) -> None:
                page.screenshot(path=ARTIFACTS / f"journey_{name}.png", full_page=True)

            # Sign up, and confirm the address with the e-mail's link.
            sign_up(
                page,
                portal_url,
                company="Gasthaus Zur Linde",
                name="Lisa Lindner",
                email="lisa@linde.example.at",
                password="schnitzel-mit-salat",
                outbox=lambda: _outbox(factory),
                language="en",
                before_sending=lambda: shot("1_signup"),
            )
            shot("2_dashboard")

            # Create a bot.
            page.get_by_role("link", name="Bots").click()
            page.get_by_role("button", name="New bot").click()
            expect(page.get_by_text("Questions and answers", exact=True)).to_be_visible()
            page.get_by_label("Name", exact=True).fill("Rezeption")
            page.get_by_label("Greeting").fill("Grüß Gott im Gasthaus Zur Linde!")
            page.get_by_role("button", name="Add a question").click()
            page.get_by_label("Question").fill("Habt ihr einen Gastgarten?")
            page.get_by_label("Answer").fill("Ja, mit 40 Plätzen unter der Linde.")
            page.get_by_role("button", name="Create bot").click()
            expect(page.get_by_text("Getting a number")).to_be_visible()
            shot("3_bot_provisioning")

            # The worker buys a number from the local pool: the open page shows the bot live.
            with staff_session(factory) as db:
                job_id = db.scalars(select(ProvisioningJob.id)).one()
            setup = ProvisioningSetup(
                telephony=LocalTelephony(tmp_path / "numbers.json"),
                public_base_url="http://127.0.0.1:8090",
            )
            carry_out(session_factory=factory, job_id=job_id, setup=setup)
            expect(page.get_by_text("Live", exact=True)).to_be_visible()
            expect(page.get_by_text("+4319999").first).to_be_visible()
            shot("4_bot_live")

            # "Try it" answers from what was saved.
            page.get_by_role("tab", name="Try it").click()
            page.get_by_label("Your message").fill("Habt ihr einen Gastgarten?")
            page.get_by_role("button", name="Send").click()
            expect(page.get_by_text("40 Plätzen unter der Linde")).to_be_visible()
            shot("5_try_it")

            # A caller rings; the runtime stores the call. Read its transcript.
            _record_call(factory)
            open_portal_page(page, f"{portal_url}/calls")
            page.get_by_text("+436641112233").click()
            expect(page.get_by_text("Ist heute noch ein Tisch frei?")).to_be_visible()
            expect(page.get_by_text("Conversation")).to_be_visible()
            shot("6_call_transcript")

            # Open a ticket.
            open_portal_page(page, f"{portal_url}/support")
            page.get_by_label("Subject").fill("Zweite Nummer für die Küche?")
            page.get_by_label("Message").fill("Können wir eine zweite Nummer bekommen?")
            page.get_by_role("button", name="Send ticket").click()
            expect(page.get_by_role("button", name="Send reply")).to_be_visible()
            expect(page.get_by_text("Können wir eine zweite Nummer bekommen?")).to_be_visible()
            shot("7_ticket")
    finally:
        engine.dispose()


def _outbox(factory) -> str:  # noqa: ANN001
    with staff_session(factory) as db:
        return db.scalars(select(OutboundEmail.body_text)).one()


def _record_call(factory) -> None:  # noqa: ANN001
    with staff_session(factory) as db:
        bot = db.scalars(select(Bot)).one()
        call = Call(
            tenant_id=bot.tenant_id,
            bot_id=bot.id,
            from_number="+436641112233",
            to_number=bot.phone_numbers[0].e164,
            status=CallStatus.COMPLETED,
            outcome=CallOutcome.RESOLVED,
            started_at=datetime.now(UTC),
            duration_seconds=42,
        )
        db.add(call)
        db.flush()
        for seq, (speaker, text, latency) in enumerate(
            [
                (Speaker.BOT, "Grüß Gott im Gasthaus Zur Linde!", None),
                (Speaker.CALLER, "Ist heute noch ein Tisch frei?", None),
                (Speaker.BOT, "Dafür verbinde ich Sie gern mit dem Team.", 720),
            ],
            start=1,
        ):
            db.add(
                CallTurn(
                    tenant_id=bot.tenant_id,
                    call_id=call.id,
                    seq=seq,
                    speaker=speaker,
                    text=text,
                    started_ms=seq * 3000,
                    turn_latency_ms=latency,
                )
            )
        db.commit()
