"""The base of every model view: role rights, audit hooks, friendly errors, safe exports."""

from __future__ import annotations

import logging
from typing import Any

from flask import flash
from flask_admin.contrib.sqla import ModelView
from sqlalchemy.exc import IntegrityError
from wtforms import Form
from wtforms.validators import ValidationError

from admin_app.access import RoleAccess
from admin_app.auditing import audit_model_write, changes, is_secret, snapshot
from admin_app.database import db, staff_db
from admin_app.forms import StaffModelConverter
from admin_app.i18n import t
from services.errors import DomainError

log = logging.getLogger(__name__)

# Flask-Admin's data-changing view methods, and the flag each needs besides a writing role.
CRUD_FLAGS = {
    "create_view": "allow_create",
    "edit_view": "allow_edit",
    "ajax_update": "allow_edit",
    "delete_view": "allow_delete",
}


class StaffModelView(RoleAccess, ModelView):
    """Read for `read_roles`; create, edit and delete only where the class allows it, and only
    for `write_roles`. Every write through the view leaves an audit event in the same
    transaction."""

    allow_create = False
    allow_edit = False
    allow_delete = False

    can_view_details = True
    can_export = True
    can_set_page_size = True
    page_size = 50
    # Secret columns never leave through a list, a detail page or an export.
    column_exclude_list = ("password_hash", "encrypted_value")
    column_details_exclude_list = ("password_hash", "encrypted_value")
    column_export_exclude_list = ("password_hash", "encrypted_value")
    form_excluded_columns = ("created_at", "updated_at", "password_hash", "encrypted_value")
    model_form_converter = StaffModelConverter

    @property
    def can_create(self) -> bool:
        return self.allow_create and self.is_writer()

    @property
    def can_edit(self) -> bool:
        return self.allow_edit and self.is_writer()

    @property
    def can_delete(self) -> bool:
        return self.allow_delete and self.is_writer()

    def may(self, name: str) -> bool:
        if name in CRUD_FLAGS:
            return getattr(self, CRUD_FLAGS[name]) and self.is_writer()
        if name == "action_view":
            return self.is_writer() and any(self.is_action_allowed(a) for a, _ in self._actions)
        return super().may(name)

    # --- audit ---------------------------------------------------------------------------

    def on_model_change(self, form: Form, model: Any, is_created: bool) -> None:
        if is_created:
            db.session.flush()  # the new row's id belongs in the event
            audit_model_write(
                session=staff_db(),
                action=f"{self.audit_name}.created",
                obj=model,
                before=None,
                after=snapshot(model),
            )
            return
        before, after = changes(model)
        if after:
            audit_model_write(
                session=staff_db(),
                action=f"{self.audit_name}.updated",
                obj=model,
                before=before,
                after=after,
            )

    def on_model_delete(self, model: Any) -> None:
        audit_model_write(
            session=staff_db(),
            action=f"{self.audit_name}.deleted",
            obj=model,
            before=snapshot(model),
            after=None,
        )

    @property
    def audit_name(self) -> str:
        return self.model.__tablename__.removesuffix("s")

    # --- errors --------------------------------------------------------------------------

    def handle_view_exception(self, exc: Exception) -> bool:
        """Say what went wrong in plain words; never show a database error or a value."""
        if isinstance(exc, ValidationError | DomainError):
            flash(str(exc), "error")
        elif isinstance(exc, IntegrityError):
            flash(
                t("This clashes with existing data (a duplicate, or a missing reference)."),
                "error",
            )
        else:
            log.exception("back-office write failed in %s", type(self).__name__)
            flash(
                t(
                    "Something went wrong. Please try again; if it keeps happening,"
                    " tell the platform team."
                ),
                "error",
            )
        return True

    def get_export_columns(self) -> list[tuple[str, str]]:
        return [
            (name, label) for name, label in super().get_export_columns() if not is_secret(name)
        ]


class ReadOnlyView(StaffModelView):
    """Lists and details only: history that nobody edits by hand."""

    can_view_details = True
    column_display_pk = True
