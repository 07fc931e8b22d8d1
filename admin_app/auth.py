"""Logging staff in and out: Flask-Login on top of services.accounts and the Redis throttle.

The session cookie carries "<user id>:<auth epoch>" (services.staff_sessions), so a password
or role change, a deactivation or "log out everywhere" ends every other session. Flask's
signed cookie is refused once it is older than PERMANENT_SESSION_LIFETIME, and it is re-signed
on every request: that is the idle timeout, enforced on the server.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user
from flask_login import logout_user as flask_logout_user
from werkzeug.wrappers import Response

from admin_app.database import db, staff_db
from admin_app.i18n import t
from core.passwords import verify_password
from models import Role, User
from services import accounts
from services.audit import record_audit
from services.errors import AuthenticationFailed, ValidationFailed
from services.login_throttle import LOCKED_MESSAGE, LoginThrottle
from services.staff_sessions import end_all_sessions, session_token, staff_user_for_token

bp = Blueprint("auth", __name__)
login_manager = LoginManager()


class StaffMember(UserMixin):
    """The logged-in staff member as Flask-Login sees them; `.user` is the model row."""

    def __init__(self, user: User) -> None:
        self.user = user

    def get_id(self) -> str:
        return session_token(self.user)

    @property
    def role(self) -> Role:
        return self.user.role

    @property
    def email(self) -> str:
        return self.user.email

    @property
    def name(self) -> str:
        return self.user.name

    @property
    def locale(self) -> str:
        return self.user.locale


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = None  # the auth epoch does this job, across devices
    app.register_blueprint(bp)


@login_manager.user_loader
def load_staff_member(token: str) -> StaffMember | None:
    user = staff_user_for_token(session=staff_db(), token=token)
    return StaffMember(user) if user else None


@login_manager.unauthorized_handler
def send_to_login() -> Response:
    flash(t("Please log in to continue."), "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def throttle() -> LoginThrottle:
    return LoginThrottle(current_app.extensions["voiceagent.redis"])


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    if request.method == "GET":
        return render_login()
    email = request.form.get("email", "").strip()
    password = request.form.get("password", "")
    # The client's address behind TRUSTED_PROXY_HOPS, by core.client_address like the
    # portal (admin_app/proxies.py sets it for the whole request).
    ip_address = request.remote_addr
    # Counted before the password is checked, so parallel guesses cannot outrun the limit.
    if throttle().admit(email=email, ip_address=ip_address):
        return render_login(error=t(LOCKED_MESSAGE), email=email, status=429)
    try:
        user = accounts.authenticate(session=staff_db(), email=email, password=password)
    except AuthenticationFailed as failure:
        db.session.rollback()
        return render_login(error=t(str(failure)), email=email, status=401)
    throttle().record_success(email=email, ip_address=ip_address)
    if not user.is_staff:
        db.session.rollback()
        return render_login(customer=True, email=email, status=403)
    db.session.commit()  # last login time, and a password hash upgraded to today's parameters
    start_session(user)
    return redirect(safe_next(request.args.get("next")))


def render_login(
    *, error: str | None = None, customer: bool = False, email: str = "", status: int = 200
) -> tuple[str, int]:
    portal_url = current_app.config["VOICEAGENT_SETTINGS"].portal_base_url
    page = render_template(
        "auth/login.html", error=error, customer=customer, email=email, portal_url=portal_url
    )
    return page, status


def start_session(user: User) -> None:
    """A fresh session: nothing from before the login survives into it."""
    session.clear()
    login_user(StaffMember(user))
    session.permanent = True


def safe_next(target: str | None) -> str:
    """Only a path on this site: `next` must not send a staff member elsewhere."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/"):
            return target
    return url_for("admin.index")


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    end_browser_session()
    flash(t("You have been logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/logout-everywhere", methods=["POST"])
@login_required
def logout_everywhere() -> Response:
    user = current_user.user
    end_all_sessions(session=staff_db(), user=user, actor=user, ip_address=request.remote_addr)
    db.session.commit()
    end_browser_session()
    flash(t("You have been logged out on every device."), "info")
    return redirect(url_for("auth.login"))


def end_browser_session() -> None:
    flask_logout_user()
    session.clear()


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account() -> Response | str | tuple[str, int]:
    if request.method == "GET":
        return render_template("auth/account.html", errors={})
    if request.form.get("form") == "language":
        return change_language()
    return change_password()


def change_password() -> Response | tuple[str, int]:
    user = current_user.user
    errors = {}
    current = request.form.get("current_password", "")
    new = request.form.get("new_password", "")
    if not verify_password(user.password_hash, current):
        errors["current_password"] = t("The current password is wrong.")
    elif new != request.form.get("repeat_password", ""):
        errors["repeat_password"] = t("The two new passwords differ.")
    else:
        try:
            accounts.set_password(session=staff_db(), user=user, password=new)
        except ValidationFailed as invalid:
            errors["new_password"] = t(invalid.fields["password"])
    if errors:
        db.session.rollback()
        return render_template("auth/account.html", errors=errors), 400
    record_audit(
        session=staff_db(),
        actor=user,
        action="user.password_changed",
        entity_type="User",
        entity_id=user.id,
        ip_address=request.remote_addr,
    )
    db.session.commit()
    start_session(user)  # this browser carries on under the new epoch; the others are out
    flash(t("Your password was changed. Every other session has been ended."), "success")
    return redirect(url_for("auth.account"))


def change_language() -> Response:
    user = current_user.user
    locale = request.form.get("locale")
    if locale in ("de-AT", "en-US") and locale != user.locale:
        record_audit(
            session=staff_db(),
            actor=user,
            action="user.locale_changed",
            entity_type="User",
            entity_id=user.id,
            before={"locale": user.locale},
            after={"locale": locale},
            ip_address=request.remote_addr,
        )
        user.locale = locale
        db.session.commit()
    flash(t("Your language was saved."), "success")
    return redirect(url_for("auth.account"))
