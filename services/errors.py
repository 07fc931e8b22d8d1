"""Errors the domain raises. Front doors turn them into field errors, 4xx answers or messages;
their text is written for the person who caused them."""

from __future__ import annotations


class DomainError(Exception):
    """Base for every error a user may see the message of."""


class ValidationFailed(DomainError):
    """Input that breaks a rule. `fields` maps a field name to its message."""

    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = fields
        super().__init__("; ".join(f"{name}: {message}" for name, message in fields.items()))


class NotFound(DomainError):
    """Missing, or not yours: the two are never told apart."""


class Conflict(DomainError):
    """The request collides with what exists (a taken e-mail address, a duplicate)."""


class AuthenticationFailed(DomainError):
    """Login refused. The message never says whether the e-mail address exists."""
