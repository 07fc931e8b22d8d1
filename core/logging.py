"""Logging set-up with a filter that redacts anything that looks like a credential.

The filter runs on every handler we install, so a secret that reaches a log call by mistake
(an exception message, a request dump) is masked before it is written anywhere.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"

_PATTERNS = [
    # Stripe, OpenAI, ElevenLabs-style prefixed keys and webhook secrets.
    re.compile(r"\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{8,}"),
    re.compile(r"\bwhsec_[A-Za-z0-9]{8,}"),
    re.compile(r"\bsk-[A-Za-z0-9_\-]{16,}"),
    # Twilio account SIDs and API key SIDs followed by 32 hex digits.
    re.compile(r"\b(?:AC|SK)[0-9a-fA-F]{32}\b"),
    # Fernet tokens (our own ciphertexts) and Google API keys.
    re.compile(r"\bgAAAAA[A-Za-z0-9_\-=]{20,}"),
    re.compile(r"\bAIza[0-9A-Za-z_\-]{30,}"),
    # Bearer / Basic authorization values.
    re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=\-]{8,}"),
    # key=value and "key": "value" pairs whose key names a secret.
    re.compile(
        r"(?i)((?:password|passwd|secret|token|api[_-]?key|auth[_-]?token|private[_-]?key)"
        r"[\"']?\s*[:=]\s*[\"']?)([^\s\"',;&]+)"
    ),
]


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        if pattern.groups >= 2:
            text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
        elif pattern.groups == 1:
            text = pattern.sub(lambda m: m.group(1) + " " + REDACTED, text)
        else:
            text = pattern.sub(REDACTED, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites the record's message (arguments and exception text included) redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        record.msg = redact(message)
        record.args = None
        return True


def configure_logging(level: str = "INFO") -> None:
    """Log to stderr, and make every handler on the root logger redact. Safe to call twice."""
    root = logging.getLogger()
    if not any(isinstance(h, _VoiceAgentHandler) for h in root.handlers):
        ours = _VoiceAgentHandler()
        ours.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(ours)
    for handler in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
    root.setLevel(level.upper())


class _VoiceAgentHandler(logging.StreamHandler):  # type: ignore[type-arg,unused-ignore]
    """Our stderr handler, told apart from handlers others installed."""
