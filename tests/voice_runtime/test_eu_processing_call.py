"""At call time an EU-only account's bot runs on the offline engines, whatever it chose
before the account turned the setting on, and the log says so."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.orm import Session, sessionmaker

from core.encryption import CredentialCipher
from tests.factories import Factory
from voice_runtime.call_store import CallStore

CLOUD = {"stt_engine": "google", "tts_engine": "elevenlabs", "dialogue_engine": "openai"}


@pytest.mark.parametrize("eu_only", [True, False])
def test_the_call_uses_offline_engines_when_eu_only(
    eu_only: bool,
    make: Factory,
    staff_db: Session,
    session_factory: sessionmaker[Session],
    cipher: CredentialCipher,
    caplog: pytest.LogCaptureFixture,
) -> None:
    tenant = make.tenant(eu_processing_only=eu_only)
    bot = make.bot(tenant, **CLOUD)
    call = make.call(tenant, bot)
    staff_db.commit()
    with caplog.at_level(logging.INFO, logger="voice_runtime.call_store"):
        context = CallStore(session_factory, cipher).load_context(
            tenant_id=tenant.id, bot_id=bot.id, call_id=call.id
        )
    assert context is not None
    engines = {name: getattr(context.profile, name) for name in CLOUD}
    assert engines == (dict.fromkeys(CLOUD, "offline") if eu_only else CLOUD)
    assert ("EU processing only" in caplog.text) is eu_only
