"""rq-dashboard under /admin/rq, for platform admins only.

rq-dashboard is a Flask blueprint shared by every app that mounts it, so nothing is added to
the blueprint itself: one app-level check runs before each of its requests (anonymous → the
login page, anyone but a platform admin → 403), and its jQuery POSTs (delete, requeue, empty)
carry the back office's CSRF token through a footer template of ours. Our jobs are stored with
RQ's JSON serializer (jobs/queues.py); the dashboard is told so, or it could not read them.
"""

from __future__ import annotations

import rq_dashboard
import rq_dashboard.web
from flask import Flask, abort, request
from flask_admin import Admin
from flask_admin.menu import MenuLink
from rq.exceptions import NoSuchJobError
from rq.serializers import JSONSerializer
from werkzeug.wrappers import Response

from admin_app import errors
from admin_app.access import PLATFORM_ADMIN_ONLY, has_role, refuse
from admin_app.i18n import lazy, t
from core.settings import Settings

URL_PREFIX = "/admin/rq"
BLUEPRINT = rq_dashboard.blueprint.name


def init_app(app: Flask, settings: Settings) -> None:
    app.config["RQ_DASHBOARD_REDIS_URL"] = settings.redis_url
    rq_dashboard.web.config.serializer = JSONSerializer
    rq_dashboard.web.setup_rq_connection(app)
    app.before_request(platform_admins_only)
    app.register_error_handler(NoSuchJobError, job_gone)
    app.register_blueprint(rq_dashboard.blueprint, url_prefix=URL_PREFIX)


def platform_admins_only() -> Response | None:
    if request.blueprint != BLUEPRINT:
        return None
    if not has_role(PLATFORM_ADMIN_ONLY):
        return refuse()
    if request.endpoint == f"{BLUEPRINT}.requeue_all" and request.method != "POST":
        abort(405)  # it changes jobs: never on a GET a link or an image could trigger
    return None


def job_gone(_error: NoSuchJobError) -> tuple[str, int]:
    return errors.page(t("This job no longer exists."), 404)


class DashboardLink(MenuLink):
    def is_accessible(self) -> bool:
        return has_role(PLATFORM_ADMIN_ONLY)


def add_menu_link(admin: Admin, category: object) -> None:
    admin.add_link(DashboardLink(name=lazy("Job queues"), url=f"{URL_PREFIX}/", category=category))
