"""Every back-office edit form gives back what it was given.

For each registered view that edits rows, a row with values away from the defaults is opened
in its edit form, and the form is posted exactly as a browser would send it untouched
(tests/admin_app/browser_forms.py). The row must come back unchanged, column by column.
A form that shows a stored value wrongly (an enum select with nothing selected shows its first
option) changes the row here. A view that edits rows but has no sample below fails
`test_every_editable_view_has_samples` until someone adds one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_admin.contrib.sqla import ModelView
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from models import (
    AuditEvent,
    Bot,
    BotLanguage,
    BotStatus,
    PricePlan,
    Role,
    Tenant,
    TenantStatus,
    User,
)
from tests.admin_app.browser_forms import submitted_fields
from tests.factories import Factory

Sample = Callable[[Factory], Any]


def _plan(make: Factory) -> PricePlan:
    plan = PricePlan(
        code="profi",
        name="Profi",
        currency="EUR",
        monthly_fee_cents=4900,
        included_minutes=300,
        per_minute_cents=9,
        number_monthly_fee_cents=300,
        is_active=False,
    )
    make.session.add(plan)
    make.session.flush()
    return plan


def _tenant(make: Factory) -> Tenant:
    return make.tenant(
        name="Salon Schönhaar & Co",
        billing_email="buchhaltung@schoenhaar.example.at",
        locale="en-US",
        country="DE",
        status=TenantStatus.PAST_DUE,
        max_concurrent_calls=2,
    )


def _user(role: Role, **kw: Any) -> Sample:
    def build(make: Factory) -> User:
        tenant = None if role.is_staff else make.tenant()
        return make.user(tenant, role=role, locale="en-US", name="Anna <Ä> Müller", **kw)

    return build


def _bot(make: Factory) -> Bot:
    return make.bot(
        make.tenant(),
        name="Rezeption",
        status=BotStatus.LIVE,
        language=BotLanguage.EN_US,
        instructions="Sei freundlich.\nSag nie 'Tschüss'.",
        handover_number="+4315123456",
        voice="de-female",
        stt_engine="google",
        tts_engine="elevenlabs",
        dialogue_engine="llm",
        max_call_seconds=300,
        silence_timeout_seconds=9,
        faq=[{"question": "Parken?", "answer": "Im Hof."}],
    )


# Per model: the rows each edit form must give back unchanged.
SAMPLES: dict[type, dict[str, Sample]] = {
    Tenant: {"tenant": _tenant},
    User: {
        "platform_admin": _user(Role.PLATFORM_ADMIN),
        "support": _user(Role.SUPPORT),
        "customer_admin": _user(Role.CUSTOMER_ADMIN),
        "customer_user_inactive": _user(Role.CUSTOMER_USER, is_active=False),
    },
    Bot: {"bot": _bot},
    PricePlan: {"inactive_plan": _plan},
}
CASES = [(model, name) for model, samples in SAMPLES.items() for name in samples]


def editable_views(app: Flask) -> list[ModelView]:
    admin = app.extensions["admin"][0]
    return [view for view in admin._views if isinstance(view, ModelView) and view.allow_edit]


def row_values(session: Session, row: Any) -> dict[str, Any]:
    session.expire_all()
    fresh = session.get(type(row), row.id)
    columns = inspect(type(row)).column_attrs
    return {c.key: getattr(fresh, c.key) for c in columns if c.key != "updated_at"}


def test_every_editable_view_has_samples(app: Flask) -> None:
    missing = [view.endpoint for view in editable_views(app) if view.model not in SAMPLES]
    assert not missing, f"add rows for these edit forms to SAMPLES: {missing}"


@pytest.mark.parametrize(("model", "case"), CASES, ids=[case for _, case in CASES])
def test_an_untouched_edit_form_changes_nothing(
    app: Flask, as_admin: FlaskClient, make: Factory, staff_db: Session, model: type, case: str
) -> None:
    views = [view for view in editable_views(app) if view.model is model]
    assert views, f"no registered view edits {model.__name__}"
    row = SAMPLES[model][case](make)
    staff_db.commit()
    before = row_values(staff_db, row)
    audit_count = len(staff_db.scalars(select(AuditEvent.id)).all())

    for view in views:
        url = f"/admin/{view.endpoint}/edit/?id={row.id}"
        page = as_admin.get(url)
        assert page.status_code == 200
        answer = as_admin.post(url, data=MultiDict(submitted_fields(page.get_data(as_text=True))))
        assert answer.status_code == 302, answer.get_data(as_text=True)[-3000:]
        assert row_values(staff_db, row) == before, f"{view.endpoint} changed the row"
    assert len(staff_db.scalars(select(AuditEvent.id)).all()) == audit_count
