"""The staff back office: Flask + Flask-Admin for platform_admin and support.

`create_app(settings)` wires each part in turn — database, login, CSRF, languages, the
Flask-Admin views — and builds the shared clients (Redis, the credential cipher) once.
Nothing happens at import time.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import redis
from flask import Flask, redirect, url_for
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from admin_app import auth, display, errors, i18n, job_dashboard, numbers, observability, theme
from admin_app.database import db
from admin_app.proxies import behind_proxies
from admin_app.views import register_views
from admin_app.views.home import HomeView
from core.encryption import CredentialCipher
from core.settings import PROJECT_ROOT, Settings, load_settings
from jobs.on_commit import enqueue_on_commit

IDLE_TIMEOUT = timedelta(minutes=30)
csrf = CSRFProtect()
migrate = Migrate()


def create_app(settings: Settings | None = None, **config: Any) -> Flask:
    """The back-office app. `config` overrides Flask settings (tests pass DATABASE_BIND)."""
    settings = settings or load_settings()
    if settings.redis_url is None:
        raise RuntimeError(
            "REDIS_URL is not set: the back office counts failed logins in Redis. "
            "Set it, or start everything with `voiceagent dev`."
        )
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key.get_secret_value(),
        SQLALCHEMY_DATABASE_URI=settings.database_url,
        SESSION_COOKIE_NAME="voiceagent_admin",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.public_base_url.startswith("https://"),
        PERMANENT_SESSION_LIFETIME=IDLE_TIMEOUT,
        SESSION_REFRESH_EACH_REQUEST=True,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session, no shorter
        VOICEAGENT_SETTINGS=settings,
    )
    app.config.update(config)
    app.extensions["voiceagent.redis"] = redis.Redis.from_url(settings.redis_url)
    enqueue_on_commit(db.session, redis=app.extensions["voiceagent.redis"], settings=settings)
    app.extensions["voiceagent.cipher"] = CredentialCipher.from_settings(settings)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    i18n.init_app(app)
    display.init_app(app)
    numbers.init_app(app)
    auth.init_app(app)
    errors.init_app(app)
    theme.init_app(app)
    job_dashboard.init_app(app, settings)
    observability.init_app(app, settings)

    admin = Admin(
        app,
        name="VoiceAgent",
        url="/admin",
        index_view=HomeView(name=i18n.lazy("Home"), url="/admin"),
        theme=Bootstrap4Theme(
            base_template="admin/staff_base.html", swatch=theme.SWATCH, fluid=True
        ),
    )
    register_views(admin)
    app.add_url_rule("/", "root", lambda: redirect(url_for("admin.index")))
    # The client's address and scheme behind TRUSTED_PROXY_HOPS (core.client_address).
    app.wsgi_app = behind_proxies(app.wsgi_app, settings.trusted_proxy_hops)  # type: ignore[method-assign,assignment]
    return app
