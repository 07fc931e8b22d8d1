"""The § 11 invoice in a real browser, in German, on a desktop and on a 390 px phone: the
billing address with its VAT id entered under Settings (a wrong one refused in plain
German), a spending limit set there, the invoice page showing the document, and its PDF
downloaded and read back.
Nothing runs off the side of the phone's screen; screenshots go to test-artifacts/portal/."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pypdf
import pytest

from models import InvoiceLineKind, InvoiceStatus, Role
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from tests.browser import assert_no_sideways_scroll, logged_in_page, open_portal_page
from tests.customer_ui.test_browser_journey import ARTIFACTS, portal_url, scratch_database_url
from tests.factories import SELLER, Factory

__all__ = ["portal_url", "scratch_database_url"]  # the journey's fixtures: a real portal


@pytest.fixture(scope="module")
def german_admin(scratch_database_url: str) -> Iterator[tuple[str, int]]:
    """A German administrator of a tenant with one issued invoice: e-mail, invoice id."""
    engine = make_engine(scratch_database_url)
    with staff_session(make_session_factory(engine)) as db:
        make = Factory(db)
        tenant = make.tenant(name="Tischlerei Huber e.U.", locale="de-AT")
        admin = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT")
        invoice = make.invoice(
            tenant,
            number="2026-000042",
            status=InvoiceStatus.OPEN,
            period_start=date(2026, 10, 1),
            period_end=date(2026, 11, 1),
            subtotal_cents=3168,
            tax_cents=634,
            total_cents=3802,
            issued_at=datetime(2026, 11, 1, 6, tzinfo=UTC),
            due_at=datetime(2026, 11, 15, 6, tzinfo=UTC),
            seller_details=SELLER.details(),
        )
        for position, kind, text, quantity, cents in [
            (1, InvoiceLineKind.BASE_FEE, "Grundgebühr inkl. 100 Gesprächsminuten", 1, 2900),
            (2, InvoiceLineKind.MINUTES, "Weitere Gesprächszeit: 1 min 30 s", 90, 18),
            (3, InvoiceLineKind.NUMBER_FEE, "Rufnummer: 15 von 30 Tagen", 15, 250),
        ]:
            make.invoice_line(
                tenant,
                invoice,
                position=position,
                kind=kind,
                description=text,
                quantity=quantity,
                amount_cents=cents,
            )
        db.commit()
        found = (admin.email, invoice.id)
    yield found
    engine.dispose()


@pytest.mark.parametrize("width", [1280, 390])
def test_billing_address_and_invoice_document_in_german(
    portal_url: str, german_admin: tuple[str, int], width: int
) -> None:
    from playwright.sync_api import expect

    email, invoice_id = german_admin
    folder = ARTIFACTS / "portal"
    folder.mkdir(parents=True, exist_ok=True)
    with logged_in_page(portal_url, email, width=width) as page:
        open_portal_page(page, f"{portal_url}/settings")
        card = page.locator("#billing-details")
        expect(card.get_by_text("Rechnungsadresse", exact=True)).to_be_visible()
        card.get_by_label("Straße und Hausnummer").fill("Hauptstraße 5")
        card.get_by_label("Postleitzahl").fill("3100")
        card.get_by_label("Ort").fill("St. Pölten")
        card.get_by_label("UID-Nummer (freiwillig)").fill("DE123456789")
        card.get_by_role("button", name="Rechnungsadresse speichern").click()
        expect(card.get_by_text("Das ist keine UID-Nummer des gewählten Landes")).to_be_visible()
        card.get_by_label("UID-Nummer (freiwillig)").fill("atu 1122 3344")
        card.get_by_role("button", name="Rechnungsadresse speichern").click()
        expect(page.get_by_text("Gespeichert. Die nächste Rechnung")).to_be_visible()
        expect(card.get_by_label("UID-Nummer (freiwillig)")).to_have_value("ATU11223344")
        card.screenshot(path=folder / f"billing-address-{width}.png")
        limit = page.locator("#spending-limit")
        expect(limit.get_by_text("Ausgabenlimit", exact=True)).to_be_visible()
        if width < 600:  # out of range: the field says why and nothing is saved or clamped
            limit.get_by_label("Monatliches Limit in € (netto)").fill("-5")
            limit.get_by_role("button", name="Limit speichern").click()
            expect(limit.get_by_text("Bitte geben Sie einen Betrag von 1 € bis")).to_be_visible()
            expect(limit.get_by_label("Monatliches Limit in € (netto)")).to_have_value("-5")
        euros = 50 if width > 600 else 60  # each run a new figure to wait for
        limit.get_by_label("Monatliches Limit in € (netto)").fill(str(euros))
        limit.get_by_role("button", name="Limit speichern").click()  # the page reloads
        expect(
            page.get_by_text(f"Bisher in diesem Monat: 0,00\xa0€ von {euros},00\xa0€ (0\u00a0%).")
        ).to_be_visible()
        page.locator("#spending-limit").screenshot(path=folder / f"spending-limit-{width}.png")
        assert_no_sideways_scroll(page, "the settings page")

        page.goto(f"{portal_url}/billing/invoices/{invoice_id}")
        document = page.frame_locator("iframe")
        expect(document.get_by_text("Rechnungsnummer")).to_be_visible()
        expect(document.get_by_text("Gesamtbetrag (brutto)")).to_be_visible()
        expect(document.get_by_text("VoiceAgent Demo GmbH")).to_be_visible()
        page.screenshot(path=folder / f"invoice-document-{width}.png", full_page=True)
        assert_no_sideways_scroll(page, "the invoice page")
        with page.expect_download() as download:
            page.get_by_role("button", name="PDF herunterladen").click()
        pdf = pypdf.PdfReader(io.BytesIO(download.value.path().read_bytes()))
        text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
        assert download.value.suggested_filename == "2026-000042.pdf"
        for field in ("Rechnung 2026-000042", "Hauptstraße 5", "3100 St. Pölten", "ATU11223344"):
            assert field in text, field  # the address saved above: today's, no details stored
        assert "Gesamtbetrag (brutto) 38,02 €" in text
