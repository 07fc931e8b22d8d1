"""Sending e-mail: SMTP when SMTP_URL is set, the console otherwise (development, tests)."""

from __future__ import annotations

import smtplib
import ssl
import sys
from email.message import EmailMessage
from typing import Protocol, TextIO
from urllib.parse import unquote, urlsplit

from core.settings import Settings


class EmailSender(Protocol):
    def send(self, *, to: str, subject: str, body: str) -> None: ...


class ConsoleSender:
    """Prints each message; `voiceagent dev` shows them in its log."""

    def __init__(self, from_address: str, stream: TextIO | None = None) -> None:
        self._from = from_address
        self._stream = stream

    def send(self, *, to: str, subject: str, body: str) -> None:
        stream = self._stream or sys.stdout
        stream.write(f"--- e-mail from {self._from} to {to}\nSubject: {subject}\n\n{body}\n---\n")
        stream.flush()


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
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self._from, to, subject
        message.set_content(body)
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


def sender_from_settings(settings: Settings) -> EmailSender:
    if settings.smtp_url is None:
        return ConsoleSender(settings.mail_from)
    return SmtpSender(settings.smtp_url.get_secret_value(), settings.mail_from)
