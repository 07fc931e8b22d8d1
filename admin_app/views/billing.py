"""Invoices and their lines: read-only here; billing runs and Stripe change them."""

from __future__ import annotations

from admin_app.views.base import StaffModelView
from admin_app.views.customers import tenant_link

_tenant = {"tenant_id": lambda _v, _c, m, _n: tenant_link(m.tenant_id)}


def euros(_view: object, _context: object, model: object, name: str) -> str:
    cents = getattr(model, name)
    return "—" if cents is None else f"{cents / 100:,.2f} {getattr(model, 'currency', 'EUR')}"


class InvoiceView(StaffModelView):
    column_list = (
        "number",
        "tenant_id",
        "period_start",
        "period_end",
        "status",
        "total_cents",
        "issued_at",
        "due_at",
        "paid_at",
    )
    column_searchable_list = ("number", "stripe_invoice_id")
    column_filters = ("tenant_id", "status", "period_start", "issued_at")
    column_sortable_list = ("number", "period_start", "status", "issued_at")
    column_default_sort = ("id", True)
    column_formatters = {**_tenant, "total_cents": euros}


class InvoiceLineView(StaffModelView):
    column_list = (
        "id",
        "tenant_id",
        "invoice_id",
        "position",
        "kind",
        "description",
        "quantity",
        "unit_amount_cents",
        "amount_cents",
    )
    column_filters = ("tenant_id", "invoice_id", "kind")
    column_default_sort = ("id", True)
    column_formatters = _tenant
