"""Behind the scenes: provisioning jobs (with retry), the audit log, e-mails, webhooks.
Platform admins only."""

from __future__ import annotations

from flask import flash
from flask_admin.actions import action
from flask_login import current_user

from admin_app.access import PLATFORM_ADMIN_ONLY
from admin_app.database import db, staff_db
from admin_app.display import OWNER_COLUMNS
from admin_app.i18n import lazy, t
from admin_app.request_values import row_id
from admin_app.views.base import StaffModelView
from admin_app.views.traffic import BigTableView
from services.errors import DomainError
from services.provisioning import retry_job


class ProvisioningJobView(StaffModelView):
    read_roles = PLATFORM_ADMIN_ONLY
    column_list = (
        "id",
        "tenant_id",
        "kind",
        "status",
        "attempts",
        "last_error",
        "bot_id",
        "phone_number_id",
        "created_at",
        "updated_at",
        "finished_at",
    )
    # By the reason a purchase failed: e.g. every tenant whose numbers wait for a bundle.
    column_filters = ("status", "kind", "tenant_id", "failure_reason", "created_at")
    column_sortable_list = ("id", "status", "created_at", "updated_at")
    column_default_sort = ("id", True)
    column_formatters = OWNER_COLUMNS

    @action("retry", lazy("Retry"), None)
    def action_retry(self, ids: list[str]) -> None:
        retried = []
        for job_id in _ids(ids):
            try:
                retry_job(session=staff_db(), job_id=job_id, actor=current_user.user)
            except DomainError as error:
                flash(f"#{job_id}: {t(error.message)}", "error")
            else:
                retried.append(job_id)
        # The commit enqueues each retried job to run now (jobs.on_commit); if Redis is away
        # the dispatcher picks the queued rows up within a minute.
        db.session.commit()
        if retried:
            flash(t("{n} jobs were queued again.", n=len(retried)), "success")


def _ids(submitted: list[str]) -> list[int]:
    """The ticked rows' ids; anything else in the form names no row and is passed over."""
    found = []
    for text in submitted:
        try:
            found.append(row_id(text))
        except ValueError:
            continue
    return found


class AuditEventView(BigTableView):
    read_roles = PLATFORM_ADMIN_ONLY
    column_list = (
        "id",
        "created_at",
        "actor_email",
        "action",
        "entity_type",
        "entity_id",
        "tenant_id",
        "before",
        "after",
        "ip_address",
    )
    column_filters = (
        "action",
        "entity_type",
        "entity_id",
        "actor_email",
        "tenant_id",
        "created_at",
    )
    column_formatters = OWNER_COLUMNS


class OutboundEmailView(StaffModelView):
    read_roles = PLATFORM_ADMIN_ONLY
    # The body may carry a password-reset or invitation link: never shown or exported.
    column_list = (
        "id",
        "tenant_id",
        "to_address",
        "subject",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    )
    column_details_list = column_list
    column_export_list = column_list
    column_filters = ("status", "tenant_id", "created_at")
    column_searchable_list = ("to_address", "subject")
    column_default_sort = ("id", True)
    column_formatters = OWNER_COLUMNS


class WebhookEventView(StaffModelView):
    read_roles = PLATFORM_ADMIN_ONLY
    column_list = ("id", "provider", "event_id", "event_type", "received_at", "processed_at")
    column_filters = ("provider", "event_type", "received_at")
    column_searchable_list = ("event_id",)
    column_default_sort = ("id", True)
