"""The invoice document (§ 11 UStG): issued by the real invoice run, rendered as PDF and read
back with pypdf — every field there, in German for a German-speaking customer and English
for an English one; reverse charge for an EU business outside Austria; the HTML view."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pypdf
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Invoice, Tenant
from services.billing import Period
from services.invoice_document import InvoiceDocument, invoice_document
from services.invoice_render import invoice_html, invoice_pdf
from services.invoice_run import run_invoices
from services.seller import Seller
from services.vat import REVERSE_CHARGE_NOTE
from services.vienna_time import vienna_day
from tests.factories import Factory

NOVEMBER = Period.parse("2031-11")
SELLER = Seller(
    name="Sprachbot Wien GmbH",
    street="Praterstraße 12/3",
    postal_city="1020 Wien",
    vat_id="ATU87654321",
    company_register="FN 654321b, Handelsgericht Wien",
    email="buchhaltung@sprachbot.example",
)


def _issued(db: Session, make: Factory, **tenant: object) -> tuple[Invoice, Tenant]:
    """A month with 100 min + 90 s of calls and a number from 16 November: 29 € base fee,
    18 ct for the minutes beyond, 2,50 € for the number (15 of 30 days)."""
    plan = make.price_plan()
    owner = make.tenant(price_plan_id=plan.id, **tenant)
    make.usage_event(owner, quantity=6090, occurred_at=datetime(2031, 11, 3, 9, tzinfo=UTC))
    make.phone_number(owner, created_at=datetime(2031, 11, 16, 8, tzinfo=UTC))
    run_invoices(session=db, period=NOVEMBER, seller=SELLER)
    invoice = db.scalars(
        select(Invoice).where(Invoice.tenant_id == owner.id).options(selectinload(Invoice.lines))
    ).one()
    return invoice, owner


def _pdf_text(document: InvoiceDocument) -> str:
    reader = pypdf.PdfReader(io.BytesIO(invoice_pdf(document)))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_a_german_invoice_to_an_austrian_business_carries_every_field(
    staff_db: Session, make: Factory
) -> None:
    invoice, tenant = _issued(
        staff_db,
        make,
        name="Bäckerei Gruber OG",
        locale="de-AT",
        country="AT",
        billing_street="Hauptstraße 5",
        billing_postal_code="3100",
        billing_city="St. Pölten",
        vat_id="ATU11223344",
    )
    # The customer moves after the invoice was issued: the invoice keeps the old address.
    tenant.billing_street = "Neugasse 1"
    issued = f"{vienna_day(invoice.issued_at):%d.%m.%Y}"
    today = Seller("Heute GmbH", "Gasse 1", "1010 Wien", "ATU00000000", "FN 1a", "a@b.example")

    text = _flat(_pdf_text(invoice_document(invoice=invoice, tenant=tenant, seller=today)))

    for field in [
        "Sprachbot Wien GmbH",  # the seller as at issue, not the fallback
        "Praterstraße 12/3",
        "1020 Wien",
        "UID: ATU87654321",
        "FN 654321b, Handelsgericht Wien",
        "buchhaltung@sprachbot.example",
        "Rechnungsempfänger",
        "Bäckerei Gruber OG",
        "Hauptstraße 5",
        "3100 St. Pölten",
        "UID des Leistungsempfängers: ATU11223344",
        f"Rechnung {invoice.number}",
        f"Rechnungsnummer {invoice.number}",
        f"Rechnungsdatum {issued}",
        "Leistungszeitraum 01.11.2031 – 30.11.2031",
        "Grundgebühr inkl. 100 Gesprächsminuten 1 Monat 29,00 €",
        "Weitere Gesprächszeit: 1 min 30 s (sekundengenau) 90 s 0,18 €",
        "Rufnummer: 15 von 30 Tagen 15 Tage 2,50 €",
        "Summe netto 31,68 €",
        "USt. 20 % 6,34 €",
        "Gesamtbetrag (brutto) 38,02 €",
        "Zahlbar bis",
    ]:
        assert field in text, field
    assert "Neugasse" not in text and "Heute GmbH" not in text and "Reverse charge" not in text
    assert re.fullmatch(r"\d{4}-\d{6}", invoice.number)


def test_an_eu_business_outside_austria_gets_a_reverse_charge_invoice_in_english(
    staff_db: Session, make: Factory
) -> None:
    invoice, tenant = _issued(
        staff_db,
        make,
        name="Brauhaus Müller GmbH",
        locale="en-US",
        country="DE",
        billing_street="Marienplatz 1",
        billing_postal_code="80331",
        billing_city="München",
        vat_id="DE123456789",
    )

    assert (invoice.reverse_charge, invoice.tax_rate_bp, invoice.tax_cents) == (True, 0, 0)
    assert invoice.total_cents == invoice.subtotal_cents == 3168
    text = _flat(_pdf_text(invoice_document(invoice=invoice, tenant=tenant, seller=SELLER)))

    for field in [
        "Sprachbot Wien GmbH",
        "VAT ID: ATU87654321",
        "Bill to",
        "Brauhaus Müller GmbH",
        "Marienplatz 1",
        "80331 München",
        "Germany",
        "Customer's VAT ID: DE123456789",
        f"Invoice number {invoice.number}",
        "Invoice date",
        "Service period 01 November 2031 – 30 November 2031",
        "Monthly fee incl. 100 call minutes 1 month € 29.00",
        "Net total € 31.68",
        "VAT 0 % € 0.00",
        "Total (gross) € 31.68",
        REVERSE_CHARGE_NOTE,
    ]:
        assert field in text, field


def test_without_a_vat_id_a_german_business_pays_austrian_vat(
    staff_db: Session, make: Factory
) -> None:
    invoice, _tenant = _issued(staff_db, make, country="DE", locale="de-AT")

    assert (invoice.reverse_charge, invoice.tax_rate_bp, invoice.tax_cents) == (False, 2000, 634)


def test_the_web_page_shows_the_same_fields_and_keeps_markup_as_text(
    staff_db: Session, make: Factory
) -> None:
    invoice, tenant = _issued(
        staff_db, make, name="<script>alert(1)</script> KG", country="IT", vat_id="IT12345678901"
    )

    page = invoice_html(invoice_document(invoice=invoice, tenant=tenant, seller=SELLER))

    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; KG" in page
    for field in [
        invoice.number,
        "UID: ATU87654321",
        "IT12345678901",
        "Italien",
        "Leistungszeitraum",
        "Gesamtbetrag (brutto)",
        'id="reverse-charge">Steuerschuldnerschaft des Leistungsempfängers / Reverse charge',
    ]:
        assert field in page, field


@pytest.mark.parametrize("locale", ["de-AT", "en-US"])
def test_an_invoice_from_before_the_details_were_stored_shows_todays(
    staff_db: Session, make: Factory, locale: str
) -> None:
    tenant = make.tenant(name="Alt GmbH", locale=locale, billing_street="Ring 1")
    old = make.invoice(tenant, number="VA-203011-000007")
    make.invoice_line(tenant, old)

    document = invoice_document(invoice=old, tenant=tenant, seller=SELLER)

    assert (document.seller.name, document.customer.name) == ("Sprachbot Wien GmbH", "Alt GmbH")
    assert "Ring 1" in document.customer.address
    assert "VA-203011-000007" in _flat(_pdf_text(document))
