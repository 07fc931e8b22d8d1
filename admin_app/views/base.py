"""The base of every model view: role rights, audit hooks, friendly errors, safe exports."""

from __future__ import annotations

import logging
from typing import Any

from flask import flash, request
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader, create_ajax_loader
from flask_admin.model.base import ViewArgs, filter_char_re, filter_compact_re
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError
from wtforms import Form
from wtforms.validators import ValidationError

from admin_app.access import RoleAccess
from admin_app.auditing import audit_model_write, changes, is_secret, snapshot
from admin_app.database import db, staff_db
from admin_app.display import (
    PAGE_FORMATTERS,
    TEXT_FORMATTERS,
    code_formatters,
    name_rows_of,
    row_name,
)
from admin_app.forms import StaffModelConverter
from admin_app.i18n import lazy, t
from admin_app.labels import FIGURE_LABELS, column_labels
from admin_app.list_filters import StaffFilterConverter
from admin_app.numbers import export_formatters, export_label, page_formatters
from admin_app.request_values import row_id, storable_text, whole_number
from services.errors import DomainError, ValidationFailed

log = logging.getLogger(__name__)

# Flask-Admin's data-changing view methods, and the flag each needs besides a writing role.
CRUD_FLAGS = {
    "create_view": "allow_create",
    "edit_view": "allow_edit",
    "ajax_update": "allow_edit",
    "delete_view": "allow_delete",
}
# Deeper than any list goes; keeps OFFSET (page × page size) far inside BIGINT.
MAX_PAGE = 10**9


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
    column_details_exclude_list: tuple[str, ...] = ("password_hash", "encrypted_value")
    column_export_exclude_list = ("password_hash", "encrypted_value")
    # Rows as cards on a phone (admin/staff_list.html, static/staff.css).
    list_template = "admin/staff_list.html"
    form_excluded_columns = ("created_at", "updated_at", "password_hash", "encrypted_value")
    model_form_converter = StaffModelConverter
    filter_converter = StaffFilterConverter()
    # Words, Vienna times and names instead of internals; exports as plain text.
    column_type_formatters = PAGE_FORMATTERS
    column_type_formatters_detail = PAGE_FORMATTERS
    column_type_formatters_export = TEXT_FORMATTERS

    def __init__(self, model: type, *args: Any, **kwargs: Any) -> None:
        # Every column's label in words, translated when shown; a view's own labels win.
        own: dict[str, Any] = getattr(self, "column_labels", None) or {}
        self.column_labels = {**column_labels(), **own}
        # Money, durations and counts in the reader's language (admin_app/numbers.py); a
        # view's own formatters win on pages, plain numbers win in CSV exports.
        listed: dict[str, Any] = dict(getattr(self, "column_formatters", None) or {})
        detailed: dict[str, Any] | None = getattr(self, "column_formatters_detail", None)
        figures = {**code_formatters(model), **page_formatters(model)}
        self.column_formatters = {**figures, **listed}
        self.column_formatters_detail = {**figures, **(listed if detailed is None else detailed)}
        self.column_formatters_export = {
            **code_formatters(model),
            **listed,
            **export_formatters(model),
        }
        super().__init__(model, *args, **kwargs)

    def render(self, template: str, **kwargs: Any) -> str:
        if template == self.list_template and kwargs.get("data"):
            name_rows_of(kwargs["data"])  # the page's companies and bots: one query each
            # Each cell carries its column's label (staff_list.html): translated once per
            # page, not once per cell.
            kwargs["list_columns"] = [(c, str(name)) for c, name in kwargs["list_columns"]]
        return super().render(template, **kwargs)

    def get_column_name(self, field: str) -> str:
        """A figure's label without the unit its form field asks for: the value shows it."""
        if field in FIGURE_LABELS and field not in type(self).__dict__.get("column_labels", {}):
            return lazy(FIGURE_LABELS[field])
        return super().get_column_name(field)

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
        if isinstance(exc, ValidationFailed):
            flash(" ".join(t(message) for message in exc.fields.values()), "error")
        elif isinstance(exc, DomainError):
            flash(t(exc.message), "error")
        elif isinstance(exc, ValidationError):
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

    # --- what the URL asks for ----------------------------------------------------------

    def _get_list_extra_args(self) -> ViewArgs:
        """Page, page size and sort read strictly (admin_app/request_values.py): Flask-Admin's
        `int()` takes "١٢", and a 25-digit page reached the database as an OFFSET beyond
        BIGINT. A value that is not a number is no value: the list starts at the top."""
        view_args = super()._get_list_extra_args()
        args = request.args
        view_args.page = args.get("page", 0, type=_below(MAX_PAGE))
        view_args.page_size = args.get("page_size", 0, type=_below(max(self.page_size_options)))
        view_args.sort = args.get("sort", None, type=_below(len(self._list_columns or ())))
        view_args.sort_desc = args.get("desc", None, type=_below(1))
        view_args.search = args.get("search", None, type=storable_text)
        return view_args

    def get_invalid_value_msg(self, value: str, filter: Any) -> str:  # noqa: A002
        return t(
            "“{value}” does not fit this filter (numbers in digits 0-9, days from 2000 to 2100 as "
            "YYYY-MM-DD), so the filter was left out.",
            value=value[:40],
        )

    def get_one(self, id: Any) -> Any:
        """None (Flask-Admin says the row does not exist) for an id no row can have."""
        try:
            row_id(str(id))
        except ValueError:
            return None
        return super().get_one(id)

    def get_filter_arg(self, index: int, flt: Any) -> str:
        """Named filter URLs from the column (`flt0_tenant_id_equals`), not from its label:
        a label changes with the language, and links and bookmarks must not."""
        column = getattr(getattr(flt, "column", None), "key", None)
        if not self.named_filter_urls or column is None:
            return super().get_filter_arg(index, flt)
        operation = flt.operation()
        operation = getattr(operation, "_args", (operation,))[0]  # a lazy string's English
        name = f"{column.replace('_', ' ')} {operation}".lower()
        return filter_compact_re.sub("_", filter_char_re.sub("", name))

    def get_export_value(self, model: Any, name: Any) -> Any:
        """The list's words without its links: a CSV cell holds text, never HTML."""
        value = super().get_export_value(model, name)
        return value.striptags() if isinstance(value, Markup) else value

    def _create_ajax_loader(self, name: str, options: dict[str, Any]) -> QueryAjaxModelLoader:
        loader = create_ajax_loader(self.model, self.session, name, name, options)
        return NamedAjaxModelLoader(loader.name, loader.session, loader.model, **options)

    def get_export_columns(self) -> list[tuple[str, str]]:
        """No secrets; figures' headers name the unit of their plain numbers ("Summe (EUR)")."""
        return [
            (name, export_label(self.model, name, label))
            for name, label in super().get_export_columns()
            if not is_secret(name)
        ]


def _below(high: int) -> Any:
    def read(text: str) -> int:
        return whole_number(text, low=0, high=high)

    return read


class NamedAjaxModelLoader(QueryAjaxModelLoader):
    """Related rows in a form's search box by name ("Salon Schönhaar"), not by repr."""

    def format(self, model: Any) -> tuple[Any, str] | None:
        if not model:
            return None
        return getattr(model, self.pk), row_name(model)
