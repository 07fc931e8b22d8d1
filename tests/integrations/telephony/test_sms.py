"""SMS through the real twilio SDK against the local Twilio stand-in (cli/local_twilio.py),
which checks each request as Twilio does: the account's credentials, From/To/Body, E.164
numbers, and a From that is one of the account's numbers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cli.local_twilio import LocalTwilio, running
from core.settings import DEV_TWILIO_ACCOUNT_SID, load_settings
from integrations.telephony.sms import SmsError, TwilioSms, sms_from_settings

SID, TOKEN = "AC" + "7" * 32, "sms-test-token"
BOT_NUMBER, CALLER = "+4319999900001", "+436641234567"


@pytest.fixture
def twilio() -> Iterator[LocalTwilio]:
    stand_in = LocalTwilio(account_sid=SID, auth_token=TOKEN, owned_numbers=lambda: {BOT_NUMBER})
    with running(stand_in) as server:
        yield server


@pytest.fixture
def sms(twilio: LocalTwilio) -> TwilioSms:
    return TwilioSms(SID, TOKEN, api_base_url=twilio.url)


def test_a_message_reaches_twilio_with_from_to_and_body(sms: TwilioSms, twilio: LocalTwilio):
    sid = sms.send(sender=BOT_NUMBER, to=CALLER, body="Ihr Termin ist gebucht.")

    (message,) = twilio.messages
    assert sid == message["sid"] and sid.startswith("SM")
    assert (message["from"], message["to"], message["body"]) == (
        BOT_NUMBER,
        CALLER,
        "Ihr Termin ist gebucht.",
    )
    (request,) = twilio.requests
    assert request["path"] == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert request["form"] == {
        "From": [BOT_NUMBER],
        "To": [CALLER],
        "Body": ["Ihr Termin ist gebucht."],
    }


@pytest.mark.parametrize(
    ("sender", "to", "body", "status", "code"),
    [
        (BOT_NUMBER, "0664 1234567", "Hallo", 400, 21211),  # not E.164
        (BOT_NUMBER, "+43", "Hallo", 400, 21211),
        ("+4319999900002", CALLER, "Hallo", 400, 21606),  # not the account's number
        ("Salon", CALLER, "Hallo", 400, 21212),
        (BOT_NUMBER, CALLER, "", 400, 21602),
        (BOT_NUMBER, "", "Hallo", 400, 21604),
        (BOT_NUMBER, CALLER, "x" * 1601, 400, 21617),
    ],
)
def test_twilio_refusals_are_errors_naming_no_number_nor_account(
    sms: TwilioSms, twilio: LocalTwilio, sender: str, to: str, body: str, status: int, code: int
) -> None:
    with pytest.raises(SmsError) as failure:
        sms.send(sender=sender, to=to, body=body)

    assert (failure.value.status, failure.value.code) == (status, code)
    assert SID not in str(failure.value) and CALLER not in str(failure.value)
    assert twilio.messages == []


def test_the_wrong_credentials_are_refused(twilio: LocalTwilio) -> None:
    with pytest.raises(SmsError) as failure:
        TwilioSms(SID, "wrong", api_base_url=twilio.url).send(
            sender=BOT_NUMBER, to=CALLER, body="x"
        )
    assert (failure.value.status, failure.value.code) == (401, 20003)
    other_account = "AC" + "8" * 32
    with pytest.raises(SmsError) as failure:
        TwilioSms(other_account, TOKEN, api_base_url=twilio.url).send(
            sender=BOT_NUMBER, to=CALLER, body="x"
        )
    assert failure.value.status == 401
    assert twilio.messages == []


def test_twilio_out_of_reach_is_an_error_too() -> None:
    with pytest.raises(SmsError, match="could not be reached"):
        TwilioSms(SID, TOKEN, api_base_url="http://127.0.0.1:9").send(
            sender=BOT_NUMBER, to=CALLER, body="x"
        )


def test_who_sends_follows_the_settings() -> None:
    assert sms_from_settings(load_settings(env="test", twilio_api_base_url=None)) is None
    development = sms_from_settings(
        load_settings(env="development", twilio_api_base_url="http://127.0.0.1:8421")
    )
    assert development is not None
    assert development._client.username == DEV_TWILIO_ACCOUNT_SID
    # Production never falls back on the development account (the rest of a production
    # configuration is beside the point here: copied, not validated).
    production = load_settings(env="test", twilio_api_base_url="http://127.0.0.1:8421")
    assert sms_from_settings(production.model_copy(update={"env": "production"})) is None
