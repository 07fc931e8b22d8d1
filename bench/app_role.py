"""The benches serve as the application role, as production does, so row-level security's
cost is in their figures; `--superuser` serves as the owner instead (policies bypassed) for
a figure without it."""

from __future__ import annotations

import os
from contextlib import suppress

import psycopg
from psycopg import errors, sql
from sqlalchemy import make_url

APP_ROLE = os.environ.get("BENCH_APP_ROLE", "voiceagent_bench_app")


def application_url(owner_url: str, admin_dsn: str) -> str:
    """`owner_url` with the bench's application role (created once, no password: the benches
    run on a trust-authenticated local PostgreSQL)."""
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        role = sql.Identifier(APP_ROLE)
        with suppress(errors.DuplicateObject, errors.UniqueViolation):
            admin.execute(sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS").format(role))
    url = make_url(owner_url).set(username=APP_ROLE, password=None)
    return url.render_as_string(hide_password=False)
