"""`voiceagent call --typed` as a developer uses it after `make run`'s setup: the German demo
salon on SQLite, no REDIS_URL (the command starts an embedded one and stops it), the caller
types — and the booking is in the book, under the caller's number, naming the call; a
"Danke, das war's" is a goodbye, not a question the bot could not answer."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from integrations.dialogue.phrases import phrase

VOICEAGENT = Path(sys.executable).with_name("voiceagent")
SALON = "+4315550101"  # the demo salon's reception (demo/content.py)
CALLER = "+436641112233"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The demo on SQLite as `make run` sets it up: its folder and the environment."""
    folder = tmp_path_factory.mktemp("typed")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"REDIS_URL", "DATABASE_URL", "ENV"}
        and not k.startswith(("STRIPE_", "TWILIO_", "SMTP_"))
    }
    env |= {"DATABASE_URL": f"sqlite:///{folder / 'dev.db'}"}
    for step in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run(  # noqa: S603 (our own script, fixed arguments)
            [str(VOICEAGENT), *step], cwd=folder, env=env, check=True, capture_output=True
        )
    return folder, env


def typed_call(demo: tuple[Path, dict[str, str]], lines: list[str]) -> str:
    """What `voiceagent call --typed` prints for a German caller saying `lines`."""
    folder, env = demo
    said = [item for line in lines for item in ("--say", line)]
    call = subprocess.run(  # noqa: S603
        [str(VOICEAGENT), "call", SALON, "--typed", "--language", "de-AT", "--from", CALLER, *said],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert call.returncode == 0, call.stdout + call.stderr
    return call.stdout


def test_a_typed_call_books_with_the_demo_salon(demo: tuple[Path, dict[str, str]]) -> None:
    lines = [
        "Grüß Gott, ich hätte gern einen Termin zum Färben, so bald wie möglich",
        "den ersten bitte",
        "Maria Huber",
        "Ja, passt",
    ]
    printed = typed_call(demo, lines)

    assert "bot: Ihr Termin ist gebucht: Färben," in printed, printed
    assert "summary: Termin gebucht (Färben, " in printed
    with sqlite3.connect(demo[0] / "dev.db") as db:
        rows = db.execute(
            "SELECT b.caller_name, b.source, c.provider_call_sid IS NOT NULL FROM bookings b"
            " JOIN calls c ON c.id = b.call_id WHERE b.caller_phone = ?",
            (CALLER,),
        ).fetchall()
    assert rows == [("Maria Huber", "phone", 1)]


def test_that_was_it_ends_a_typed_call_with_no_question_left_open(
    demo: tuple[Path, dict[str, str]],
) -> None:
    printed = typed_call(demo, ["Danke, das war\u2019s"])

    assert f"bot: {phrase('goodbye', 'de-AT')}" in printed, printed
    assert "offen" not in printed.split("summary:")[1], printed


def test_a_line_with_a_dot_inside_is_one_utterance(demo: tuple[Path, dict[str, str]]) -> None:
    """espeak-ng paused after "24." as at a sentence's end: the runtime ended the turn there,
    "Dezember offen?" became an utterance of its own and took the next line's text, and the
    question went unanswered (its reply was cut by the caller's "next" words)."""
    printed = typed_call(demo, ["Habt ihr am 24. Dezember offen?", "Danke, das war's"])

    turns = [
        line.strip()
        for line in printed.splitlines()
        if line.strip().startswith(("bot:", "caller:"))
    ]
    asked = turns.index("caller: Habt ihr am 24. Dezember offen?")
    assert turns[asked + 1].startswith("bot: Am "), printed  # that day's hours
    assert turns[asked + 2] == "caller: Danke, das war's", printed


def test_an_empty_line_is_refused_before_dialling(demo: tuple[Path, dict[str, str]]) -> None:
    """`--say ""` stopped the command with click's bare "Aborted!" (espeak-ng makes no WAV
    of nothing): now a usage error that names the option."""
    folder, env = demo
    call = subprocess.run(  # noqa: S603
        [str(VOICEAGENT), "call", SALON, "--typed", "--say", "Hallo", "--say", "  "],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert call.returncode == 2
    assert "--say" in call.stderr and "needs words" in call.stderr
    assert "Aborted" not in call.stderr + call.stdout
