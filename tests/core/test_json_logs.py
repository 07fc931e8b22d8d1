"""LOG_FORMAT=json: one JSON object a line with the request's and the call's ids, and the
redaction still applied — no secret, no caller's number, in the message or the traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

SECRET = "sk_live_51AbCdEfGhIjKlMnOpQrStUv"  # noqa: S105 (a made-up key)
CALLER = "+436641234567"

PROGRAM = textwrap.dedent(
    f"""
    import logging
    from core import log_context
    from core.logging import configure_logging

    configure_logging("INFO", "json")
    log = logging.getLogger("voice_runtime.test")
    log.info("before any request")
    log_context.request_id.set("req-7f3a")
    log_context.call_id.set("CA0123")
    log.warning("caller %s said the key %s", {CALLER!r}, {SECRET!r})
    try:
        raise RuntimeError("Stripe refused api_key={SECRET} for {CALLER}")
    except RuntimeError:
        log.exception("charging failed")
    """
)


def run_logging_program() -> list[dict[str, object]]:
    result = subprocess.run(  # noqa: S603 (our interpreter, a fixed program)
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=60, check=True
    )
    return [json.loads(line) for line in result.stderr.splitlines()]


def test_each_line_is_json_with_the_ids_of_its_request_and_call() -> None:
    first, warning, failure = run_logging_program()
    assert first["message"] == "before any request"
    assert "request_id" not in first and "call_id" not in first
    assert (first["level"], first["logger"]) == ("INFO", "voice_runtime.test")
    assert (warning["request_id"], warning["call_id"]) == ("req-7f3a", "CA0123")
    assert failure["level"] == "ERROR"
    assert "RuntimeError" in str(failure["exception"])


def test_no_secret_and_no_caller_number_reach_a_json_line() -> None:
    lines = run_logging_program()
    text = json.dumps(lines)
    assert SECRET not in text
    assert CALLER not in text and "6641234567" not in text
    warning = lines[1]["message"]
    assert warning == "caller +43…67 said the key [redacted]"
    assert "[redacted]" in str(lines[2]["exception"])
