"""An invoice as a document a business can deduct VAT with (§ 11 UStG): every field, as
text in the customer's language, for the PDF and the HTML view (services/invoice_render.py)
to lay out — they decide nothing.

The fields: the seller's name, address and VAT id (and company register, § 14 UGB); the
customer's name, address and — for a reverse charge — VAT id; the issue date; the
consecutive number; the delivery period; each service with its quantity and net amount;
net, VAT rate and amount, and gross per rate (we charge one rate per invoice); for a
reverse charge the required wording. German for German-speaking customers, English else.
Seller and customer are as they were at issue (stored on the invoice); an invoice issued
before they were stored shows today's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from core.catalogue import N_
from models import Invoice, InvoiceLine, InvoiceLineKind, InvoiceStatus, Tenant
from services.billing import customer_details
from services.countries import country_name
from services.local_formats import day, money, number
from services.minimum_charge import MINIMUM_CHARGE_CENTS
from services.seller import Seller
from services.vat import REVERSE_CHARGE_NOTE
from services.vienna_time import vienna_day

LABELS = {
    "de": {
        "title": "Rechnung",
        "number": "Rechnungsnummer",
        "issued": "Rechnungsdatum",
        "period": "Leistungszeitraum",
        "due": "Zahlbar bis",
        "paid": "Bezahlt am",
        "seller_vat_id": "UID",
        "customer_vat_id": "UID des Leistungsempfängers",
        "to": "Rechnungsempfänger",
        "item": "Leistung",
        "quantity": "Menge",
        "amount": "Betrag (netto)",
        "net": "Summe netto",
        "vat": "USt. {rate} %",
        "gross": "Gesamtbetrag (brutto)",
        "thanks": "Vielen Dank für Ihren Auftrag.",
        "pay_online": "Sie können diese Rechnung im Kundenportal unter „Rechnungen“ bezahlen.",
        "carried_in": "Übertrag aus Rechnung {number}",
        "to_pay": "Zu zahlen",
        "carried_forward": "Der Betrag liegt unter dem Mindestbetrag von {minimum} für eine "
        "Zahlung. Er wird nicht gesondert eingezogen, sondern mit Ihrer nächsten Rechnung.",
        "carried_to": "Der Betrag liegt unter dem Mindestbetrag von {minimum} für eine "
        "Zahlung. Er wird mit Rechnung {number} eingezogen.",
        "written_off": "Der Betrag liegt unter dem Mindestbetrag von {minimum} für eine "
        "Zahlung. Da keine weitere Rechnung folgt, wird er nicht eingehoben.",
    },
    "en": {
        "title": "Invoice",
        "number": N_("Invoice number"),
        "issued": "Invoice date",
        "period": "Service period",
        "due": "Payable by",
        "paid": "Paid on",
        "seller_vat_id": "VAT ID",
        "customer_vat_id": "Customer's VAT ID",
        "to": "Bill to",
        "item": "Service",
        "quantity": N_("Quantity"),
        "amount": "Amount (net)",
        "net": "Net total",
        "vat": "VAT {rate} %",
        "gross": "Total (gross)",
        "thanks": "Thank you for your business.",
        "pay_online": "You can pay this invoice in the customer portal under “Billing”.",
        "carried_in": "Carried over from invoice {number}",
        "to_pay": "Amount to pay",
        "carried_forward": "This amount is below the minimum of {minimum} for a payment. It "
        "is not collected on its own but with your next invoice.",
        "carried_to": "This amount is below the minimum of {minimum} for a payment. It is "
        "collected with invoice {number}.",
        "written_off": "This amount is below the minimum of {minimum} for a payment. As no "
        "further invoice follows, it is not collected.",
    },
}
UNITS = {
    "de": {
        "month": "1 Monat",
        "seconds": "{n} s",
        N_("days"): "{n} Tage",
        "day": "1 Tag",
        "piece": "{n}",
    },
    "en": {
        "month": "1 month",
        "seconds": "{n} s",
        N_("days"): "{n} days",
        "day": "1 day",
        "piece": "{n}",
    },
}


@dataclass(frozen=True)
class Party:
    name: str
    address: list[str]  # the lines under the name
    vat_id: str | None


@dataclass(frozen=True)
class DocumentLine:
    description: str
    quantity: str
    amount: str


@dataclass(frozen=True)
class InvoiceDocument:
    language: str  # "de" or "en"
    labels: dict[str, str]
    number: str
    issued_on: str
    period: str
    payment: str  # "Zahlbar bis 15.12.2026" or "Bezahlt am …"
    payable: bool  # open: the customer can pay it in the portal
    seller: Party
    seller_register: str
    seller_email: str
    customer: Party
    lines: list[DocumentLine]
    net: str
    vat_label: str
    vat: str
    gross: str
    reverse_charge_note: str | None
    # Invoices below Stripe's minimum charge carried into this one (services/minimum_charge),
    # and then what is to be paid in all; empty and None without such.
    carried_in: list[DocumentLine]
    to_pay: str | None


def invoice_document(*, invoice: Invoice, tenant: Tenant, seller: Seller) -> InvoiceDocument:
    """The document of `invoice` (lines loaded). `tenant` and `seller` stand in for the
    details of an invoice issued before they were stored with it."""
    language = "de" if tenant.locale.startswith("de") else "en"
    german = language == "de"
    labels = LABELS[language]
    rate = number(invoice.tax_rate_bp / 100, language)
    issued = vienna_day(invoice.issued_at or invoice.created_at)
    return InvoiceDocument(
        language=language,
        labels=labels,
        number=invoice.number,
        issued_on=day(issued, language),
        period=f"{day(invoice.period_start, language)} – "
        f"{day(invoice.period_end - timedelta(days=1), language)}",
        payment=_payment(invoice, labels, language),
        payable=invoice.status is InvoiceStatus.OPEN and invoice.carried_forward_at is None,
        seller=_seller(invoice.seller_details or seller.details()),
        seller_register=str((invoice.seller_details or seller.details())["company_register"]),
        seller_email=str((invoice.seller_details or seller.details())["email"]),
        customer=_customer(invoice.customer_details or customer_details(tenant), german=german),
        lines=[_line(line, invoice.currency, language) for line in invoice.lines],
        net=money(invoice.subtotal_cents, language),
        vat_label=labels["vat"].format(rate=rate),
        vat=money(invoice.tax_cents, language),
        gross=money(invoice.total_cents, language),
        reverse_charge_note=REVERSE_CHARGE_NOTE if invoice.reverse_charge else None,
        carried_in=[
            DocumentLine(
                labels["carried_in"].format(number=small.number),
                "",
                money(small.amount_due_cents, language),
            )
            for small in invoice.carried_from
        ],
        to_pay=money(invoice.amount_due_cents, language) if invoice.carried_in_cents else None,
    )


def _seller(details: dict) -> Party:
    return Party(
        name=details["name"],
        address=[details["street"], details["postal_city"], "Österreich / Austria"],
        vat_id=details["vat_id"],
    )


def _customer(details: dict, *, german: bool) -> Party:
    town = " ".join(part for part in (details.get("postal_code"), details.get("city")) if part)
    address = [line for line in (details.get("street"), town) if line]
    if details.get("country") != "AT" or not german:
        address.append(country_name(details.get("country"), german=german))
    return Party(name=details["name"], address=address, vat_id=details.get("vat_id") or None)


def _line(line: InvoiceLine, currency: str, language: str) -> DocumentLine:
    return DocumentLine(
        description=line.description,
        quantity=_quantity(line, language),
        amount=money(line.amount_cents, language, currency),
    )


def _quantity(line: InvoiceLine, language: str) -> str:
    """A whole month's base fee is "1 Monat"; one charged for part of the month (from a
    mid-month start, services.billing) counts its days, as a number's fee does."""
    units = UNITS[language]
    whole_month = line.quantity == 1 and line.amount_cents == line.unit_amount_cents
    if line.kind is InvoiceLineKind.BASE_FEE and whole_month:
        return units["month"]
    if line.kind in (InvoiceLineKind.BASE_FEE, InvoiceLineKind.NUMBER_FEE):
        unit = units["day"] if line.quantity == 1 else units["days"]
    elif line.kind is InvoiceLineKind.MINUTES:
        unit = units["seconds"]
    else:
        unit = units["piece"]
    return unit.format(n=number(line.quantity, language))


def _payment(invoice: Invoice, labels: dict[str, str], language: str) -> str:
    if invoice.status is InvoiceStatus.PAID and invoice.paid_at is not None:
        return f"{labels['paid']} {day(vienna_day(invoice.paid_at), language)}"
    if invoice.carried_forward_at is not None:
        minimum = money(MINIMUM_CHARGE_CENTS.get(invoice.currency, 50), language)
        if invoice.status is InvoiceStatus.UNCOLLECTIBLE:
            return labels["written_off"].format(minimum=minimum)
        if invoice.carried_to is None:
            return labels["carried_forward"].format(minimum=minimum)
        return labels["carried_to"].format(minimum=minimum, number=invoice.carried_to.number)
    if invoice.due_at is None:
        return ""
    return f"{labels['due']} {day(vienna_day(invoice.due_at), language)}"
