"""Payments through Stripe (the stripe SDK); development and tests point it at a local server."""

from integrations.payments.rate_limit import LocalRateLimiter, RateLimiter, RedisRateLimiter
from integrations.payments.stripe_payments import (
    CompletedSetup,
    NewLine,
    PaymentsError,
    StripeInvoice,
    StripePayments,
    payments_from_settings,
)

__all__ = [
    "CompletedSetup",
    "LocalRateLimiter",
    "NewLine",
    "PaymentsError",
    "RateLimiter",
    "RedisRateLimiter",
    "StripeInvoice",
    "StripePayments",
    "payments_from_settings",
]
