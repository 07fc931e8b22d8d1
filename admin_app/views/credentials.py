"""External-service credentials: add, replace, delete — platform-wide or for one tenant.

Values are only ever shown masked (services.credentials.list_credentials); there is no
export and no detail page, and services.credentials audits every change.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from admin_app.access import PLATFORM_ADMIN_ONLY, RoleAccess
from admin_app.database import db, staff_db
from admin_app.i18n import t
from admin_app.request_values import row_id
from models import ApiKey, Provider, Tenant
from services.credentials import API_KEY, delete_credential, list_credentials, store_credential
from services.errors import DomainError, ValidationFailed
from services.platform_keys import STRIPE_KEYS, TWILIO_SID, TWILIO_TOKEN

# The names a stored key is read under: the engines' API key, the platform's own Stripe and
# Twilio keys (services/platform_keys.py). Staff choose one; a typed name nothing reads would
# be stored and never used.
KEY_NAMES = (API_KEY, *STRIPE_KEYS, TWILIO_SID, TWILIO_TOKEN)


class CredentialsView(RoleAccess, BaseView):
    read_roles = PLATFORM_ADMIN_ONLY
    write_roles = PLATFORM_ADMIN_ONLY

    @expose("/")
    def index(self) -> str:
        tenant_ids = db.session.scalars(
            select(ApiKey.tenant_id).where(ApiKey.tenant_id.is_not(None)).distinct()
        ).all()
        tenants = {
            tenant.id: tenant
            for tenant in db.session.scalars(select(Tenant).where(Tenant.id.in_(tenant_ids)))
        }
        groups = [(None, list_credentials(session=staff_db()))] + [
            (tenants[tenant_id], list_credentials(session=staff_db(), tenant_id=tenant_id))
            for tenant_id in sorted(tenants)
        ]
        return self.render(
            "admin/credentials.html",
            groups=groups,
            providers=list(Provider),
            key_names=KEY_NAMES,
            errors={},
        )

    @expose("/save/", methods=["POST"])
    def save(self) -> Response:
        form = request.form
        try:
            provider = Provider(form.get("provider", ""))
        except ValueError:
            flash(t("Please choose a provider."), "error")
            return redirect(url_for(".index"))
        tenant_id = form.get("tenant_id", type=row_id)
        if tenant_id is not None and db.session.get(Tenant, tenant_id) is None:
            flash(t("This tenant does not exist."), "error")
            return redirect(url_for(".index"))
        try:
            store_credential(
                session=staff_db(),
                cipher=current_app.extensions["voiceagent.cipher"],
                provider=provider,
                value=form.get("value", ""),
                name=(form.get("name") or "api_key").strip()[:60],
                tenant_id=tenant_id,
                actor=current_user.user,
            )
        except ValidationFailed as error:
            db.session.rollback()
            flash(" ".join(t(message) for message in error.fields.values()), "error")
            return redirect(url_for(".index"))
        db.session.commit()
        flash(t("The credential was saved."), "success")
        return redirect(url_for(".index"))

    @expose("/delete/", methods=["POST"])
    def delete(self) -> Response:
        try:
            delete_credential(
                session=staff_db(),
                credential_id=request.form.get("id", type=row_id) or 0,
                actor=current_user.user,
            )
        except DomainError:
            db.session.rollback()
            flash(t("This credential does not exist."), "error")
            return redirect(url_for(".index"))
        db.session.commit()
        flash(t("The credential was deleted."), "success")
        return redirect(url_for(".index"))
