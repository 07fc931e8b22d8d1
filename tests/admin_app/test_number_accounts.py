"""The back office's number list says which Twilio account each number lives in, in words:
ours, or the customer's own (services/number_moves.py)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import Session

from core.settings import Settings
from tests.admin_app.test_numbers import reader
from tests.factories import Factory

OWN = "AC" + "ab" * 16


def test_the_number_list_names_each_numbers_account(
    app: Flask, make: Factory, staff_db: Session, settings: Settings
) -> None:
    tenant = make.tenant()
    make.twilio_account(tenant, OWN, "cd" * 16, settings=settings)
    make.phone_number(
        tenant, e164="+4315550101", provider="twilio", provider_account="AC" + "9" * 32
    )
    make.phone_number(tenant, e164="+4315550102", provider="twilio", provider_account=OWN)
    client = reader(app, make, staff_db, "de-AT")
    page = client.get("/admin/phonenumber/").get_data(as_text=True)
    assert "Plattform-Konto" in page and "Eigenes Konto des Kunden" in page
    assert OWN not in page  # the account's id is not what staff need to read
