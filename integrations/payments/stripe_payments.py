"""The Stripe calls the platform makes, through the official SDK's StripeClient.

Every call that creates something carries a deterministic idempotency key derived from our
own ids, so a retried job gets Stripe's first answer back instead of a second object.
`api_base` points the SDK at a Stripe-compatible server (localstripe in development, a
recording server in tests); production leaves it unset. Every request waits for its turn
at the rate limiter first, so a big invoice run stays under Stripe's request rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import stripe

from core.settings import Settings
from integrations.payments.rate_limit import RateLimiter


class PaymentsError(RuntimeError):
    """Stripe refused or could not be reached; the message is safe to show to staff."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class StripeInvoice:
    id: str
    status: str
    total_cents: int
    hosted_invoice_url: str | None
    line_count: int = 0
    metadata: dict[str, str] = field(default_factory=dict)
    # What Stripe charges: the total with the customer's balance at Stripe (a debit added,
    # a credit taken off; on a draft, the balance it would take in now).
    amount_due_cents: int | None = None


@dataclass(frozen=True)
class NewLine:
    """One line of a Stripe invoice: our line's amount and words, and what it covers."""

    amount_cents: int
    description: str
    metadata: dict[str, str]
    period_start: int  # Unix seconds, inclusive (as Stripe reads a period)
    period_end: int


@dataclass(frozen=True)
class CompletedSetup:
    """A payment method a customer saved through Stripe Checkout."""

    customer_id: str
    payment_method_id: str


class StripePayments:
    def __init__(
        self,
        secret_key: str,
        *,
        api_base: str | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self._client = stripe.StripeClient(
            secret_key,
            base_addresses={"api": api_base.rstrip("/")} if api_base else {},
            max_network_retries=2,
        )
        self._limiter = limiter
        self.calls = 0  # requests sent, for the benchmark's calls/s

    def ensure_customer(self, *, tenant_id: int, name: str, email: str | None, locale: str) -> str:
        """The Stripe customer for a tenant: created once, whatever the number of calls."""
        params: dict[str, object] = {
            "name": name,
            "metadata": {"voiceagent_tenant_id": str(tenant_id)},
            "preferred_locales": [locale.split("-")[0]],
        }
        if email:
            params["email"] = email
        customer = self._call(
            self._client.v1.customers.create,
            params=params,
            idempotency_key=f"voiceagent-tenant-{tenant_id}-customer",
        )
        return customer.id

    def customer_portal_url(self, *, customer_id: str, return_url: str) -> str:
        """A short-lived link to Stripe's customer portal (cards, invoices, payments)."""
        session = self._call(
            self._client.v1.billing_portal.sessions.create,
            params={"customer": customer_id, "return_url": return_url},
        )
        return session.url

    def setup_checkout_url(
        self, *, customer_id: str, currency: str, locale: str, success_url: str, cancel_url: str
    ) -> str:
        """A Stripe Checkout page in setup mode, where the customer saves a payment method
        for later invoices. `success_url` may carry {CHECKOUT_SESSION_ID}, which Stripe fills
        in."""
        session = self._call(
            self._client.v1.checkout.sessions.create,
            params={
                "mode": "setup",
                "customer": customer_id,
                "currency": currency.lower(),
                "locale": locale.split("-")[0],
                "success_url": success_url,
                "cancel_url": cancel_url,
            },
        )
        return session.url

    def completed_setup(self, *, checkout_session_id: str) -> CompletedSetup | None:
        """What a Checkout Session in setup mode saved, once it is complete; None while it
        is not (or when it is no setup session)."""
        session = self._call(self._client.v1.checkout.sessions.retrieve, checkout_session_id)
        if session.mode != "setup" or session.status != "complete" or not session.setup_intent:
            return None
        intent = self._call(self._client.v1.setup_intents.retrieve, session.setup_intent)
        if intent.status != "succeeded" or not intent.payment_method:
            return None
        return CompletedSetup(customer_id=session.customer, payment_method_id=intent.payment_method)

    def make_default_payment_method(self, *, customer_id: str, payment_method_id: str) -> None:
        """Invoices are charged to this payment method from now on."""
        self._call(
            self._client.v1.customers.update,
            customer_id,
            params={"invoice_settings": {"default_payment_method": payment_method_id}},
        )

    def create_invoice(
        self,
        *,
        customer_id: str,
        currency: str,
        description: str,
        metadata: dict[str, str],
        idempotency_key: str,
    ) -> StripeInvoice:
        """An empty draft invoice of its own, with no subscription behind it. It leaves the
        customer's pending invoice items alone, and it is not advanced by itself: Stripe
        would finalize an untouched draft after an hour, and an empty one is a €0 invoice."""
        invoice = self._call(
            self._client.v1.invoices.create,
            params={
                "customer": customer_id,
                "currency": currency.lower(),
                "auto_advance": False,
                "pending_invoice_items_behavior": "exclude",
                "description": description,
                "metadata": metadata,
            },
            idempotency_key=idempotency_key,
        )
        return _invoice(invoice)

    def add_lines(
        self, *, invoice_id: str, lines: list[NewLine], idempotency_key: str
    ) -> StripeInvoice:
        """All our lines onto a draft in one request (Stripe adds all or none)."""
        invoice = self._call(
            self._client.v1.invoices.add_lines,
            invoice_id,
            params={
                "lines": [
                    {
                        "amount": line.amount_cents,
                        "description": line.description,
                        "metadata": line.metadata,
                        "period": {"start": line.period_start, "end": line.period_end},
                    }
                    for line in lines
                ]
            },
            idempotency_key=idempotency_key,
        )
        return _invoice(invoice)

    def find_invoice(
        self, *, customer_id: str, metadata_key: str, value: str
    ) -> StripeInvoice | None:
        """The customer's invoice whose metadata says it is ours, among the newest 100: how
        a sync adopts the draft of a run whose answer never reached us."""
        page = self._call(
            self._client.v1.invoices.list, params={"customer": customer_id, "limit": 100}
        )
        found = (_invoice(invoice) for invoice in page.data)
        return next(
            (invoice for invoice in found if invoice.metadata.get(metadata_key) == value), None
        )

    def finalize_invoice(self, *, invoice_id: str, idempotency_key: str) -> StripeInvoice:
        """Draft → open: the invoice gets its number and hosted page, and Stripe starts
        collecting (auto_advance)."""
        invoice = self._call(
            self._client.v1.invoices.finalize_invoice,
            invoice_id,
            params={"auto_advance": True},
            idempotency_key=idempotency_key,
        )
        return _invoice(invoice)

    def retrieve_invoice(self, *, invoice_id: str) -> StripeInvoice:
        return _invoice(self._call(self._client.v1.invoices.retrieve, invoice_id))

    def _call(
        self,
        method: Any,  # noqa: ANN401 (one of the SDK's bound service methods)
        *args: str,
        params: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> Any:  # noqa: ANN401 (the SDK's StripeObject of whatever was asked for)
        if self._limiter is not None:
            self._limiter.wait()
        self.calls += 1
        kwargs: dict[str, Any] = {} if params is None else {"params": params}
        if idempotency_key:
            kwargs["options"] = {"idempotency_key": idempotency_key}
        try:
            return method(*args, **kwargs)
        except stripe.StripeError as error:
            # The SDK's message never holds the key; the status tells staff what happened.
            if error.http_status is None:
                raise PaymentsError("Stripe could not be reached; try again later.") from None
            raise PaymentsError(
                f"Stripe answered {error.http_status}: {error.user_message or 'request failed'}",
                status=error.http_status,
            ) from None


def _invoice(invoice: Any) -> StripeInvoice:  # noqa: ANN401 (a stripe.Invoice)
    data = invoice.to_dict()
    return StripeInvoice(
        id=data["id"],
        status=data.get("status") or "draft",
        total_cents=int(data.get("total") or 0),
        hosted_invoice_url=data.get("hosted_invoice_url"),
        line_count=len((data.get("lines") or {}).get("data") or []),
        metadata=dict(data.get("metadata") or {}),
        amount_due_cents=int(data["amount_due"]) if data.get("amount_due") is not None else None,
    )


def payments_from_settings(
    settings: Settings, *, limiter: RateLimiter | None = None
) -> StripePayments:
    return StripePayments(
        settings.stripe_secret_key.get_secret_value(),
        api_base=settings.stripe_api_base,
        limiter=limiter,
    )
