"""Billing → one invoice: its number, status and period, downloads (PDF, web page), "Pay
now" while it is open, and the invoice itself as its HTML document. Also the invoice's words
the billing page's list uses (status, period, the payment link)."""

from __future__ import annotations

from datetime import timedelta

from nicegui import ui

from core.catalogue import N_
from customer_ui.context import PortalContext
from customer_ui.i18n import Texts
from customer_ui.layout import MemberPage, found, guarded
from models import Invoice, InvoiceStatus
from services.invoice_document import InvoiceDocument, invoice_document
from services.invoice_render import invoice_html, invoice_pdf
from services.invoices import get_invoice
from services.seller import Seller

STATUS_LABELS = {
    InvoiceStatus.DRAFT: N_("Draft"),
    InvoiceStatus.OPEN: N_("Open"),
    InvoiceStatus.PAID: N_("Paid"),
    InvoiceStatus.VOID: N_("Void"),
    InvoiceStatus.UNCOLLECTIBLE: N_("Unpaid"),
}


# The invoice's frame as tall as its document, now and whenever the frame's width changes.
FIT_FRAME = (
    "const frame = this; const fit = () => {"
    " frame.style.height = frame.contentDocument.body.scrollHeight + 48 + 'px'; };"
    " fit(); new ResizeObserver(fit).observe(frame);"
)


def invoice_view(ctx: PortalContext, page: MemberPage, invoice_id: str) -> None:
    tr = page.tr
    missing = tr("This invoice does not exist.")
    invoice = found(
        tr, lambda n: get_invoice(session=page.db, invoice_id=n), invoice_id, missing, "/billing"
    )
    if invoice is None:
        return
    with ui.row().classes("items-center gap-4"):
        ui.label(invoice.number).classes("text-xl font-semibold")
        ui.badge(invoice_status(tr, invoice))
        ui.label(invoice_period(tr, invoice)).classes("text-gray-600")
    document = invoice_document(
        invoice=invoice, tenant=page.tenant, seller=Seller.from_settings(ctx.settings)
    )
    _invoice_actions(tr, invoice, document)
    # The invoice as its HTML document, in a frame so its styles stay its own.
    frame = ui.element("iframe").classes("w-full max-w-3xl border rounded bg-white")
    frame.props["srcdoc"] = invoice_html(document)
    frame.props["title"] = tr("Invoice")
    # As tall as the document, so it never scrolls inside the page: again whenever the frame's
    # width changes (a phone turned, a window resized), or the document's end was cut off.
    frame.props["onload"] = FIT_FRAME
    frame.style("height: 62rem")
    ui.link(tr("Back to billing"), "/billing")


def _invoice_actions(tr: Texts, invoice: Invoice, document: InvoiceDocument) -> None:
    with ui.row().classes("gap-2"):
        ui.button(
            tr("Download PDF"),
            icon="picture_as_pdf",
            on_click=guarded(
                tr,
                lambda: ui.download.content(
                    invoice_pdf(document), f"{invoice.number}.pdf", "application/pdf"
                ),
            ),
        ).mark("download-pdf")
        ui.button(
            tr("Download as web page"),
            icon="download",
            on_click=guarded(
                tr,
                lambda: ui.download.content(
                    invoice_html(document).encode("utf-8"), f"{invoice.number}.html", "text/html"
                ),
            ),
        ).props("outline")
        url = pay_url(invoice)
        if url:
            ui.button(
                tr("Pay now"), icon="payments", on_click=lambda: ui.navigate.to(url, True)
            ).mark("pay-now")
        elif invoice.hosted_invoice_url:
            ui.link(tr("View online"), invoice.hosted_invoice_url, new_tab=True)


def pay_url(invoice: Invoice) -> str | None:
    """Stripe's hosted page for an invoice the customer can pay now, if there is one."""
    return invoice.hosted_invoice_url if invoice.status is InvoiceStatus.OPEN else None


def invoice_status(tr: Texts, invoice: Invoice) -> str:
    """An invoice below Stripe's minimum charge waits for the next one, and says so; one
    that no invoice followed is written off, and says that."""
    if invoice.status is InvoiceStatus.OPEN and invoice.carried_forward_at is not None:
        return tr("With the next invoice")
    if invoice.status is InvoiceStatus.UNCOLLECTIBLE and invoice.carried_forward_at is not None:
        return tr("Waived: below the minimum")  # no invoice followed (services.minimum_charge)
    return tr(STATUS_LABELS[invoice.status])


def invoice_period(tr: Texts, invoice: Invoice) -> str:
    return f"{tr.day(invoice.period_start)} – {tr.day(invoice.period_end - timedelta(days=1))}"
