"""The customer's billing address and VAT id (UID): whom our invoices are made out to.

An administrator enters them under Settings. The address is all or nothing (street, postal
code and town); the VAT id is optional, must fit the country's format (services/vat.py),
and makes an EU business outside Austria a reverse-charge customer from the next invoice
on. Invoices already issued keep the details they were issued with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from core.catalogue import N_
from models import Tenant, User
from services.audit import record_audit
from services.countries import COUNTRY_NAMES
from services.errors import ValidationFailed
from services.permissions import Action, require
from services.tenant_settings import own_tenant
from services.text_input import text_errors
from services.vat import normalise_vat_id, vat_id_problem

MAX_STREET, MAX_POSTAL_CODE, MAX_CITY, MAX_VAT_ID = 200, 20, 100, 20
_POSTAL_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 \-]{1,11}")


@dataclass(frozen=True)
class BillingDetails:
    street: str
    postal_code: str
    city: str
    country: str
    vat_id: str


def billing_details(tenant: Tenant) -> BillingDetails:
    return BillingDetails(
        street=tenant.billing_street or "",
        postal_code=tenant.billing_postal_code or "",
        city=tenant.billing_city or "",
        country=tenant.country,
        vat_id=tenant.vat_id or "",
    )


def update_billing_details(*, session: Session, actor: User, wanted: BillingDetails) -> Tenant:
    """Store the session tenant's billing details, or raise ValidationFailed naming each
    field that is wrong (messages are catalogue ids)."""
    require(actor, Action.BILLING)
    details = _cleaned(wanted)
    tenant = own_tenant(session=session)
    before = billing_details(tenant)
    tenant.billing_street = details.street or None
    tenant.billing_postal_code = details.postal_code or None
    tenant.billing_city = details.city or None
    tenant.country = details.country
    tenant.vat_id = details.vat_id or None
    session.flush()
    record_audit(
        session=session,
        actor=actor,
        action="tenant.billing_details_updated",
        entity_type="Tenant",
        entity_id=tenant.id,
        tenant_id=tenant.id,
        before=before.__dict__,
        after=details.__dict__,
    )
    return tenant


def _cleaned(wanted: BillingDetails) -> BillingDetails:
    details = BillingDetails(
        street=wanted.street.strip(),
        postal_code=wanted.postal_code.strip(),
        city=wanted.city.strip(),
        country=wanted.country,
        vat_id=normalise_vat_id(wanted.vat_id),
    )
    errors = text_errors(
        {
            "street": (details.street, MAX_STREET),
            "postal_code": (details.postal_code, MAX_POSTAL_CODE),
            "city": (details.city, MAX_CITY),
            "vat_id": (wanted.vat_id, MAX_VAT_ID + 10),  # room for spaces and dashes
        }
    )
    if details.country not in COUNTRY_NAMES:
        errors["country"] = N_("Please choose a country.")
    address = (details.street, details.postal_code, details.city)
    if any(address):
        for name, value in zip(("street", "postal_code", "city"), address, strict=True):
            if not value:
                errors.setdefault(name, N_("Please fill in the whole address."))
    if details.postal_code and not _POSTAL_CODE.fullmatch(details.postal_code):
        errors.setdefault("postal_code", N_("Please enter a postal code (e.g. 1060)."))
    if details.vat_id and "country" not in errors:
        problem = vat_id_problem(details.vat_id, details.country)
        if problem:
            errors.setdefault("vat_id", problem)
    if errors:
        raise ValidationFailed(errors)
    return details
