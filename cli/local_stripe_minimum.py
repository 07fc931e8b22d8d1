"""Stripe's minimum charge amounts on the local Stripe, which localstripe 1.15 does not know.

Stripe cannot charge less than a currency's minimum (0,50 € for euros; docs.stripe.com/
currencies, "Minimum and maximum charge amounts") and shows it in two ways, both served here:
- a PaymentIntent or Charge for less is refused: 400, code `amount_too_small`, "Amount must
  be at least €0.50 eur";
- an invoice collected automatically whose amount due is above 0 but below the minimum is
  finalized as paid without any charge (`amount_paid` 0), and the amount moves to the
  customer's invoice balance as a debit (`balance`), which the customer's next invoice
  takes in (docs.stripe.com/billing/customer/balance).
That is why the platform never hands Stripe such an invoice (services/minimum_charge.py):
Stripe would report it paid while nothing was collected.

A customer's balance is applied as on Stripe: `total` is the lines and tax alone, and
`amount_due` (what is charged, on the hosted page too) adds a debit or takes off a credit
(`starting_balance`, the customer's balance while the invoice is a draft); a debit leaves
the customer when the invoice is finalized. localstripe took the balance off `total`.
"""

from __future__ import annotations

from typing import Any

MINIMUM_CHARGE = {"eur": 50, "usd": 50, "chf": 50, "gbp": 30}
SYMBOLS = {"eur": "€", "usd": "$", "chf": "CHF ", "gbp": "£"}


def minimum_for(currency: object) -> int:
    return MINIMUM_CHARGE.get(str(currency or "").lower(), 50)


def enforce_minimum_charges() -> None:
    """Teach localstripe's payment objects and invoices the minimum (once, at start)."""
    from localstripe.resources import Charge, Customer, Invoice, PaymentIntent

    for cls in (Charge, PaymentIntent):
        cls.__init__ = _refusing_small_amounts(cls.__init__)
    status, amount_paid = Invoice.status.fget, Invoice.amount_paid.fget
    # localstripe's starting_balance is the customer's credit (Stripe's sign turned round).
    Invoice.total = property(lambda self: max(0, self.subtotal + self.tax))
    Invoice.amount_due = property(lambda self: max(0, self.total - self.starting_balance))

    def settled(self: Any) -> str:
        if getattr(self, "_below_minimum", False):
            return "paid"
        now = status(self)
        return "paid" if now == "open" and self.amount_due <= 0 else now

    Invoice.status = property(settled)
    Invoice.amount_paid = property(
        lambda self: 0 if getattr(self, "_below_minimum", False) else amount_paid(self)
    )
    # Stripe's sign: what the customer owes is positive (localstripe keeps credit positive).
    Customer.balance = property(lambda self: -self.account_balance)


def settle_on_finalize(invoice: Any) -> bool:
    """After localstripe finalized `invoice`: the debit it took in leaves the customer, and
    an amount due below the minimum is marked paid and moved to the customer's balance.
    Returns whether it was (then Stripe sends `invoice.paid`)."""
    from localstripe.resources import Customer

    customer = Customer._api_retrieve(invoice.customer)
    if invoice.starting_balance < 0:  # a debit, applied to this invoice
        customer.account_balance -= invoice.starting_balance
    due = invoice.amount_due
    if invoice.collection_method != "charge_automatically":
        return False
    if not 0 < due < minimum_for(invoice.currency):
        return False
    invoice._below_minimum = True
    customer.account_balance -= due
    return True


def _refusing_small_amounts(init: Any) -> Any:
    def checked(self: Any, *args: Any, **kwargs: Any) -> None:
        from localstripe.errors import UserError

        amount, currency = kwargs.get("amount"), kwargs.get("currency")
        try:
            cents = int(amount) if amount is not None else None
        except (TypeError, ValueError):
            cents = None  # localstripe refuses it as a bad request
        minimum = minimum_for(currency)
        if cents is not None and 0 < cents < minimum:
            code = str(currency or "eur").lower()
            least = f"{SYMBOLS.get(code, '')}{minimum / 100:.2f} {code}"
            raise UserError(
                400,
                f"Amount must be at least {least}",
                {"code": "amount_too_small", "param": "amount"},
            )
        init(self, *args, **kwargs)

    return checked
