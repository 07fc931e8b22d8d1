"""Tenants (with the tenant page and its actions) and users."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import abort, current_app, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import inspect, select
from werkzeug.wrappers import Response
from wtforms import BooleanField, Form, PasswordField
from wtforms.validators import Optional, ValidationError

from admin_app.auditing import audit_model_write
from admin_app.database import db, staff_db, tenant_db
from admin_app.display import day, tenant_link
from admin_app.i18n import lazy, t
from admin_app.request_values import row_id, whole_number
from admin_app.views.base import StaffModelView
from core.catalogue import N_, Phrase
from models import PricePlan, Role, Tenant, User
from services import tenant_admin
from services.accounts import check_role_fits_tenant, normalize_email, put_password
from services.errors import DomainError, ValidationFailed
from services.platform_stats import vienna_today


class TenantView(StaffModelView):
    """Tenants by their name and billing e-mail: the slug is an internal identifier (it
    names the tenant in URLs and exports), not what staff or customers call a company."""

    allow_edit = True
    column_list = (
        "id",
        "name",
        "billing_email",
        "status",
        "price_plan",
        "max_concurrent_calls",
        "created_at",
    )
    column_details_exclude_list = (*StaffModelView.column_details_exclude_list, "slug")
    column_searchable_list = ("name", "billing_email")
    column_filters = ("status", "country", "locale", "created_at")
    column_sortable_list = ("id", "name", "billing_email", "status", "created_at")
    column_default_sort = ("id", True)
    column_formatters = {
        "name": lambda _v, _c, m, _n: tenant_link(m.id, m.name),
        "price_plan": lambda _v, _c, m, _n: m.price_plan.name if m.price_plan else "—",
    }
    # Status, plan and call limit change through the tenant page's audited actions.
    form_columns = ("name", "billing_email", "locale", "country")

    @expose("/page/")
    def page(self) -> str:
        tenant_id = request.args.get("id", type=row_id)
        if tenant_id is None or db.session.get(Tenant, tenant_id) is None:
            abort(404)
        settings = current_app.config["VOICEAGENT_SETTINGS"]
        with tenant_db(tenant_id) as session:
            overview = tenant_admin.tenant_overview(session=session, today=vienna_today())
            plans = db.session.scalars(
                select(PricePlan).where(PricePlan.is_active.is_(True)).order_by(PricePlan.name)
            ).all()
            return self.render(
                "admin/tenant_page.html",
                o=overview,
                plans=plans,
                can_act=self.is_writer(),
                tenant_plan_id=overview.tenant.price_plan_id,
                platform_bundle=bool(settings.twilio_bundle_sid),
            )

    @expose("/page/suspend/", methods=["POST"])
    def suspend(self) -> Response:
        return self._act(
            tenant_admin.suspend_tenant,
            N_("The tenant was suspended. Its bots no longer take calls."),
        )

    @expose("/page/reactivate/", methods=["POST"])
    def reactivate(self) -> Response:
        return self._act(tenant_admin.reactivate_tenant, N_("The tenant was reactivated."))

    @expose("/page/plan/", methods=["POST"])
    def change_plan(self) -> Response:
        plan_id = request.form.get("price_plan_id", type=row_id)
        return self._act(tenant_admin.change_price_plan, _plan_changed, plan_id=plan_id)

    @expose("/page/limit/", methods=["POST"])
    def set_limit(self) -> Response:
        limit = request.form.get("max_concurrent_calls", type=whole_number)
        if limit is None:
            flash(t("Please enter a whole number from 0 to 1000."), "error")
            return redirect(url_for(".page", id=request.form.get("id", type=row_id)))
        return self._act(
            tenant_admin.set_concurrent_call_limit,
            N_("The concurrent-call limit was set."),
            limit=limit,
        )

    @expose("/page/bundle/", methods=["POST"])
    def set_bundle(self) -> Response:
        return self._act(
            tenant_admin.set_regulatory_bundle,
            N_("The regulatory bundle was saved."),
            bundle_sid=request.form.get("twilio_bundle_sid", "")[:100],
        )

    def _act(self, action: Any, done: str | Callable[[Any], Phrase], **kwargs: Any) -> Response:
        tenant_id = request.form.get("id", type=row_id)
        tenant = db.session.get(Tenant, tenant_id) if tenant_id else None
        if tenant is None:
            abort(404)
        try:
            result = action(
                session=staff_db(),
                tenant=tenant,
                actor=current_user.user,
                ip_address=request.remote_addr,
                **kwargs,
            )
        except DomainError as error:
            db.session.rollback()
            flash(_message(error), "error")
        else:
            db.session.commit()
            flash(t(done if isinstance(done, str) else done(result)), "success")
        return redirect(url_for(".page", id=tenant_id))


def _message(error: DomainError) -> str:
    if isinstance(error, ValidationFailed):
        return " ".join(t(message) for message in error.fields.values())
    return t(error.message)


class UserView(StaffModelView):
    allow_create = True
    allow_edit = True
    column_list = ("id", "email", "name", "role", "tenant", "is_active", "locale", "last_login_at")
    column_searchable_list = ("email", "name")
    column_filters = ("role", "is_active", "tenant_id", "locale")
    column_sortable_list = ("id", "email", "name", "role", "last_login_at")
    column_default_sort = ("id", True)
    column_formatters = {
        "tenant": lambda _v, _c, m, _n: tenant_link(
            m.tenant_id, m.tenant.name if m.tenant else None
        ),
    }
    form_columns = (
        "email",
        "name",
        "role",
        "grant_platform_admin",
        "tenant",
        "is_active",
        "locale",
        "new_password",
    )
    form_extra_fields = {
        "grant_platform_admin": BooleanField(
            lazy("Grant platform-admin rights"),
            description=lazy(
                "Platform admins may change everything, for every tenant."
                " Tick this to make this person one."
            ),
        ),
        "new_password": PasswordField(
            lazy("New password"),
            validators=[Optional()],
            description=lazy("Leave empty to keep the current password."),
        ),
    }
    form_ajax_refs = {"tenant": {"fields": ("name", "slug"), "page_size": 20}}

    def validate_form(self, form: Form) -> bool:
        """Field errors instead of a database error: the role must fit the tenant, and
        making someone a platform admin needs its own tick."""
        valid = super().validate_form(form)
        if not valid or not hasattr(form, "role"):
            return valid
        role, tenant = form.role.data, form.tenant.data
        try:
            check_role_fits_tenant(role=role, tenant_id=tenant.id if tenant else None)
        except ValidationFailed as error:
            for name, message in error.fields.items():
                form[name].errors.append(t(message))
            return False
        if self._grants_platform_admin(role) and not form.grant_platform_admin.data:
            form.role.errors.append(
                t("To make someone a platform admin, also tick “Grant platform-admin rights”.")
            )
            return False
        return True

    def _grants_platform_admin(self, role: Role) -> bool:
        if role is not Role.PLATFORM_ADMIN:
            return False
        user_id = (
            request.args.get("id") if request.endpoint == f"{self.endpoint}.edit_view" else None
        )
        stored = self.get_one(user_id) if user_id else None
        return stored is None or stored.role is not Role.PLATFORM_ADMIN

    def on_model_change(self, form: Form, model: User, is_created: bool) -> None:
        model.email = normalize_email(model.email)
        if password := form.new_password.data:
            try:
                put_password(user=model, password=password)
            except ValidationFailed as error:
                raise ValidationError(_message(error)) from None
        role_before = _role_before(model)
        granted = role_before is not Role.PLATFORM_ADMIN and model.role is Role.PLATFORM_ADMIN
        if not is_created and _ends_sessions(model):
            model.auth_epoch = (model.auth_epoch or 0) + 1
        super().on_model_change(form, model, is_created)
        if granted:
            audit_model_write(
                session=staff_db(),
                action="user.platform_admin_granted",
                obj=model,
                before=None if role_before is None else {"role": role_before.value},
                after={"role": Role.PLATFORM_ADMIN.value},
            )


def _role_before(user: User) -> Role | None:
    """The stored role, before this request's form wrote into the row (None: a new user)."""
    state = inspect(user)
    if state.pending or state.transient:
        return None
    history = state.attrs["role"].history
    return history.deleted[0] if history.deleted else user.role


def _ends_sessions(user: User) -> bool:
    """Another role or a deactivation ends the user's sessions (a new password does too,
    in put_password)."""
    attrs = inspect(user).attrs
    return attrs["role"].history.has_changes() or (
        attrs["is_active"].history.has_changes() and not user.is_active
    )


def _plan_changed(cancellation_ends: date | None) -> Phrase:
    """The back office's word after a plan change: a customer's cancellation stands."""
    if cancellation_ends is None:
        return Phrase("The price plan was changed.")
    return Phrase(
        "The price plan was changed. The customer's cancellation stands: the subscription "
        "ends after {day}.",
        day=day(cancellation_ends),
    )
