"""Payments through Stripe (the stripe SDK); development and tests point it at a local server."""

from integrations.payments.rate_limit import LocalRateLimiter, RateLimiter, RedisRateLimiter
from integrations.payments.stripe_payments import (
    InvoiceItem,
    PaymentsError,
    StripeInvoice,
    StripePayments,
    payments_from_settings,
)

__all__ = [
    "InvoiceItem",
    "LocalRateLimiter",
    "PaymentsError",
    "RateLimiter",
    "RedisRateLimiter",
    "StripeInvoice",
    "StripePayments",
    "payments_from_settings",
]
