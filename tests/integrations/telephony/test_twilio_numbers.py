"""TwilioTelephony with the real twilio SDK, pointed at the local stand-in for Twilio's REST
API (cli/local_twilio.py), which checks and records what it was asked — Austrian numbers
only with a regulatory bundle and an Address, as Twilio sells them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from cli.local_twilio import BUNDLE_REQUIRED, LocalTwilio, running
from integrations.telephony import (
    BusinessAddress,
    NoNumberAvailable,
    NumberRegistration,
    RegistrationProblem,
    TwilioTelephony,
    wiring_for,
)
from integrations.telephony.base import TelephonyError

SID, TOKEN = "AC" + "0" * 32, "test-auth-token"
BASE = f"/2010-04-01/Accounts/{SID}"
BUNDLE = "BU" + "a" * 32
SALON = BusinessAddress(
    customer_name="Salon Anna GmbH",
    street="Mariahilfer Straße 1",
    postal_code="1060",
    city="Wien",
    country="AT",
)
REGISTRATION = NumberRegistration(address=SALON, bundle_sid=BUNDLE)


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
        registration=REGISTRATION,
    )

    assert owned.e164 == "+43160001234" and owned.country == "AT"
    _, _, search, purchase = twilio_server.requests
    assert search["method"] == "GET"
    assert search["query"]["Contains"] == ["+431*"]
    assert search["query"]["VoiceEnabled"] == ["true"]
    [address_sid] = twilio_server.addresses
    assert purchase["form"] == {
        "PhoneNumber": ["+43160001234"],
        "FriendlyName": ["voiceagent-provisioning-7"],
        "VoiceUrl": ["https://voice.example.at/twilio/voice"],
        "VoiceMethod": ["POST"],
        "StatusCallback": ["https://voice.example.at/twilio/status"],
        "StatusCallbackMethod": ["POST"],
        "AddressSid": [address_sid],
        "BundleSid": [BUNDLE],
    }


def test_the_business_address_is_created_once_and_anew_when_it_changes(
    telephony: TwilioTelephony, twilio_server: LocalTwilio
) -> None:
    wiring = wiring_for("https://voice.example.at")
    twilio_server.available = ["+43160001234", "+43160001235", "+43160001236"]
    for tag in ("a", "b"):
        telephony.buy_number(tag=tag, country="AT", wiring=wiring, registration=REGISTRATION)
    [address] = twilio_server.addresses.values()
    assert address | {"sid": "", "friendly_name": ""} == {
        "sid": "",
        "friendly_name": "",
        "account_sid": SID,
        "customer_name": "Salon Anna GmbH",
        "street": "Mariahilfer Straße 1",
        "city": "Wien",
        "region": "Wien",
        "postal_code": "1060",
        "iso_country": "AT",
    }

    moved = NumberRegistration(
        address=BusinessAddress("Salon Anna GmbH", "Neubaugasse 2", "1070", "Wien", "AT"),
        bundle_sid=BUNDLE,
    )
    telephony.buy_number(tag="c", country="AT", wiring=wiring, registration=moved)

    assert len(twilio_server.addresses) == 2
    bought = {n["friendly_name"]: n["address_sid"] for n in twilio_server.incoming.values()}
    assert bought["a"] == bought["b"] == address["sid"] != bought["c"]


def test_an_austrian_number_without_a_bundle_is_refused_as_twilio_refuses_it(
    twilio_server: LocalTwilio,
) -> None:
    client = Client(SID, TOKEN)
    client.api.base_url = twilio_server.url
    with pytest.raises(TwilioRestException) as refused:
        client.incoming_phone_numbers.create(phone_number="+43160001234")
    assert (refused.value.status, refused.value.code) == (400, 21649)
    assert refused.value.msg == f"Unable to create record: {BUNDLE_REQUIRED}"
    with pytest.raises(TwilioRestException) as no_address:
        client.incoming_phone_numbers.create(phone_number="+43160001234", bundle_sid=BUNDLE)
    assert (no_address.value.status, no_address.value.code) == (400, 21631)
    assert twilio_server.incoming == {}
    # North America needs neither.
    client.incoming_phone_numbers.create(phone_number="+14155550100")


def test_a_purchase_without_registration_fails_with_the_reason(
    telephony: TwilioTelephony, twilio_server: LocalTwilio
) -> None:
    with pytest.raises(RegistrationProblem, match="code 21649") as refused:
        telephony.buy_number(tag="t", country="AT", wiring=wiring_for("https://v.example.at"))
    assert (refused.value.reason, refused.value.status) == ("bundle_refused", 400)
    assert SID not in str(refused.value) and TOKEN not in str(refused.value)

    twilio_server.approved_bundles = {"BU" + "b" * 32}
    with pytest.raises(RegistrationProblem) as unapproved:
        telephony.buy_number(
            tag="t",
            country="AT",
            wiring=wiring_for("https://v.example.at"),
            registration=REGISTRATION,
        )
    assert unapproved.value.reason == "bundle_refused"


def test_an_address_without_a_required_field_is_refused(twilio_server: LocalTwilio) -> None:
    client = Client(SID, TOKEN)
    client.api.base_url = twilio_server.url
    with pytest.raises(TwilioRestException) as refused:
        client.addresses.create(
            customer_name="Salon Anna",
            street="Gasse 1",
            city="Wien",
            region="Wien",
            postal_code="1060",
            iso_country="",
        )
    assert (refused.value.status, refused.value.code) == (400, 20001)
    assert refused.value.msg.endswith("Missing required parameter IsoCountry in the post body")
    assert twilio_server.addresses == {}


def test_a_retry_finds_the_number_by_its_tag(
    telephony: TwilioTelephony, twilio_server: LocalTwilio
) -> None:
    wiring = wiring_for("https://voice.example.at")
    bought = telephony.buy_number(
        tag="voiceagent-provisioning-8", country="AT", wiring=wiring, registration=REGISTRATION
    )
    assert telephony.find_by_tag("voiceagent-provisioning-8") == bought
    assert telephony.find_by_tag("voiceagent-provisioning-9") is None
    assert twilio_server.requests[-1]["query"]["FriendlyName"] == ["voiceagent-provisioning-9"]


def test_no_available_number_is_a_clear_error(
    telephony: TwilioTelephony, twilio_server: LocalTwilio
) -> None:
    twilio_server.available = []
    with pytest.raises(NoNumberAvailable, match="no number available in AT 1"):
        telephony.buy_number(
            tag="t",
            country="AT",
            area_code="1",
            wiring=wiring_for("https://v.example.at"),
            registration=REGISTRATION,
        )


def test_release_deletes_and_tolerates_a_number_already_gone(
    telephony: TwilioTelephony, twilio_server: LocalTwilio
) -> None:
    owned = telephony.buy_number(
        tag="t", country="AT", wiring=wiring_for("https://v.example.at"), registration=REGISTRATION
    )
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
