"""`voiceagent keys rotate` against a real database file."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from cli.main import main
from core.encryption import CredentialCipher, generate_key
from models import ApiKey, Provider
from models.database import make_engine, make_session_factory
from models.migrate import upgrade
from models.scoping import staff_session
from services.credentials import reveal_credential, store_credential


def test_rotate_reencrypts_under_the_newest_key(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'keys.db'}"
    upgrade(database_url=url)
    old_key, new_key = generate_key(), generate_key()
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with staff_session(factory) as session:
        store_credential(
            session=session,
            cipher=CredentialCipher([old_key]),
            provider=Provider.OPENAI,
            value="sk-test-value-123456789",
        )
        session.commit()

    result = CliRunner().invoke(
        main,
        ["keys", "rotate"],
        env={"DATABASE_URL": url, "ENCRYPTION_KEYS": f"{new_key},{old_key}"},
    )
    assert result.exit_code == 0, result.output
    assert "1 credential" in result.output

    with staff_session(factory) as session:
        value = reveal_credential(
            session=session, cipher=CredentialCipher([new_key]), provider=Provider.OPENAI
        )
        assert value == "sk-test-value-123456789"
        assert "sk-test" not in session.scalars(select(ApiKey.encrypted_value)).one()
    engine.dispose()
