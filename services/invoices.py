"""Reading invoices, as the portal, the API and the back office show them.

Our Invoice rows are the source of truth; Stripe's copies only collect the money.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Invoice
from services.errors import NotFound


def list_invoices(*, session: Session, limit: int = 100) -> list[Invoice]:
    """The session's invoices, newest period first."""
    query = select(Invoice).order_by(Invoice.period_start.desc(), Invoice.id.desc()).limit(limit)
    return list(session.scalars(query))


def get_invoice(*, session: Session, invoice_id: int) -> Invoice:
    """One invoice with its lines, or NotFound (also for another tenant's invoice)."""
    invoice = session.scalars(
        select(Invoice).where(Invoice.id == invoice_id).options(selectinload(Invoice.lines))
    ).first()
    if invoice is None:
        raise NotFound("This invoice does not exist.")
    return invoice
