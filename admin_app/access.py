"""Who may do what in the back office.

Every view says which roles may read it and which may write through it; the checks here are
the one place that turns that into answers: anonymous → the login page, a logged-in staff
member without the right → 403.
"""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from models import Role

EVERY_STAFF_ROLE = frozenset({Role.PLATFORM_ADMIN, Role.SUPPORT})
PLATFORM_ADMIN_ONLY = frozenset({Role.PLATFORM_ADMIN})


def current_role() -> Role | None:
    return current_user.role if current_user.is_authenticated else None


def has_role(roles: frozenset[Role]) -> bool:
    return current_role() in roles


def refuse() -> Response:
    """Anonymous visitors are sent to log in; staff without the right get 403."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    abort(403)


class RoleAccess:
    """Mixin for Flask-Admin views: `read_roles` may open the view, `write_roles` may change
    data through it (create, edit, delete, actions, and the view's own POST endpoints)."""

    read_roles: frozenset[Role] = EVERY_STAFF_ROLE
    write_roles: frozenset[Role] = PLATFORM_ADMIN_ONLY

    def is_accessible(self) -> bool:
        return has_role(self.read_roles)

    def is_writer(self) -> bool:
        return has_role(self.write_roles)

    def inaccessible_callback(self, name: str, **kwargs: object) -> Response:
        return refuse()

    def _handle_view(self, name: str, **kwargs: Any) -> Any:
        refused = super()._handle_view(name, **kwargs)  # type: ignore[misc]
        if refused is not None:
            return refused
        if not self.may(name):
            abort(403)
        return None

    def may(self, name: str) -> bool:
        """May the current user call view method `name`? Reading roles may GET; every POST
        changes something and needs a writing role."""
        return request.method != "POST" or self.is_writer()
