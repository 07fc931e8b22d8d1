"""Credentials: encrypted at rest, shown masked, rotated to a new key, never logged."""

from __future__ import annotations

import base64
import logging

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.encryption import CredentialCipher, CredentialDecryptError, generate_key
from core.logging import RedactingFilter
from models import ApiKey, AuditEvent, Provider
from models.scoping import tenant_session
from services.credentials import (
    delete_credential,
    list_credentials,
    reveal_credential,
    rotate_credentials,
    store_credential,
)
from services.errors import ValidationFailed
from tests.factories import Factory

STRIPE_KEY = "sk_live_51HxAbCdEfGhIjKlMnOpQrStUv9876"


def test_round_trip_and_masking(staff_db: Session, cipher: CredentialCipher) -> None:
    shown = store_credential(
        session=staff_db, cipher=cipher, provider=Provider.STRIPE, value=STRIPE_KEY
    )
    assert shown.masked_value.endswith("9876")
    assert STRIPE_KEY[:-4] not in shown.masked_value
    assert shown.masked_value.count("•") == 8
    assert (
        reveal_credential(session=staff_db, cipher=cipher, provider=Provider.STRIPE) == STRIPE_KEY
    )


def test_stored_row_holds_neither_the_value_nor_its_base64(
    staff_db: Session, cipher: CredentialCipher
) -> None:
    store_credential(session=staff_db, cipher=cipher, provider=Provider.STRIPE, value=STRIPE_KEY)
    row = staff_db.scalars(select(ApiKey)).one()
    stored = " ".join(str(getattr(row, c.key)) for c in ApiKey.__table__.columns)
    assert STRIPE_KEY not in stored
    assert base64.b64encode(STRIPE_KEY.encode()).decode()[:-4] not in stored
    assert base64.urlsafe_b64encode(STRIPE_KEY.encode()).decode()[:-4] not in stored
    assert STRIPE_KEY not in repr(row)


def test_replace_keeps_one_row_and_audits_masked(
    staff_db: Session, cipher: CredentialCipher
) -> None:
    store_credential(
        session=staff_db, cipher=cipher, provider=Provider.OPENAI, value="sk-old-0000000000001111"
    )
    store_credential(
        session=staff_db, cipher=cipher, provider=Provider.OPENAI, value="sk-new-0000000000002222"
    )
    assert len(list_credentials(session=staff_db)) == 1
    assert reveal_credential(session=staff_db, cipher=cipher, provider=Provider.OPENAI).endswith(
        "2222"
    )
    events = staff_db.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["credential.added", "credential.replaced"]
    assert events[1].before["value"].endswith("1111")
    assert "sk-old" not in str(events[1].before) and "sk-new" not in str(events[1].after)


def test_delete(staff_db: Session, cipher: CredentialCipher) -> None:
    shown = store_credential(
        session=staff_db,
        cipher=cipher,
        provider=Provider.TWILIO,
        name="auth_token",
        value="0123456789abcdef",
    )
    delete_credential(session=staff_db, credential_id=shown.id)
    assert list_credentials(session=staff_db) == []
    assert (
        reveal_credential(
            session=staff_db, cipher=cipher, provider=Provider.TWILIO, name="auth_token"
        )
        is None
    )


def test_too_short_value_is_refused(staff_db: Session, cipher: CredentialCipher) -> None:
    with pytest.raises(ValidationFailed) as error:
        store_credential(session=staff_db, cipher=cipher, provider=Provider.GOOGLE, value="abc")
    assert "value" in error.value.fields


def test_tenant_key_wins_over_platform_key_and_stays_private(
    make: Factory,
    staff_db: Session,
    cipher: CredentialCipher,
    session_factory: sessionmaker[Session],
) -> None:
    alpha, beta = make.tenant(), make.tenant()
    store_credential(
        session=staff_db, cipher=cipher, provider=Provider.ELEVENLABS, value="platform-key-0000"
    )
    store_credential(
        session=staff_db,
        cipher=cipher,
        provider=Provider.ELEVENLABS,
        value="alpha-key-1111",
        tenant_id=alpha.id,
    )
    assert (
        reveal_credential(
            session=staff_db, cipher=cipher, provider=Provider.ELEVENLABS, tenant_id=alpha.id
        )
        == "alpha-key-1111"
    )
    assert (
        reveal_credential(
            session=staff_db, cipher=cipher, provider=Provider.ELEVENLABS, tenant_id=beta.id
        )
        == "platform-key-0000"
    )
    with tenant_session(session_factory, beta.id) as b:
        assert list_credentials(session=b, tenant_id=alpha.id) == []


def test_rotation_to_a_new_key(staff_db: Session) -> None:
    old_key, new_key = generate_key(), generate_key()
    old = CredentialCipher([old_key])
    store_credential(
        session=staff_db, cipher=old, provider=Provider.HEROKU, value="heroku-token-abcdef"
    )
    before = staff_db.scalars(select(ApiKey.encrypted_value)).one()

    rotated = CredentialCipher([new_key, old_key])
    assert rotate_credentials(session=staff_db, cipher=rotated) == 1
    after = staff_db.scalars(select(ApiKey.encrypted_value)).one()
    assert after != before

    only_new = CredentialCipher([new_key])
    assert (
        reveal_credential(session=staff_db, cipher=only_new, provider=Provider.HEROKU)
        == "heroku-token-abcdef"
    )
    with pytest.raises(CredentialDecryptError):
        only_new.decrypt(before)


def test_log_records_are_redacted(
    caplog: pytest.LogCaptureFixture, cipher: CredentialCipher
) -> None:
    logger = logging.getLogger("voiceagent.test")
    caplog.handler.addFilter(RedactingFilter())
    token = cipher.encrypt(STRIPE_KEY)
    with caplog.at_level(logging.INFO):
        logger.info("calling stripe with %s", STRIPE_KEY)
        logger.info("stored %s", token)
        logger.info("login password=%s api_key: %s", "hunter2hunter2", "abcdef123456")
        try:
            raise RuntimeError(f"auth failed for Bearer {STRIPE_KEY}")
        except RuntimeError:
            logger.exception("request failed")
    text = caplog.text
    for secret in (STRIPE_KEY, token, "hunter2hunter2", "abcdef123456"):
        assert secret not in text
    assert text.count("[redacted]") >= 5
