"""Invoices and their lines: read-only here; billing runs and Stripe change them. Platform
admins can start the invoice run for a month on demand (the cron runs it on the 1st)."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, request
from flask_admin import expose
from flask_login import current_user
from werkzeug.wrappers import Response

from admin_app.database import db, staff_db
from admin_app.display import OWNER_COLUMNS
from admin_app.i18n import lazy, t
from admin_app.views.base import StaffModelView
from services.billing import Period
from services.invoice_run import request_invoice_run


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
    column_formatters = OWNER_COLUMNS
    column_labels = {"total_cents": lazy("Total")}
    list_template = "admin/invoice_list.html"

    def last_month(self) -> str:
        return f"{Period.previous(date.today()).start:%Y-%m}"

    @expose("/run/", methods=["POST"])
    def run_invoices(self) -> Response:
        """Queue the invoice run for the month in the form (platform admins: a POST needs a
        writing role). Reruns are harmless: tenants invoiced already are skipped."""
        back = redirect(self.get_url(".index_view"))
        try:
            period = Period.parse(request.form.get("period", ""))
        except ValueError as error:
            flash(t(str(error)), "error")
            return back
        request_invoice_run(
            session=staff_db(),
            period=period,
            actor=current_user.user,
            ip_address=request.remote_addr,
        )
        db.session.commit()  # enqueues the run (jobs.on_commit)
        month = f"{period.start:%Y-%m}"
        flash(t("The invoice run for {period} has started.", period=month), "success")
        return back


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
    column_formatters = OWNER_COLUMNS
