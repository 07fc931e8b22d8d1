"""Billing address and VAT id: administrators only, the whole address or none, a VAT id of
the chosen country; the next invoice run makes out the invoice to what was saved."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models import AuditEvent, Role, User
from models.scoping import tenant_session
from services.billing_details import BillingDetails, update_billing_details
from services.errors import ValidationFailed
from services.permissions import NotAllowed
from tests.factories import Factory

MUNICH = BillingDetails("Marienplatz 1", "80331", "München", "DE", "de 123 456 789")


@pytest.mark.parametrize(
    ("wanted", "refused"),
    [
        (BillingDetails("Ring 1", "", "", "AT", ""), {"postal_code", "city"}),
        (BillingDetails("Ring 1", "1010", "Wien", "XX", ""), {"country"}),
        (BillingDetails("Ring 1", "10!0", "Wien", "AT", ""), {"postal_code"}),
        (BillingDetails("Ring 1", "1010", "Wien", "AT", "DE123456789"), {"vat_id"}),
        (BillingDetails("Ring 1", "1010", "Wien", "CH", "CHE123456789"), {"vat_id"}),
        (BillingDetails("Ring\u00001", "1010", "Wien", "AT", ""), {"street"}),
    ],
)
def test_wrong_details_are_refused_field_by_field(
    make: Factory, session_factory: sessionmaker[Session], wanted: BillingDetails, refused: set
) -> None:
    tenant = make.tenant()
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
    with (
        tenant_session(session_factory, tenant.id) as db,
        pytest.raises(ValidationFailed) as error,
    ):
        update_billing_details(session=db, actor=db.get_one(User, admin.id), wanted=wanted)
    assert set(error.value.fields) == refused


def test_an_administrator_saves_them_and_only_an_administrator(
    make: Factory, session_factory: sessionmaker[Session]
) -> None:
    tenant = make.tenant()
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
    member = make.user(tenant, role=Role.CUSTOMER_USER)
    with tenant_session(session_factory, tenant.id) as db:
        with pytest.raises(NotAllowed):
            update_billing_details(session=db, actor=db.get_one(User, member.id), wanted=MUNICH)
        saved = update_billing_details(session=db, actor=db.get_one(User, admin.id), wanted=MUNICH)
        assert (saved.billing_street, saved.billing_postal_code, saved.billing_city) == (
            "Marienplatz 1",
            "80331",
            "München",
        )
        assert (saved.country, saved.vat_id) == ("DE", "DE123456789")
        audit = db.scalars(
            select(AuditEvent).where(AuditEvent.action == "tenant.billing_details_updated")
        ).one()
        assert audit.tenant_id == tenant.id and audit.after["vat_id"] == "DE123456789"
