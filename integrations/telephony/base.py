"""What the platform needs from a phone-number provider, and what it gets back.

Every purchase carries a `tag` (the provisioning job's own id) that the provider stores with
the number. A retried job asks `find_by_tag` first, so a purchase that a killed worker made
but never recorded is found again instead of bought twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class OwnedNumber:
    e164: str
    provider_sid: str
    country: str
    tag: str


@dataclass(frozen=True, slots=True)
class NumberWiring:
    """Where the provider sends calls to a number and reports on them."""

    voice_url: str
    status_callback: str


class TelephonyError(RuntimeError):
    """The provider refused or failed; the message is safe to store and show to staff.
    `status` is the provider's HTTP status, when it answered at all."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class NoNumberAvailable(TelephonyError):
    """No number matches the wish (country, area code)."""


@dataclass(frozen=True, slots=True)
class BusinessAddress:
    """Where the business that will answer on the number is, as the regulator wants it."""

    customer_name: str
    street: str
    postal_code: str
    city: str
    country: str


@dataclass(frozen=True, slots=True)
class NumberRegistration:
    """What a regulated country (Austria among them) wants with a purchase: the business's
    address and the regulatory bundle (its approved identity documents) at the provider."""

    address: BusinessAddress
    bundle_sid: str


class RegistrationProblem(TelephonyError):
    """The number needs a business address and a regulatory bundle, and one of them is
    missing or the provider refused it. A retry cannot help until someone fixes the data,
    so the job fails at once. `reason` says which (a key the portal words for customers):
    address_missing, bundle_missing, address_refused, bundle_refused."""

    def __init__(self, message: str, *, reason: str, status: int | None = None) -> None:
        super().__init__(message, status=status)
        self.reason = reason


class Telephony(Protocol):
    name: str
    # The provider account numbers are bought in (a Twilio account SID); None for the pool.
    account: str | None

    def find_by_tag(self, tag: str) -> OwnedNumber | None: ...

    def needs_registration(self, country: str) -> bool:
        """Whether a number in `country` can only be bought with a NumberRegistration."""
        ...

    def buy_number(
        self,
        *,
        tag: str,
        country: str,
        wiring: NumberWiring,
        area_code: str | None = None,
        registration: NumberRegistration | None = None,
    ) -> OwnedNumber: ...

    def release_number(self, provider_sid: str) -> None:
        """Give the number back. Releasing one that is already gone is not an error."""
        ...


def wiring_for(public_base_url: str) -> NumberWiring:
    """The voice runtime's webhooks under the public base URL."""
    return NumberWiring(
        voice_url=f"{public_base_url}/twilio/voice",
        status_callback=f"{public_base_url}/twilio/status",
    )
