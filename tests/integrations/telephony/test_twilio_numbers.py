"""TwilioTelephony with the real twilio SDK, pointed at the local stand-in for Twilio's REST
API (cli/local_twilio.py), which checks and records what it was asked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cli.local_twilio import LocalTwilio, running
from integrations.telephony import NoNumberAvailable, TwilioTelephony, wiring_for
from integrations.telephony.base import TelephonyError

SID, TOKEN = "AC" + "0" * 32, "test-auth-token"
BASE = f"/2010-04-01/Accounts/{SID}"


@pytest.fixture
def twilio_server() -> Iterator[LocalTwilio]:
    with running(LocalTwilio(account_sid=SID, auth_token=TOKEN)) as server:
        server.available = ["+43160001234"]
        yield server


@pytest.fixture
def telephony(twilio_server: LocalTwilio) -> TwilioTelephony:
    return TwilioTelephony(SID, TOKEN, api_base_url=twilio_server.url)


def test_buying_searches_vienna_and_wires_the_number_to_the_runtime(
    telephony: TwilioTelephony, twilio_server: LocalTwilio
) -> None:
    owned = telephony.buy_number(
        tag="voiceagent-provisioning-7",
        country="AT",
        area_code="1",
        wiring=wiring_for("https://voice.example.at"),
    )

    assert owned.e164 == "+43160001234" and owned.country == "AT"
    search, purchase = twilio_server.requests
    assert search["method"] == "GET"
    assert search["query"]["Contains"] == ["+431*"]
    assert search["query"]["VoiceEnabled"] == ["true"]
    assert purchase["form"] == {
        "PhoneNumber": ["+43160001234"],
        "FriendlyName": ["voiceagent-provisioning-7"],
        "VoiceUrl": ["https://voice.example.at/twilio/voice"],
        "VoiceMethod": ["POST"],
        "StatusCallback": ["https://voice.example.at/twilio/status"],
        "StatusCallbackMethod": ["POST"],
    }


def test_a_retry_finds_the_number_by_its_tag(
    telephony: TwilioTelephony, twilio_server: LocalTwilio
) -> None:
    wiring = wiring_for("https://voice.example.at")
    bought = telephony.buy_number(tag="voiceagent-provisioning-8", country="AT", wiring=wiring)
    assert telephony.find_by_tag("voiceagent-provisioning-8") == bought
    assert telephony.find_by_tag("voiceagent-provisioning-9") is None
    assert twilio_server.requests[-1]["query"]["FriendlyName"] == ["voiceagent-provisioning-9"]


def test_no_available_number_is_a_clear_error(
    telephony: TwilioTelephony, twilio_server: LocalTwilio
) -> None:
    twilio_server.available = []
    with pytest.raises(NoNumberAvailable, match="no number available in AT 1"):
        telephony.buy_number(
            tag="t", country="AT", area_code="1", wiring=wiring_for("https://v.example.at")
        )


def test_release_deletes_and_tolerates_a_number_already_gone(
    telephony: TwilioTelephony, twilio_server: LocalTwilio
) -> None:
    owned = telephony.buy_number(tag="t", country="AT", wiring=wiring_for("https://v.example.at"))
    telephony.release_number(owned.provider_sid)
    telephony.release_number(owned.provider_sid)  # 404 now: already released, fine
    deletes = [r for r in twilio_server.requests if r["method"] == "DELETE"]
    assert [r["path"] for r in deletes] == [
        f"{BASE}/IncomingPhoneNumbers/{owned.provider_sid}.json"
    ] * 2
    assert twilio_server.incoming == {}


def test_errors_name_no_account_sid(telephony: TwilioTelephony, twilio_server: LocalTwilio) -> None:
    with pytest.raises(TelephonyError) as failure:
        TwilioTelephony(SID, TOKEN, api_base_url="http://127.0.0.1:9").find_by_tag("x")
    assert SID not in str(failure.value)


def test_a_wrong_token_is_refused_as_twilio_does(twilio_server: LocalTwilio) -> None:
    wrong = TwilioTelephony(SID, "not-the-token", api_base_url=twilio_server.url)
    with pytest.raises(TelephonyError, match="401 \\(code 20003\\)") as failure:
        wrong.release_number("PN" + "1" * 32)
    assert failure.value.status == 401
