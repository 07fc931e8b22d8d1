"""Text a database cannot store, that no keyboard types, or that is far too long: every portal
form names the field and saves nothing (issue 10, item 13). The rule is the services'
(services/text_input.py), so the API refuses the same text; see tests/api/test_bad_text.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from nicegui import ui
from nicegui.testing import User
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Bot, SupportTicket, Tenant
from tests.customer_ui.conftest import WAIT, LoginAs

CONTROL = "Please remove the invisible control characters from this text."
BROKEN = "This text contains a broken character. Please type it again."

BAD_TEXT = {
    "NUL": ("Emp\x00fang", CONTROL),
    "control character": ("Emp\x1bfang", CONTROL),
    "lone surrogate": ("Emp\ud800fang", BROKEN),
    # What a browser sends for a lone surrogate (customer_ui/text_fields.py).
    "replacement character": ("Emp\ufffdfang", BROKEN),
    "2 MB": ("x" * 2_000_000, None),  # each form's own "at most N characters"
}


@dataclass(frozen=True)
class Form:
    page: str
    kind: type
    field: str
    submit: str
    too_long: str
    fill: Callable[[User], None]
    count: Callable[[Session, Tenant], object]


FORMS = {
    "bot name": Form(
        "/bots/new",
        ui.input,
        "Name",
        "Create bot",
        "The name may have at most 120 characters.",
        lambda user: None,
        lambda db, tenant: db.scalar(
            select(func.count()).select_from(Bot).where(Bot.tenant_id == tenant.id)
        ),
    ),
    "ticket subject": Form(
        "/support",
        ui.input,
        "Subject",
        "Send ticket",
        "The subject may have at most 200 characters.",
        lambda user: user.find(kind=ui.textarea, content="Message").type("Hilfe, bitte."),
        lambda db, tenant: db.scalar(
            select(func.count())
            .select_from(SupportTicket)
            .where(SupportTicket.tenant_id == tenant.id)
        ),
    ),
    "company name": Form(
        "/settings",
        ui.input,
        "Company name",
        "Save company",
        "The name may have at most 200 characters.",
        lambda user: None,
        lambda db, tenant: db.get(Tenant, tenant.id).name,
    ),
}


@pytest.mark.parametrize("text", list(BAD_TEXT))
@pytest.mark.parametrize("form", list(FORMS))
async def test_text_that_cannot_be_stored_is_a_field_error_and_nothing_is_saved(
    login_as: LoginAs, user: User, staff_db: Session, tenant: Tenant, form: str, text: str
) -> None:
    spec = FORMS[form]
    value, message = BAD_TEXT[text]
    await login_as()
    before = spec.count(staff_db, tenant)
    await user.open(spec.page)
    spec.fill(user)
    field = next(
        e for e in user.find(kind=spec.kind).elements if e.props.get("label") == spec.field
    )
    field.value = value
    user.find(kind=ui.button, content=spec.submit).click()
    await user.should_see(spec.submit, retries=WAIT)
    assert field.error == (message or spec.too_long)
    await user.should_not_see("Sorry, something went wrong")
    staff_db.expire_all()
    assert spec.count(staff_db, tenant) == before
