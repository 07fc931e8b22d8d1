"""`make run` as a new user meets it: `voiceagent dev` on its embedded defaults.

SQLite, the embedded Redis, the local Stripe and Twilio, the offline speech engines — not the
CI services the rest of the suite uses, because a platform that only works against the machine's
own PostgreSQL and Redis 7 is not what `make run` hands a new user. One journey, in a real
browser: a wrong and then the right password on both front doors, a new bot that gets its
number from the worker without `voiceagent cron`'s help, a phone call to it with
`voiceagent call`, and Ctrl-C that leaves no process behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import pytest

from cli.dev import procfile_types
from tests.browser import chromium, enter_before_the_change, open_portal_page
from tests.cli.test_dev import started_pids
from tests.ports import free_port

VOICEAGENT = Path(sys.executable).with_name("voiceagent")
# Generous: a loaded 2-core machine starts seven processes and loads speech models.
DEADLINE_S = 120.0
STAFF = ("admin@voiceagent.example.com", "demo-admin-2026")
OWNER = ("emma@danube-tours.example.com", "demo-owner-2026")  # an English-speaking tenant


@dataclass
class Platform:
    process: subprocess.Popen[str]
    output: list[str]
    env: dict[str, str]
    workdir: Path
    admin_url: str
    portal_url: str
    database: Path

    def logged(self) -> str:
        return "".join(self.output)


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    workdir = tmp_path_factory.mktemp("make_run")
    database = workdir / "dev.db"
    # Exactly what `make run` gives a new user: no REDIS_URL, no Stripe settings, no .env.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"REDIS_URL", "DATABASE_URL", "STRIPE_API_BASE", "ENV"}
        and not k.startswith(("STRIPE_", "TWILIO_", "SMTP_"))
    }
    env |= {"DATABASE_URL": f"sqlite:///{database}", "PYTHONUNBUFFERED": "1"}
    ports = {name: free_port() for name in ("ADMIN_PORT", "PORTAL_PORT", "VOICE_PORT")}
    env |= {name: str(port) for name, port in ports.items()}
    env["PORTAL_BASE_URL"] = f"http://127.0.0.1:{ports['PORTAL_PORT']}"
    for step in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run(  # noqa: S603 (our own script, fixed arguments)
            [str(VOICEAGENT), *step], cwd=workdir, env=env, check=True, capture_output=True
        )

    process = subprocess.Popen(  # noqa: S603
        [str(VOICEAGENT), "dev"],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    reader = threading.Thread(target=_collect, args=(process, output), daemon=True)
    reader.start()
    running = Platform(
        process=process,
        output=output,
        env=env,
        workdir=workdir,
        admin_url=f"http://127.0.0.1:{ports['ADMIN_PORT']}",
        portal_url=env["PORTAL_BASE_URL"],
        database=database,
    )
    try:
        for url in (f"{running.admin_url}/login", f"{running.portal_url}/login"):
            _wait_until_answers(url, running)
        # Any answer will do: an unsigned request is refused, but the runtime is listening.
        _wait_until_answers(
            f"http://127.0.0.1:{ports['VOICE_PORT']}/twilio/voice", running, ok=None
        )
        yield running
    finally:
        if process.poll() is None:  # a failed test must not leave the platform running
            process.kill()
            for pid in started_pids(output):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
        process.wait(timeout=30)
        reader.join(timeout=5)
        if process.stdout is not None:
            process.stdout.close()


def _collect(process: subprocess.Popen[str], output: list[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        output.append(line)


def _wait_until_answers(url: str, platform: Platform, ok: int | None = 200) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        assert platform.process.poll() is None, f"voiceagent dev exited:\n{platform.logged()}"
        with contextlib.suppress(httpx.HTTPError):
            status = httpx.get(url, timeout=2).status_code
            if ok is None or status == ok:
                return
        time.sleep(0.3)
    pytest.fail(f"{url} did not answer within {DEADLINE_S:.0f} s:\n{platform.logged()}")


def _wait_for(condition, what: str, platform: Platform):  # noqa: ANN001, ANN202
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.5)
    pytest.fail(f"{what} did not happen within {DEADLINE_S:.0f} s:\n{platform.logged()}")


def test_make_run_journey_on_embedded_defaults(platform: Platform) -> None:
    from playwright.sync_api import expect

    with chromium() as browser:
        page = browser.new_page(locale="en-US")
        page.set_default_timeout(DEADLINE_S * 1000)
        expect.set_options(timeout=DEADLINE_S * 1000)  # wait for the condition, not a clock

        # Back office: a wrong password is a polite refusal, the right one lets staff in.
        page.goto(f"{platform.admin_url}/login")
        page.locator("#email").fill(STAFF[0])
        page.locator("#password").fill("not-the-password")
        page.get_by_role("button").last.click()
        expect(page.locator("#login-error")).to_be_visible()
        page.locator("#password").fill(STAFF[1])
        page.get_by_role("button").last.click()
        expect(page.locator("#login-error")).to_have_count(0)
        expect(page).not_to_have_url(f"{platform.admin_url}/login")

        # Portal: the same, then a new bot.
        open_portal_page(page, f"{platform.portal_url}/login")
        page.get_by_label("E-mail").fill(OWNER[0])
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_text("E-mail address or password is wrong.")).to_be_visible()
        # Enter at once, as a password manager presses it.
        enter_before_the_change(page.get_by_label("Password"), OWNER[1])
        expect(page.get_by_text("Minutes this month")).to_be_visible()

        open_portal_page(page, f"{platform.portal_url}/bots")
        page.get_by_role("button", name="New bot").click()
        page.get_by_label("Name", exact=True).fill("Smoke test line")
        page.get_by_label("Greeting").fill("Hello, this is the smoke test line.")
        page.get_by_role("button", name="Create bot").click()
        # The bot's own page; it may already be live (the worker is quick), so no status here.
        page.wait_for_url(re.compile(r".*/bots/\d+$"))

    # The worker gives it a number on its own; `voiceagent cron` only runs the safety net
    # every few minutes, far later than this.
    number = _wait_for(lambda: _live_number(platform.database), "the bot going live", platform)

    call = subprocess.run(  # noqa: S603
        [str(VOICEAGENT), "call", number, "--say", "What are your opening hours?"],
        cwd=platform.workdir,
        env=platform.env,
        capture_output=True,
        text=True,
        timeout=DEADLINE_S,
    )
    assert call.returncode == 0, call.stdout + call.stderr
    # The bot picked up and greeted, and the call was recorded. What it made of the question
    # is the recogniser's business (tests/voice_runtime); here the wiring is what counts.
    assert "bot:    [0.0 s" not in call.stdout.splitlines()[1], call.stdout
    assert _wait_for(lambda: _closed_call_turns(platform.database), "the call record", platform)

    # Ctrl-C stops every process and everything those processes started.
    platform.process.send_signal(signal.SIGINT)
    platform.process.wait(timeout=DEADLINE_S)
    groups = started_pids(platform.output)
    assert len(groups) == len(procfile_types()) + 3, platform.logged()  # + Redis, Stripe, Twilio
    # A child may still be on its way out when `dev` returns; wait for that, not a clock.
    deadline = time.monotonic() + DEADLINE_S
    while (left := _leftovers(groups, platform)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert left == [], platform.logged()
    logged = platform.logged()
    assert "Traceback" not in logged, logged


def _live_number(database: Path) -> str | None:
    with contextlib.closing(sqlite3.connect(database)) as db:
        row = db.execute(
            "SELECT n.e164 FROM phone_numbers n JOIN bots b ON b.id = n.bot_id"
            " WHERE b.name = 'Smoke test line' AND b.status = 'live'"
            " AND n.status = 'active'"
        ).fetchone()
    return row[0] if row else None


def _closed_call_turns(database: Path) -> int:
    """How many turns the smoke test's call stored, once the runtime has closed it."""
    with contextlib.closing(sqlite3.connect(database)) as db:
        (count,) = db.execute(
            "SELECT count(t.id) FROM calls c JOIN bots b ON b.id = c.bot_id"
            " LEFT JOIN call_turns t ON t.call_id = c.id"
            " WHERE b.name = 'Smoke test line' AND c.status = 'completed'"
        ).fetchone()
    return count


def _leftovers(groups: list[int], platform: Platform) -> list[str]:
    """Process groups `dev` started that still exist, and any process still on our database."""
    return [f"group {pgid}" for pgid in groups if _group_alive(pgid)] + _processes_of(platform)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _processes_of(platform: Platform) -> list[str]:
    """Every process still running with this platform's database in its environment."""
    marker = platform.env["DATABASE_URL"]
    left = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        with contextlib.suppress(psutil.Error):
            if process.environ().get("DATABASE_URL") == marker:
                left.append(f"{process.pid} {' '.join(process.info['cmdline'] or [])}")
    return left
