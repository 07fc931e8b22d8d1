"""Prices: what one tenant owes for one period, from its plan's prices and its usage — a
pure function over integers (`price`), tested as a table of cases.

Money is integer cents; every rounding is half up, once per line. A plan has a monthly base
fee with included minutes, a per-minute rate billed per second beyond them, and a monthly
fee per phone number. Austrian VAT (20 %) is added on the subtotal and shown on the invoice —
0 % for an EU business outside Austria with its VAT id, which owes the VAT itself (reverse
charge, services/vat.py). How the usage of a month is counted is services/billing.py's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.catalogue import N_, translate
from models import InvoiceLineKind, PricePlan
from services.vat import AUSTRIAN_VAT_BP


def half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up, in integers (no float ever touches money)."""
    return (2 * numerator + denominator) // (2 * denominator)


@dataclass(frozen=True)
class Prices:
    monthly_fee_cents: int
    included_minutes: int
    per_minute_cents: int
    number_monthly_fee_cents: int

    @classmethod
    def of(cls, plan: PricePlan) -> Prices:
        return cls(
            plan.monthly_fee_cents,
            plan.included_minutes,
            plan.per_minute_cents,
            plan.number_monthly_fee_cents,
        )


@dataclass(frozen=True)
class LineDraft:
    kind: InvoiceLineKind
    description: str
    quantity: int
    unit_amount_cents: int
    amount_cents: int


@dataclass(frozen=True)
class PricedInvoice:
    lines: list[LineDraft]
    subtotal_cents: int
    tax_rate_bp: int
    tax_cents: int

    @property
    def total_cents(self) -> int:
        return self.subtotal_cents + self.tax_cents


@dataclass(frozen=True)
class Usage:
    call_seconds: int = 0
    # One entry per number held during the period: the days it was held.
    number_days: list[int] = field(default_factory=list)
    # The days of the period the base fee runs (a plan held, the trial over); None: all.
    base_fee_days: int | None = None


def price(
    prices: Prices,
    usage: Usage,
    *,
    days_in_period: int,
    locale: str = "de-AT",
    tax_rate_bp: int = AUSTRIAN_VAT_BP,
) -> PricedInvoice:
    """What one tenant owes for one period."""
    words = {key: translate(locale, text) for key, text in LINE_WORDS.items()}
    lines = _base_fee(prices, usage, days_in_period, words)
    billable_seconds = max(0, usage.call_seconds - prices.included_minutes * 60)
    if billable_seconds:
        lines.append(
            LineDraft(
                InvoiceLineKind.MINUTES,
                words["minutes"].format(
                    minutes=billable_seconds // 60, seconds=billable_seconds % 60
                ),
                billable_seconds,
                prices.per_minute_cents,
                half_up(billable_seconds * prices.per_minute_cents, 60),
            )
        )
    for days in usage.number_days:
        held = min(days, days_in_period)
        lines.append(
            LineDraft(
                InvoiceLineKind.NUMBER_FEE,
                words["number"].format(days=held, of=days_in_period),
                held,
                prices.number_monthly_fee_cents,
                half_up(held * prices.number_monthly_fee_cents, days_in_period),
            )
        )
    subtotal = sum(line.amount_cents for line in lines)
    return PricedInvoice(lines, subtotal, tax_rate_bp, half_up(subtotal * tax_rate_bp, 10_000))


def _base_fee(
    prices: Prices, usage: Usage, days_in_period: int, words: dict[str, str]
) -> list[LineDraft]:
    """The base fee's line: the whole fee for a whole month, else its share by days, and no
    line for a month the base fee has not started in."""
    days = days_in_period if usage.base_fee_days is None else usage.base_fee_days
    days = min(days, days_in_period)
    fee, name = prices.monthly_fee_cents, words["base_fee"].format(minutes=prices.included_minutes)
    if days <= 0:
        return []
    if days == days_in_period:
        return [LineDraft(InvoiceLineKind.BASE_FEE, name, 1, fee, fee)]
    description = words["base_fee_days"].format(base_fee=name, days=days, of=days_in_period)
    amount = half_up(days * fee, days_in_period)
    return [LineDraft(InvoiceLineKind.BASE_FEE, description, days, fee, amount)]


# The invoice lines' descriptions, written in the tenant's language when the invoice is made.
LINE_WORDS = {
    "base_fee": N_("Monthly fee incl. {minutes} call minutes"),
    "base_fee_days": N_("{base_fee}: {days} of {of} days"),
    "minutes": N_("Further call time: {minutes} min {seconds} s (billed per second)"),
    "number": N_("Phone number: {days} of {of} days"),
}
