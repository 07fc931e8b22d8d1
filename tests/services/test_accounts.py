"""Tenants, users and authentication."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Role, Tenant, User
from services.accounts import (
    ACCOUNT_DISABLED,
    WRONG_CREDENTIALS,
    NewAccount,
    authenticate,
    create_staff_user,
    create_tenant,
    set_password,
)
from services.errors import AuthenticationFailed, Conflict, ValidationFailed
from tests.factories import Factory

ANNA = NewAccount(email=" Anna@Friseur-Wien.AT ", name="Anna Huber", password="Haarschnitt-2026")


def test_create_tenant_with_first_admin(staff_db: Session) -> None:
    tenant, admin = create_tenant(session=staff_db, company_name="Friseur Wien Mitte", admin=ANNA)
    assert tenant.slug == "friseur-wien-mitte"
    assert admin.role is Role.CUSTOMER_ADMIN and admin.tenant_id == tenant.id
    assert admin.email == "anna@friseur-wien.at"
    assert admin.password_hash != ANNA.password


def test_slugs_stay_unique_and_ascii(staff_db: Session) -> None:
    first, _ = create_tenant(session=staff_db, company_name="Bäckerei Groß", admin=ANNA)
    other = NewAccount(email="b@example.at", name="B", password="0123456789")
    second, _ = create_tenant(session=staff_db, company_name="Bäckerei Groß", admin=other)
    assert (first.slug, second.slug) == ("backerei-gross", "backerei-gross-2")


def test_taken_email_is_a_conflict(staff_db: Session) -> None:
    create_tenant(session=staff_db, company_name="One", admin=ANNA)
    with pytest.raises(Conflict):
        create_tenant(session=staff_db, company_name="Two", admin=ANNA)


def test_invalid_input_names_every_field(staff_db: Session) -> None:
    with pytest.raises(ValidationFailed) as error:
        create_tenant(
            session=staff_db,
            company_name=" ",
            admin=NewAccount(email="not-an-email", name="", password="short"),
        )
    assert set(error.value.fields) == {"company_name", "email", "name", "password"}


def test_staff_user_has_no_tenant(staff_db: Session) -> None:
    staff = create_staff_user(
        session=staff_db,
        account=NewAccount(email="ops@voiceagent.at", name="Ops", password="0123456789"),
        role=Role.SUPPORT,
    )
    assert staff.tenant_id is None and staff.is_staff
    with pytest.raises(ValidationFailed):
        create_staff_user(session=staff_db, account=ANNA, role=Role.CUSTOMER_ADMIN)


@pytest.mark.parametrize(
    ("role", "with_tenant"),
    [(Role.SUPPORT, True), (Role.PLATFORM_ADMIN, True), (Role.CUSTOMER_USER, False)],
)
def test_database_refuses_staff_with_tenant_and_customers_without(
    staff_db: Session, make: Factory, role: Role, with_tenant: bool
) -> None:
    tenant = make.tenant()
    staff_db.add(
        User(
            email="x@example.at", name="X", role=role, tenant_id=tenant.id if with_tenant else None
        )
    )
    with pytest.raises(IntegrityError):
        staff_db.flush()


def test_authenticate(staff_db: Session) -> None:
    _, admin = create_tenant(session=staff_db, company_name="Salon", admin=ANNA)
    assert (
        authenticate(session=staff_db, email="ANNA@friseur-wien.at", password=ANNA.password)
        is admin
    )
    assert admin.last_login_at is not None


def test_unknown_email_and_wrong_password_look_the_same(staff_db: Session) -> None:
    create_tenant(session=staff_db, company_name="Salon", admin=ANNA)
    with pytest.raises(AuthenticationFailed) as wrong_password:
        authenticate(session=staff_db, email=ANNA.email, password="wrong-password")
    with pytest.raises(AuthenticationFailed) as unknown:
        authenticate(session=staff_db, email="nobody@example.at", password="wrong-password")
    assert str(wrong_password.value) == str(unknown.value) == WRONG_CREDENTIALS


def test_disabled_account_is_refused(staff_db: Session) -> None:
    _, admin = create_tenant(session=staff_db, company_name="Salon", admin=ANNA)
    admin.is_active = False
    with pytest.raises(AuthenticationFailed, match=ACCOUNT_DISABLED):
        authenticate(session=staff_db, email=ANNA.email, password=ANNA.password)


def test_weak_hash_is_upgraded_at_login(staff_db: Session) -> None:
    _, admin = create_tenant(session=staff_db, company_name="Salon", admin=ANNA)
    admin.password_hash = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(
        ANNA.password
    )
    weak = admin.password_hash
    authenticate(session=staff_db, email=ANNA.email, password=ANNA.password)
    assert admin.password_hash != weak and "m=65536" in admin.password_hash


def test_new_password_bumps_the_auth_epoch(staff_db: Session) -> None:
    _, admin = create_tenant(session=staff_db, company_name="Salon", admin=ANNA)
    set_password(session=staff_db, user=admin, password="ein-neues-Passwort")
    assert admin.auth_epoch == 1
    assert authenticate(session=staff_db, email=ANNA.email, password="ein-neues-Passwort") is admin


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        (field, bad)
        for field in ("company_name", "name", "email", "password")
        for bad in ("Null\x00Byte-12345", "Halb\ud800Zeichen-123", "x" * 2_000_000)
    ],
)
def test_sign_up_refuses_text_that_cannot_be_stored(
    staff_db: Session, field: str, bad: str
) -> None:
    values = {
        "company_name": "Firma Sauber",
        "name": "Anna Huber",
        "email": "anna@sauber.example.at",
        "password": "Haarschnitt-2026",
    }
    values[field] = bad
    tenants_before = staff_db.scalar(select(func.count()).select_from(Tenant))
    with pytest.raises(ValidationFailed) as error:
        create_tenant(
            session=staff_db,
            company_name=values["company_name"],
            admin=NewAccount(
                email=values["email"], name=values["name"], password=values["password"]
            ),
        )
    assert set(error.value.fields) == {field}
    assert staff_db.scalar(select(func.count()).select_from(Tenant)) == tenants_before


@pytest.mark.parametrize(
    ("email", "password"),
    [("anna\x00@example.at", "Haarschnitt-2026"), ("anna@example.at", "pass\ud800word-123")],
)
def test_unstorable_login_input_is_a_wrong_login(
    staff_db: Session, email: str, password: str
) -> None:
    with pytest.raises(AuthenticationFailed, match=WRONG_CREDENTIALS):
        authenticate(session=staff_db, email=email, password=password)
