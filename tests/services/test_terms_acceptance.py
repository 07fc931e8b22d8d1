"""Signing up needs the terms and the privacy policy accepted; the new administrator's row
keeps which versions, and when."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import redis
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.settings import Settings
from core.tokens import InvalidTokenError, TokenSigner
from models import OutboundEmail
from services import signup
from services.errors import ValidationFailed
from services.legal_documents import DPA_VERSION, PRIVACY_VERSION, TERMS_VERSION
from tests.services.test_signup import ask, signup_token

EMAIL = "hans@holz.example.at"


def test_without_acceptance_it_is_a_field_error_and_nothing_is_sent(
    staff_db: Session, settings: Settings, redis_client: redis.Redis
) -> None:
    with pytest.raises(ValidationFailed) as error:
        ask(staff_db, settings, redis_client, EMAIL, accepts_terms=False)
    assert error.value.fields == {"accepts_terms": signup.MUST_ACCEPT}
    assert staff_db.scalars(select(OutboundEmail)).first() is None


def test_the_administrator_keeps_the_versions_and_the_time_accepted(
    staff_db: Session, settings: Settings, redis_client: redis.Redis
) -> None:
    before = datetime.now(UTC)
    ask(staff_db, settings, redis_client, EMAIL)
    after = datetime.now(UTC)
    mail = staff_db.scalars(select(OutboundEmail)).one()
    token = signup_token(mail)
    user = signup.complete_signup(
        session=staff_db,
        signer=TokenSigner.from_settings(settings),
        token=token,
        password="hobelspan-2026",
    )
    staff_db.expire_all()  # read back what was stored
    assert (user.terms_version, user.privacy_version) == (TERMS_VERSION, PRIVACY_VERSION)
    assert user.terms_accepted_at is not None
    assert before <= user.terms_accepted_at <= after  # when the form was sent
    assert user.privacy_accepted_at == user.terms_accepted_at
    # The company is the controller: the Art. 28 agreement is kept on it, with the terms' time.
    assert user.tenant.dpa_version == DPA_VERSION
    assert user.tenant.dpa_accepted_at == user.terms_accepted_at


def test_a_link_that_carries_no_acceptance_is_refused(
    staff_db: Session, settings: Settings
) -> None:
    """A link from before acceptance was asked for: nobody accepted anything."""
    signer = TokenSigner.from_settings(settings)
    token = signer.sign(
        signup.PURPOSE, {"c": "Tischlerei Holz", "n": "Hans Holz", "e": EMAIL, "l": "de-AT"}
    )
    with pytest.raises(InvalidTokenError):
        signup.complete_signup(
            session=staff_db, signer=signer, token=token, password="hobelspan-2026"
        )
