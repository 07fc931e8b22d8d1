"""A Stripe webhook delivery, checked and read before anything is applied.

The signature proves who sent a body, not that it has the shape we rely on: a signed body can
still be a JSON array, lack `data`, carry `created` as a string or an invoice id no row can
have. Every such body is refused here with a message (the endpoint answers 400 and stores
nothing), so no shape error can surface later as a database error or a 500.

Freshness counts both ways: a signature more than `tolerance` seconds old *or in the future*
is refused (the stripe library checks only the past).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import stripe

from services.errors import DomainError

INVOICE_METADATA_KEY = "voiceagent_invoice_id"
CHECKOUT_COMPLETED = "checkout.session.completed"
TOLERANCE_SECONDS = 300
MAX_ID = 2**63 - 1  # BIGINT: our invoice ids
# Unix times the platform can meet (2000 to 2100): anything else is not a real event.
EARLIEST_CREATED, LATEST_CREATED = 946_684_800, 4_133_980_799
# Column widths of what we store from an event.
EVENT_ID_LENGTH, EVENT_TYPE_LENGTH, STRIPE_ID_LENGTH, URL_LENGTH = 255, 100, 64, 500
CHECKOUT_SESSION_ID_LENGTH = 255  # longer than other ids: Stripe's are some 66 characters
_OUR_ID = re.compile(r"[1-9][0-9]{0,18}")


class InvalidWebhook(DomainError):
    """The request is not a genuine, fresh, well-formed Stripe event."""


@dataclass(frozen=True)
class StripeEvent:
    id: str
    type: str
    created: datetime
    object: dict[str, Any]  # data.object: for invoice.* events, the Stripe invoice

    @property
    def about_invoice(self) -> bool:
        return self.type.startswith("invoice.")

    @property
    def stripe_invoice_id(self) -> str | None:
        return self.object.get("id") if self.about_invoice else None

    @property
    def our_invoice_id(self) -> int | None:
        """Our invoice id from the Stripe invoice's metadata (checked to be one a row can
        have), or None when there is none."""
        value = (self.object.get("metadata") or {}).get(INVOICE_METADATA_KEY)
        return int(value) if self.about_invoice and value else None

    @property
    def setup_customer_id(self) -> str | None:
        """The Stripe customer who saved a payment method through Checkout in setup mode, for
        a completed session; None for every other event."""
        if self.type != CHECKOUT_COMPLETED or self.object.get("mode") != "setup":
            return None
        return self.object.get("customer")  # text or None: checked in read_event

    @property
    def setup_session_id(self) -> str | None:
        """The Checkout Session of a completed setup (see setup_customer_id)."""
        return self.object.get("id") if self.setup_customer_id is not None else None

    @property
    def hosted_invoice_url(self) -> str | None:
        return self.object.get("hosted_invoice_url") if self.about_invoice else None


def verified_event(
    payload: bytes, signature: str | None, secret: str, *, tolerance: int = TOLERANCE_SECONDS
) -> StripeEvent:
    """The event in `payload` if `signature` is Stripe's, fresh both ways, and the event has
    every field we rely on in the shape we rely on; InvalidWebhook with a message otherwise."""
    try:
        stripe.WebhookSignature.verify_header(payload, signature, secret, tolerance)
    except stripe.SignatureVerificationError:
        raise InvalidWebhook("The Stripe signature is missing, wrong or too old.") from None
    except UnicodeDecodeError:
        raise InvalidWebhook("The body is not UTF-8 text.") from None
    if _signed_at(signature or "") > time.time() + tolerance:
        raise InvalidWebhook("The Stripe signature's time is in the future.")
    return read_event(payload)


def read_event(payload: bytes) -> StripeEvent:
    try:
        body = json.loads(payload)
    except (ValueError, RecursionError):
        raise InvalidWebhook("The body is not JSON.") from None
    if not isinstance(body, dict):
        raise InvalidWebhook("The body is not a Stripe event (a JSON object).")
    event_id = _text(body, "id", EVENT_ID_LENGTH)
    kind = _text(body, "type", EVENT_TYPE_LENGTH)
    created = body.get("created")
    if type(created) is not int or not EARLIEST_CREATED <= created <= LATEST_CREATED:
        raise InvalidWebhook("The event's created must be a Unix time in seconds.")
    data = body.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    if not isinstance(obj, dict):
        raise InvalidWebhook("The event has no data.object (a JSON object).")
    event = StripeEvent(event_id, kind, datetime.fromtimestamp(created, UTC), obj)
    if event.about_invoice:
        _check_invoice(obj)
    if kind == CHECKOUT_COMPLETED and obj.get("customer") is not None:
        _text(obj, "customer", STRIPE_ID_LENGTH, where="data.object.")
        _text(obj, "id", CHECKOUT_SESSION_ID_LENGTH, where="data.object.")
    return event


def _check_invoice(obj: dict[str, Any]) -> None:
    """The fields of a Stripe invoice that we look up or store."""
    if obj.get("id") is not None:
        _text(obj, "id", STRIPE_ID_LENGTH, where="data.object.")
    metadata = obj.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise InvalidWebhook("The invoice's metadata must be a JSON object.")
    ours = (metadata or {}).get(INVOICE_METADATA_KEY)
    if ours is not None and not (
        isinstance(ours, str) and _OUR_ID.fullmatch(ours) and int(ours) <= MAX_ID
    ):
        raise InvalidWebhook(f"The invoice's metadata {INVOICE_METADATA_KEY} is not an id of ours.")
    if obj.get("hosted_invoice_url") is not None:
        _text(obj, "hosted_invoice_url", URL_LENGTH, where="data.object.")


def _text(body: dict[str, Any], key: str, max_length: int, *, where: str = "") -> str:
    value = body.get(key)
    if not isinstance(value, str) or not 0 < len(value) <= max_length or "\x00" in value:
        raise InvalidWebhook(
            f"The event's {where}{key} must be text of 1 to {max_length} characters."
        )
    return value


def _signed_at(header: str) -> int:
    """The `t=` of a header the stripe library has verified (read as it reads it)."""
    items = [item.split("=", 2) for item in header.split(",")]
    return int([item[1] for item in items if item[0] == "t"][0])
