"""The data processing agreement (Art. 28) as a PDF, read back with pypdf: both parties, the
version and the acceptance, in German and English; a company from before it accepts it once,
audited."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.settings import Settings
from models import AuditEvent, Role
from models.scoping import tenant_session
from services.legal_documents import DPA_VERSION
from services.permissions import NotAllowed
from services.processing_agreement import accept_processing_agreement, processing_agreement_pdf
from services.seller import Seller
from tests.factories import Factory


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        (
            "de-AT",
            [
                "Auftragsverarbeitung",
                "Verantwortlicher",
                "Auftragsverarbeiter",
                "Angenommen am 03.11.2026",
            ],
        ),
        (
            "en-US",
            ["Data processing agreement", "Controller", "Processor", "Accepted on 03.11.2026"],
        ),
    ],
)
def test_the_pdf_names_the_parties_and_the_version(
    locale: str, words: list[str], make: Factory, settings: Settings
) -> None:
    tenant = make.tenant(
        name="Salon Schönhaar GmbH",
        billing_city="Wien",
        dpa_version=DPA_VERSION,
        dpa_accepted_at=datetime(2026, 11, 3, 9, 30, tzinfo=UTC),
    )
    seller = Seller.from_settings(settings)
    text = pdf_text(processing_agreement_pdf(tenant=tenant, seller=seller, locale=locale))
    for expected in [*words, "Salon Schönhaar GmbH", "Wien", seller.name, f"Version {DPA_VERSION}"]:
        assert expected in text, (expected, text)


def test_a_company_from_before_accepts_it_once(
    make: Factory, staff_db: Session, session_factory: object, settings: Settings
) -> None:
    tenant = make.tenant()
    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
    member = make.user(tenant, role=Role.CUSTOMER_USER)
    staff_db.commit()
    text = pdf_text(
        processing_agreement_pdf(tenant=tenant, seller=Seller.from_settings(settings), locale="de")
    )
    assert "Noch nicht angenommen" in text
    with tenant_session(session_factory, tenant.id) as db:  # type: ignore[arg-type]
        with pytest.raises(NotAllowed):
            accept_processing_agreement(session=db, actor=member)
        accepted = accept_processing_agreement(session=db, actor=admin)
        assert accepted.dpa_version == DPA_VERSION and accepted.dpa_accepted_at is not None
        db.commit()
    actions = staff_db.scalars(
        select(AuditEvent.action).where(AuditEvent.tenant_id == tenant.id)
    ).all()
    assert "privacy.dpa_accepted" in actions
