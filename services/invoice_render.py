"""An invoice document (services/invoice_document.py) as a web page and as a PDF.

The page is a Jinja template (services/templates/invoice.html), escaped throughout. The PDF
is laid out with ReportLab's Platypus, in the Bitstream Vera fonts ReportLab ships (every
character of German and English and the € sign, with nothing to download), and carries
the document's text as text, so it can be searched, copied and read back.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from jinja2 import Environment, FileSystemLoader, select_autoescape
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from services.invoice_document import InvoiceDocument, Party

TEMPLATES = Path(__file__).with_name("templates")
FONT, BOLD = "Vera", "Vera-Bold"


def invoice_html(document: InvoiceDocument) -> str:
    return _templates().get_template("invoice.html").render(doc=document)


def invoice_pdf(document: InvoiceDocument) -> bytes:
    register_fonts()
    out = io.BytesIO()
    labels = document.labels
    pdf = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{labels['title']} {document.number}",
        author=document.seller.name,
        lang=document.language,
    )
    story = [
        _parties(document),
        Spacer(0, 10 * mm),
        Paragraph(_text(f"{labels['title']} {document.number}"), _style(16, bold=True)),
        Spacer(0, 3 * mm),
        _facts(document),
        Spacer(0, 6 * mm),
        _lines(document),
        Spacer(0, 6 * mm),
    ]
    if document.reverse_charge_note:
        story += [Paragraph(_text(document.reverse_charge_note), _style(10, bold=True))]
        story += [Spacer(0, 3 * mm)]
    story.append(Paragraph(_text(document.payment), _style(10)))
    closing = (labels["pay_online"] + " " if document.payable else "") + labels["thanks"]
    story.append(Paragraph(_text(closing), _style(9)))
    pdf.build(story)
    return out.getvalue()


def _parties(document: InvoiceDocument) -> Table:
    labels = document.labels
    seller = _party(document.seller, f"{labels['seller_vat_id']}: {document.seller.vat_id}")
    seller += [document.seller_register, document.seller_email]
    customer = [labels["to"], *_party(document.customer, None)]
    if document.customer.vat_id:
        customer.append(f"{labels['customer_vat_id']}: {document.customer.vat_id}")
    cells = [[_block(seller), _block(customer)]]
    table = Table(cells, colWidths=[85 * mm, 85 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _party(party: Party, vat_line: str | None) -> list[str]:
    return [party.name, *party.address, *([vat_line] if vat_line else [])]


def _block(lines: list[str]) -> Paragraph:
    return Paragraph("<br/>".join(_text(line) for line in lines), _style(9))


def _facts(document: InvoiceDocument) -> Table:
    labels = document.labels
    rows = [
        (labels["number"], document.number),
        (labels["issued"], document.issued_on),
        (labels["period"], document.period),
    ]
    table = Table([[_cell(k, bold=True), _cell(v)] for k, v in rows], hAlign="LEFT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _lines(document: InvoiceDocument) -> Table:
    labels = document.labels
    rows = [
        [
            _cell(labels["item"], bold=True),
            _cell(labels["quantity"], bold=True, align="RIGHT"),
            _cell(labels["amount"], bold=True, align="RIGHT"),
        ],
        *[
            [
                _cell(line.description),
                _cell(line.quantity, align="RIGHT"),
                _cell(line.amount, align="RIGHT"),
            ]
            for line in document.lines
        ],
        [_cell(labels["net"]), "", _cell(document.net, align="RIGHT")],
        [_cell(document.vat_label), "", _cell(document.vat, align="RIGHT")],
        [_cell(labels["gross"], bold=True), "", _cell(document.gross, bold=True, align="RIGHT")],
        *[
            [_cell(line.description), "", _cell(line.amount, align="RIGHT")]
            for line in document.carried_in
        ],
    ]
    if document.to_pay:
        to_pay = _cell(document.to_pay, bold=True, align="RIGHT")
        rows.append([_cell(labels["to_pay"], bold=True), "", to_pay])
    table = Table(rows, colWidths=[100 * mm, 30 * mm, 40 * mm], repeatRows=1)
    totals = 1 + len(document.lines)  # the net total's row; the gross total's two below
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEABOVE", (0, totals), (-1, totals), 0.5, colors.grey),
                ("LINEABOVE", (0, totals + 2), (-1, totals + 2), 0.8, colors.black),
            ]
        )
    )
    return table


def _cell(text: str, *, bold: bool = False, align: str = "LEFT") -> Paragraph:
    return Paragraph(_text(text), _style(9, bold=bold, align=align))


def _text(text: str) -> str:
    """Paragraphs read a little markup: the document's text must stay text."""
    return escape(text)


@functools.cache
def _style(size: int, *, bold: bool = False, align: str = "LEFT") -> ParagraphStyle:
    alignment = {"LEFT": 0, "RIGHT": 2}[align]
    return ParagraphStyle(
        f"invoice-{size}-{bold}-{align}",
        fontName=BOLD if bold else FONT,
        fontSize=size,
        leading=size * 1.3,
        alignment=alignment,
    )


@functools.cache
def register_fonts() -> None:
    fonts = Path(reportlab.__file__).with_name("fonts")
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(fonts / "VeraBd.ttf")))


@functools.cache
def _templates() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
