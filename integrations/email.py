"""Sending e-mail: SMTP when SMTP_URL is set, a mail folder otherwise (development, tests).

E-mails carry password-reset and invitation links, which are as good as a password for an
hour: no sender ever writes a body to a log. Without SMTP each message is saved as an .eml
file in MAIL_DIR (readable by its owner only) and the log says who got what subject, and
where the file is. Production refuses to start without SMTP_URL (core.settings).
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from core.settings import Settings

log = logging.getLogger(__name__)


class EmailSender(Protocol):
    def send(self, *, to: str, subject: str, body: str) -> None: ...


class MailFolderSender:
    """Saves each message as an .eml file in `folder`, for a developer to open."""

    def __init__(self, from_address: str, folder: Path) -> None:
        self._from = from_address
        self._folder = folder

    def send(self, *, to: str, subject: str, body: str) -> None:
        self._folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        path = self._folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        # 0600 from the first byte: the body may hold a reset link.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(bytes(build_message(self._from, to, subject, body)))
        log.info("e-mail to %s, subject %r: saved as %s (not sent: no SMTP_URL)", to, subject, path)


class SmtpSender:
    def __init__(self, url: str, from_address: str, timeout: float = 20.0) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps"):
            raise ValueError("SMTP_URL must start with smtp:// or smtps://")
        self._implicit_tls = parts.scheme == "smtps"
        self._host = parts.hostname or "localhost"
        self._port = parts.port or (465 if self._implicit_tls else 587)
        self._username = unquote(parts.username) if parts.username else None
        self._password = unquote(parts.password) if parts.password else None
        self._from = from_address
        self._timeout = timeout

    def send(self, *, to: str, subject: str, body: str) -> None:
        message = build_message(self._from, to, subject, body)
        context = ssl.create_default_context()
        if self._implicit_tls:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                self._host, self._port, timeout=self._timeout, context=context
            )
        else:
            client = smtplib.SMTP(self._host, self._port, timeout=self._timeout)
        with client:
            if not self._implicit_tls and client.has_extn("starttls"):
                client.starttls(context=context)
            if self._username and self._password:
                client.login(self._username, self._password)
            client.send_message(message)


def build_message(from_address: str, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = from_address, to, subject
    message.set_content(body)
    return message


def sender_from_settings(settings: Settings) -> EmailSender:
    if settings.smtp_url is not None:
        return SmtpSender(settings.smtp_url.get_secret_value(), settings.mail_from)
    if settings.env == "production":  # settings refuse this already; never fall back quietly
        raise RuntimeError("ENV=production needs SMTP_URL to send e-mail.")
    return MailFolderSender(settings.mail_from, settings.mail_dir)
