"""`voiceagent call --typed` as a developer uses it after `make run`'s setup: the German demo
salon on SQLite, no REDIS_URL (the command starts an embedded one and stops it), the caller
types — and the booking is in the book, under the caller's number, naming the call."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

VOICEAGENT = Path(sys.executable).with_name("voiceagent")
SALON = "+4315550101"  # the demo salon's reception (services/demo_content.py)
CALLER = "+436641112233"


def test_a_typed_call_books_with_the_demo_salon(tmp_path: Path) -> None:
    database = tmp_path / "dev.db"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"REDIS_URL", "DATABASE_URL", "ENV"}
        and not k.startswith(("STRIPE_", "TWILIO_", "SMTP_"))
    }
    env |= {"DATABASE_URL": f"sqlite:///{database}"}
    for step in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run(  # noqa: S603 (our own script, fixed arguments)
            [str(VOICEAGENT), *step], cwd=tmp_path, env=env, check=True, capture_output=True
        )
    lines = [
        "Grüß Gott, ich hätte gern einen Termin zum Färben, so bald wie möglich",
        "den ersten bitte",
        "Maria Huber",
        "Ja, passt",
    ]
    said = [item for line in lines for item in ("--say", line)]
    call = subprocess.run(  # noqa: S603
        [str(VOICEAGENT), "call", SALON, "--typed", "--language", "de-AT", "--from", CALLER, *said],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert call.returncode == 0, call.stdout + call.stderr
    assert "bot: Ihr Termin ist gebucht: Färben," in call.stdout, call.stdout
    assert "summary: Termin gebucht (Färben, " in call.stdout
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT b.caller_name, b.source, c.provider_call_sid IS NOT NULL FROM bookings b"
            " JOIN calls c ON c.id = b.call_id WHERE b.caller_phone = ?",
            (CALLER,),
        ).fetchall()
    assert rows == [("Maria Huber", "phone", 1)]
