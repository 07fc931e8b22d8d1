"""Invoices."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from customer_ui.api.fields import ResourceId
from customer_ui.api.routing import ThreadedRoute
from customer_ui.api.security import TenantDb, requires
from models import InvoiceLineKind, InvoiceStatus
from services.invoices import get_invoice, list_invoices
from services.permissions import Action

router = APIRouter(
    prefix="/invoices",
    tags=["billing"],
    route_class=ThreadedRoute,
    dependencies=[requires(Action.BILLING)],
)


class InvoiceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str
    period_start: date
    period_end: date
    status: InvoiceStatus
    currency: str
    subtotal_cents: int
    tax_rate_bp: int
    tax_cents: int
    total_cents: int
    issued_at: datetime | None
    due_at: datetime | None
    paid_at: datetime | None
    hosted_invoice_url: str | None = Field(
        description="Stripe's page where the invoice can be paid or read, once it is open."
    )


class InvoiceLineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    position: int
    kind: InvoiceLineKind
    description: str
    quantity: int
    unit_amount_cents: int
    amount_cents: int


class InvoiceDetailOut(InvoiceOut):
    lines: list[InvoiceLineOut]


@router.get("", response_model=list[InvoiceOut], summary="Your invoices, newest first")
def invoices(db: TenantDb) -> list[InvoiceOut]:
    return [InvoiceOut.model_validate(invoice) for invoice in list_invoices(session=db)]


@router.get("/{invoice_id}", response_model=InvoiceDetailOut, summary="One invoice with its lines")
def invoice(invoice_id: ResourceId, db: TenantDb) -> InvoiceDetailOut:
    return InvoiceDetailOut.model_validate(get_invoice(session=db, invoice_id=invoice_id))
