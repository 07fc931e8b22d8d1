"""Whisper in the voice runtime: English bots hear through it, a bad model stops the start
with a message naming the setting, and SIGTERM leaves no worker process behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from integrations.dialogue.base import BotProfile
from integrations.speech.no_recognition import NoRecognition
from integrations.speech.whisper_stt import WhisperPool, WhisperTranscriber
from tests.conftest import REDIS_URL
from tests.integrations.speech.test_decode_pool import is_running, wait_until_gone
from tests.ports import free_port
from voice_runtime.engines import build_engines

VOICEAGENT = str(Path(sys.executable).parent / "voiceagent")


def test_english_bots_hear_through_whisper_with_their_own_words(whisper: WhisperPool) -> None:
    faq = (("Do you take credit cards?", "Yes, Visa and Mastercard."),)
    hours = {"sat": [["09:00", "12:00"]], "sun": []}
    english = BotProfile(1, 1, "Salon Anna", language="en-US", faq=faq, business_hours=hours)
    engines = build_engines(english, {}, whisper=whisper)
    assert isinstance(engines.transcriber, WhisperTranscriber)
    assert engines.transcriber.prompt == (
        "Salon Anna. Do you take credit cards? Opening hours: open Saturday."
    )
    # Offline German hears nothing, on purpose (the bot says so and offers the keypad).
    german = BotProfile(2, 1, "Salon Anna", language="de-AT", faq=faq)
    engines = build_engines(german, {}, whisper=whisper)
    assert isinstance(engines.transcriber, NoRecognition) and not engines.hears_callers


def runtime_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "WHISPER_"))}
    env.update(
        ENV="development",
        DATABASE_URL=f"sqlite:///{tmp_path / 'voice.db'}",
        REDIS_URL=REDIS_URL,
        **extra,
    )
    return env


def test_a_missing_model_stops_the_runtime_with_a_message_naming_the_setting(
    tmp_path: Path,
) -> None:
    result = subprocess.run(  # noqa: S603 (our console script, fixed arguments)
        [VOICEAGENT, "voice", "--host", "127.0.0.1", "--port", "1"],
        cwd=tmp_path,  # keeps a developer's .env out of the test
        env=runtime_env(tmp_path, WHISPER_MODEL_DIR=str(tmp_path / "no-model")),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "WHISPER_MODEL_DIR" in result.stderr and "no-model" in result.stderr
    assert "Traceback" not in result.stderr


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            children = (task / "children").read_text().split()
            found += [int(child) for child in children]
            todo += [int(child) for child in children]
    return found


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"the runtime did not start (exit code {process.poll()})")


def test_sigterm_stops_the_runtime_and_every_worker(tmp_path: Path) -> None:
    port = free_port()
    with subprocess.Popen(  # noqa: S603 (our console script, fixed arguments)
        [VOICEAGENT, "voice", "--host", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path,
        env=runtime_env(tmp_path),
    ) as runtime:
        try:
            wait_for_port(port, runtime)  # serving only after its lifespan started the pools
            workers = descendants(runtime.pid)
            # Whisper's workers (one per core), plus their resource tracker.
            assert len(workers) >= len(os.sched_getaffinity(0))
            assert all(is_running(pid) for pid in workers)
            runtime.send_signal(signal.SIGTERM)
            # uvicorn shuts down gracefully, then dies of the signal it caught.
            assert runtime.wait(timeout=120) in (0, -signal.SIGTERM)
            assert not wait_until_gone(workers)
        finally:
            runtime.kill()
