"""Staff pages load their look from the back office alone: no request leaves for Google Fonts
(admin_app/theme.py says why)."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from models import User
from tests.admin_app.test_auth import log_in
from tests.factories import Factory


def stylesheets(page: str) -> list[str]:
    links = re.findall(r"<link[^>]*>", page)
    return [
        m.group(1)
        for link in links
        if "stylesheet" in link and (m := re.search(r'href="([^"]+)"', link))
    ]


def test_pages_link_only_our_own_stylesheets(
    client: FlaskClient, platform_admin: User, make: Factory
) -> None:
    login_page = client.get("/login").get_data(as_text=True)
    log_in(client, platform_admin.email, make.password)
    list_page = client.get("/admin/tenant/").get_data(as_text=True)

    for page in (login_page, list_page):
        links = stylesheets(page)
        assert "/theme.css" in links
        assert all(href.startswith("/") for href in links), links
        assert "googleapis" not in page

    theme = client.get("/theme.css")
    assert theme.status_code == 200
    assert theme.mimetype == "text/css"
    css = theme.get_data(as_text=True)
    assert "@import" not in css
    assert "googleapis" not in css
    assert ".navbar" in css  # still the whole theme
