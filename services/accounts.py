"""Tenants, users and logging in."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.catalogue import N_, Phrase
from core.passwords import hash_password, needs_rehash, verify_password
from models import PricePlan, Role, Tenant, User
from models.base import utcnow
from services.errors import AuthenticationFailed, Conflict, ValidationFailed, Wording
from services.plan_terms import assign_plan
from services.text_input import (
    EMAIL_LENGTH,
    NAME_LENGTH,
    PASSWORD_LENGTH,
    is_clean_text,
    text_errors,
    text_problem,
)

MIN_PASSWORD_LENGTH = 10
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
WRONG_CREDENTIALS = N_("E-mail address or password is wrong.")
ACCOUNT_DISABLED = N_("This account is disabled. Please contact your administrator.")


@dataclass(frozen=True)
class NewAccount:
    email: str
    name: str
    password: str


def normalize_email(email: str) -> str:
    return email.strip().lower()


def validate_account(account: NewAccount) -> dict[str, Wording]:
    return identity_errors(email=account.email, name=account.name) | password_errors(
        account.password
    )


def identity_errors(*, email: str, name: str) -> dict[str, Wording]:
    # Characters that cannot be stored come first: the checks below would pass them on.
    errors = text_errors({"email": (email, EMAIL_LENGTH), "name": (name, NAME_LENGTH)})
    if "email" not in errors and not _EMAIL.match(normalize_email(email)):
        errors["email"] = N_("Please enter a valid e-mail address.")
    if "name" not in errors and not name.strip():
        errors["name"] = N_("Please enter a name.")
    return errors


def password_errors(password: str) -> dict[str, Wording]:
    problem: Wording | None = text_problem(password, max_length=PASSWORD_LENGTH)
    if problem is None and len(password) < MIN_PASSWORD_LENGTH:
        problem = Phrase(
            "The password needs at least {count} characters.", count=MIN_PASSWORD_LENGTH
        )
    return {"password": problem} if problem else {}


def company_name_errors(company_name: str) -> dict[str, Wording]:
    problem = text_problem(company_name, max_length=NAME_LENGTH)
    if problem is None and not company_name.strip():
        problem = N_("Please enter your company's name.")
    return {"company_name": problem} if problem else {}


def check_role_fits_tenant(*, role: Role, tenant_id: int | None) -> None:
    """Staff belong to no tenant and customers to exactly one (the database's
    ck_users_staff_without_tenant says the same, but only as an error at commit)."""
    if role.is_staff and tenant_id is not None:
        raise ValidationFailed(
            {"tenant": N_("Staff (platform admin, support) belong to no tenant: leave it empty.")}
        )
    if not role.is_staff and tenant_id is None:
        raise ValidationFailed(
            {"tenant": N_("A customer account needs a tenant: please choose one.")}
        )


def create_tenant(
    *,
    session: Session,
    company_name: str,
    admin: NewAccount,
    locale: str = "de-AT",
    price_plan_code: str | None = None,
    created_at: datetime | None = None,
) -> tuple[Tenant, User]:
    """A new tenant with its first customer_admin, on `price_plan_code` from its creation
    (`created_at`, now by default). Needs a staff session (sign-up is public, so there is no
    tenant yet to scope by)."""
    errors = validate_account(admin) | company_name_errors(company_name)
    if errors:
        raise ValidationFailed(errors)
    _refuse_taken_email(session, admin.email)
    plan = None
    if price_plan_code:
        plan = session.scalars(select(PricePlan).where(PricePlan.code == price_plan_code)).one()
    tenant = Tenant(
        name=company_name.strip(),
        slug=_unique_slug(session, company_name),
        locale=locale,
        created_at=created_at or utcnow(),
    )
    session.add(tenant)
    session.flush()
    assign_plan(session=session, tenant=tenant, plan=plan, at=tenant.created_at)
    user = _new_user(admin, role=Role.CUSTOMER_ADMIN, tenant_id=tenant.id, locale=locale)
    session.add(user)
    session.flush()
    return tenant, user


def create_customer_user(
    *, session: Session, tenant_id: int, account: NewAccount, role: Role = Role.CUSTOMER_USER
) -> User:
    if role.is_staff:
        raise ValidationFailed({"role": "Customers cannot be given a staff role."})
    errors = validate_account(account)
    if errors:
        raise ValidationFailed(errors)
    _refuse_taken_email(session, account.email)
    user = _new_user(account, role=role, tenant_id=tenant_id)
    session.add(user)
    session.flush()
    return user


def create_staff_user(*, session: Session, account: NewAccount, role: Role) -> User:
    if not role.is_staff:
        raise ValidationFailed({"role": "Staff users are platform_admin or support."})
    errors = validate_account(account)
    if errors:
        raise ValidationFailed(errors)
    _refuse_taken_email(session, account.email)
    user = _new_user(account, role=role, tenant_id=None, locale="en-US")
    session.add(user)
    session.flush()
    return user


def authenticate(*, session: Session, email: str, password: str) -> User:
    """The user for these credentials, or AuthenticationFailed.

    Unknown address and wrong password give the same message and cost the same time (one
    argon2 verification either way). A hash made with older parameters is replaced here.
    Needs a staff session: at login nobody knows the tenant yet.
    """
    if not (
        is_clean_text(email, max_length=EMAIL_LENGTH)
        and is_clean_text(password, max_length=PASSWORD_LENGTH)
    ):
        # Nothing stored can match, and the database or argon2 would choke on it; still
        # one verification, so that the answer takes as long as any other wrong password.
        verify_password(None, "")
        raise AuthenticationFailed(WRONG_CREDENTIALS)
    user = session.scalars(select(User).where(User.email == normalize_email(email))).first()
    if not verify_password(user.password_hash if user else None, password) or user is None:
        raise AuthenticationFailed(WRONG_CREDENTIALS)
    if not user.is_active:
        raise AuthenticationFailed(ACCOUNT_DISABLED)
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    session.flush()
    return user


def set_password(*, session: Session, user: User, password: str) -> None:
    """A new password ends every other session of the user (auth epoch)."""
    put_password(user=user, password=password)
    session.flush()


def put_password(*, user: User, password: str) -> None:
    """set_password without the flush: for the back office's user form, which writes the
    password with the rest of the row and audits the row's changes before they are flushed."""
    errors = password_errors(password)
    if errors:
        raise ValidationFailed(errors)
    user.password_hash = hash_password(password)
    user.auth_epoch = (user.auth_epoch or 0) + 1  # a new user's is set when it is flushed


def _new_user(
    account: NewAccount, *, role: Role, tenant_id: int | None, locale: str = "de-AT"
) -> User:
    return User(
        email=normalize_email(account.email),
        name=account.name.strip(),
        password_hash=hash_password(account.password),
        role=role,
        tenant_id=tenant_id,
        locale=locale,
    )


def email_taken(session: Session, email: str) -> bool:
    """Whether a user logs in with this address — among those the session sees: a tenant
    session sees its own company's people only."""
    taken = session.scalars(select(User.id).where(User.email == normalize_email(email)))
    return taken.first() is not None


def _refuse_taken_email(session: Session, email: str) -> None:
    # A tenant session cannot see other tenants' users, so the uniqueness check runs on the
    # database's unique index too; this query gives the friendly message in the common case.
    if email_taken(session, email):
        raise Conflict(N_("An account with this e-mail address already exists."))


def _unique_slug(session: Session, name: str) -> str:
    base = slugify(name) or "tenant"
    taken = set(session.scalars(select(Tenant.slug).where(Tenant.slug.startswith(base))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def slugify(text: str) -> str:
    text = text.replace("ß", "ss")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60]
