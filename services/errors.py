"""Errors the domain raises. Front doors turn them into field errors, 4xx answers or messages;
their text is written for the person who caused them.

A message is a catalogue text (core/catalogue.py): a constant marked with `N_("…")`, or a
`Phrase("… {days} …", days=62)` when it has values. The front door translates it for its
reader (`tr(error.message)`, the REST API in the caller's language); `str(error)` is the
English, for logs.
"""

from __future__ import annotations

from collections.abc import Mapping

from core.catalogue import Phrase

Wording = str | Phrase


class DomainError(Exception):
    """Base for every error a user may see the message of."""

    def __init__(self, message: Wording = "") -> None:
        self.message = message
        super().__init__(str(message))


class ValidationFailed(DomainError):
    """Input that breaks a rule. `fields` maps a field name to its message."""

    def __init__(self, fields: Mapping[str, Wording]) -> None:
        self.fields: dict[str, Wording] = dict(fields)
        super().__init__("; ".join(f"{name}: {message}" for name, message in fields.items()))


class NotFound(DomainError):
    """Missing, or not yours: the two are never told apart."""


class Conflict(DomainError):
    """The request collides with what exists (a taken e-mail address, a duplicate)."""


class AuthenticationFailed(DomainError):
    """Login refused. The message never says whether the e-mail address exists."""
