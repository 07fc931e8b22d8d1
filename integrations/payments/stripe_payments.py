"""The Stripe calls the platform makes, through the official SDK's StripeClient.

Every call that creates something carries a deterministic idempotency key derived from our
own ids, so a retried job gets Stripe's first answer back instead of a second object.
`api_base` points the SDK at a Stripe-compatible server (localstripe in development, a
recording server in tests); production leaves it unset. Every request waits for its turn
at the rate limiter first, so a big invoice run stays under Stripe's request rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import stripe

from core.settings import Settings
from integrations.payments.rate_limit import RateLimiter

# A €0 monthly plan every customer is subscribed to once. Our invoices are created on that
# subscription: localstripe creates invoices only for a subscription, and on Stripe a €0
# plan costs nothing (its monthly €0 invoices are closed automatically).
BASE_PLAN_ID = "voiceagent-base-eur"
BASE_ROLE = {"voiceagent_role": "base"}


class PaymentsError(RuntimeError):
    """Stripe refused or could not be reached; the message is safe to show to staff."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class InvoiceItem:
    id: str
    invoice_id: str | None
    metadata: dict[str, str]


@dataclass(frozen=True)
class StripeInvoice:
    id: str
    status: str
    total_cents: int
    hosted_invoice_url: str | None


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
        self._base_plan_ready = False
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

    def ensure_base_subscription(self, *, customer_id: str, tenant_id: int) -> str:
        """The customer's subscription to the €0 base plan, subscribed once."""
        existing = self._call(
            self._client.v1.subscriptions.list, params={"customer": customer_id, "limit": 100}
        )
        for subscription in existing.data:
            if _metadata(subscription).get("voiceagent_role") == "base":
                return subscription.id
        self._ensure_base_plan()
        subscription = self._call(
            self._client.v1.subscriptions.create,
            params={
                "customer": customer_id,
                "items": [{"plan": BASE_PLAN_ID}],
                "metadata": {**BASE_ROLE, "voiceagent_tenant_id": str(tenant_id)},
            },
            idempotency_key=f"voiceagent-tenant-{tenant_id}-base-subscription",
        )
        return subscription.id

    def invoice_items(self, *, customer_id: str) -> list[InvoiceItem]:
        """The customer's newest invoice items (Stripe: pending and invoiced; localstripe:
        pending only), to find what an interrupted sync created already."""
        page = self._call(
            self._client.v1.invoice_items.list, params={"customer": customer_id, "limit": 100}
        )
        return [InvoiceItem(item.id, _invoice_id(item), _metadata(item)) for item in page.data]

    def create_invoice_item(
        self,
        *,
        customer_id: str,
        subscription_id: str,
        amount_cents: int,
        currency: str,
        description: str,
        metadata: dict[str, str],
        idempotency_key: str,
    ) -> str:
        item = self._call(
            self._client.v1.invoice_items.create,
            params={
                "customer": customer_id,
                "subscription": subscription_id,
                "amount": amount_cents,
                "currency": currency.lower(),
                "description": description,
                "metadata": metadata,
            },
            idempotency_key=idempotency_key,
        )
        return item.id

    def create_invoice(
        self,
        *,
        customer_id: str,
        subscription_id: str,
        description: str,
        metadata: dict[str, str],
        idempotency_key: str,
    ) -> StripeInvoice:
        """A draft invoice holding the customer's pending items of that subscription."""
        invoice = self._call(
            self._client.v1.invoices.create,
            params={
                "customer": customer_id,
                "subscription": subscription_id,
                "pending_invoice_items_behavior": "include",
                "description": description,
                "metadata": metadata,
            },
            idempotency_key=idempotency_key,
        )
        return _invoice(invoice)

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

    def _ensure_base_plan(self) -> None:
        if self._base_plan_ready:
            return
        try:
            self._call(self._client.v1.plans.retrieve, BASE_PLAN_ID)
        except PaymentsError as error:
            if error.status != 404:
                raise
            self._call(
                self._client.v1.plans.create,
                params={
                    "id": BASE_PLAN_ID,
                    "amount": 0,
                    "currency": "eur",
                    "interval": "month",
                    "product": {"name": "VoiceAgent"},
                },
                idempotency_key=f"voiceagent-plan-{BASE_PLAN_ID}",
            )
        self._base_plan_ready = True

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


def _metadata(obj: Any) -> dict[str, str]:  # noqa: ANN401 (any Stripe object)
    return dict(obj.to_dict().get("metadata") or {})


def _invoice_id(item: Any) -> str | None:  # noqa: ANN401 (a stripe.InvoiceItem)
    invoice = item.to_dict().get("invoice")
    return invoice if isinstance(invoice, str) or invoice is None else invoice.get("id")


def _invoice(invoice: Any) -> StripeInvoice:  # noqa: ANN401 (a stripe.Invoice)
    data = invoice.to_dict()
    return StripeInvoice(
        id=data["id"],
        status=data.get("status") or "draft",
        total_cents=int(data.get("total") or 0),
        hosted_invoice_url=data.get("hosted_invoice_url"),
    )


def payments_from_settings(
    settings: Settings, *, limiter: RateLimiter | None = None
) -> StripePayments:
    return StripePayments(
        settings.stripe_secret_key.get_secret_value(),
        api_base=settings.stripe_api_base,
        limiter=limiter,
    )
