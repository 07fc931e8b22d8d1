"""`voiceagent local-twilio` in development: the account's numbers, which an SMS may come
from, are the local pool's and the bots' active numbers in the database (the demo bots' are
not from the pool); a released one is not."""

from __future__ import annotations

from pathlib import Path

from cli.local_twilio import development_numbers
from core.settings import load_settings
from integrations.telephony import LocalTelephony, wiring_for
from models import PhoneNumberStatus
from models.database import make_engine, make_session_factory
from models.migrate import upgrade
from models.scoping import staff_session
from tests.factories import Factory


def test_the_development_accounts_numbers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'dev.db'}"
    upgrade(database_url=url)
    engine = make_engine(url)
    with staff_session(make_session_factory(engine)) as db:
        make = Factory(db)
        tenant = make.tenant()
        make.phone_number(tenant, make.bot(tenant), e164="+4315550101")
        make.phone_number(tenant, e164="+4315550199", status=PhoneNumberStatus.RELEASED)
        db.commit()
    engine.dispose()
    pool = LocalTelephony(tmp_path / "numbers.json")
    bought = pool.buy_number(tag="t", country="AT", wiring=wiring_for("http://localhost:8090"))
    settings = load_settings(
        env="test", database_url=url, local_numbers_path=tmp_path / "numbers.json"
    )

    assert development_numbers(settings)() == {"+4315550101", bought.e164}
