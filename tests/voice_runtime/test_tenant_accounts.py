"""A tenant's own Twilio account: calls to its numbers are signed with its auth token, and the
runtime checks them against that token — webhook and media stream — and refuses the
platform's, another tenant's or any other (services/twilio_accounts.py)."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest
from sqlalchemy.orm import Session
from websockets.exceptions import InvalidStatus

from models import Call, CallStatus, PhoneNumber, Tenant
from tests.factories import Factory
from voice_runtime.signatures import STATUS_PATH, VOICE_PATH, SignatureChecker
from voice_runtime.simulated_twilio import CallerConfig, Rejected, parse_twiml, post_voice_webhook
from voice_runtime.simulator import SimulatedCall

OWN_SID, OWN_TOKEN = "AC" + "7" * 32, "tenant-own-twilio-token-1234"


@pytest.fixture
def own_account_number(live_bot, staff_db: Session, make: Factory, voice_server) -> PhoneNumber:
    tenant, _bot, number = live_bot()
    number.provider_account = OWN_SID
    make.twilio_account(tenant, OWN_SID, OWN_TOKEN, settings=voice_server.settings)
    staff_db.commit()
    return number


def _as(caller: CallerConfig, token: str) -> CallerConfig:
    return replace(caller, account_sid=OWN_SID, auth_token=token)


async def _stream_for(caller: CallerConfig, number: PhoneNumber, call_sid: str):  # noqa: ANN202
    """(stream URL, parameters) the runtime answers the tenant's Twilio's webhook with."""
    async with httpx.AsyncClient() as http:
        twiml = await post_voice_webhook(
            caller, to_number=number.e164, call_sid=call_sid, client=http
        )
    return parse_twiml(twiml)


async def test_a_call_in_the_tenants_account_is_checked_with_its_token(
    voice_server, own_account_number: PhoneNumber
) -> None:
    tenants_twilio = _as(voice_server.caller, OWN_TOKEN)
    url, parameters = await _stream_for(tenants_twilio, own_account_number, "CA" + "a" * 32)
    assert url.endswith(f"/twilio/stream/{OWN_SID}")

    async with SimulatedCall.open_stream(
        tenants_twilio, url, parameters, call_sid="CA" + "a" * 32
    ) as call:
        await call.wait_for_bot_audio()
    assert voice_server.metrics.calls_started == 1


@pytest.mark.parametrize("token", ["platform", "another tenant's", "made up"])
async def test_a_call_in_the_tenants_account_signed_with_any_other_token_is_refused(
    voice_server, own_account_number: PhoneNumber, staff_db: Session, make: Factory, token: str
) -> None:
    other = make.tenant()
    make.twilio_account(other, "AC" + "8" * 32, "other-token-99", settings=voice_server.settings)
    staff_db.commit()
    signing = {
        "platform": voice_server.caller.auth_token,
        "another tenant's": "other-token-99",
        "made up": "not-a-token-of-anyone",
    }[token]
    params = {"CallSid": "CA" + "b" * 32, "AccountSid": OWN_SID, "To": own_account_number.e164}
    signature = SignatureChecker(signing).sign(
        voice_server.caller.public_base_url + VOICE_PATH, params
    )

    async with httpx.AsyncClient() as http:
        answer = await http.post(
            voice_server.caller.runtime_url + VOICE_PATH,
            data=params,
            headers={"X-Twilio-Signature": signature},
        )

    assert (answer.status_code, answer.text) == (403, "Forbidden")
    assert OWN_TOKEN not in answer.text


async def test_the_media_stream_of_the_tenants_account_wants_its_token(
    voice_server, own_account_number: PhoneNumber
) -> None:
    tenants_twilio = _as(voice_server.caller, OWN_TOKEN)
    url, parameters = await _stream_for(tenants_twilio, own_account_number, "CA" + "c" * 32)
    platform_signed = SignatureChecker(voice_server.caller.auth_token).sign(url, {})

    with pytest.raises(InvalidStatus) as refused:
        async with SimulatedCall.open_stream(
            tenants_twilio, url, parameters, call_sid="CA" + "c" * 32, signature=platform_signed
        ):
            pass
    assert refused.value.response.status_code == 403
    assert voice_server.metrics.calls_started == 0


async def test_a_tenants_account_cannot_call_another_tenants_number(
    voice_server, own_account_number: PhoneNumber, live_bot
) -> None:
    _other, _bot, others_number = live_bot()
    with pytest.raises(Rejected):
        async with SimulatedCall.dial(
            _as(voice_server.caller, OWN_TOKEN), to_number=others_number.e164
        ):
            pass
    assert voice_server.metrics.calls_started == 0


async def test_a_tenants_account_reports_on_its_own_calls_only(
    voice_server, own_account_number: PhoneNumber, live_bot, make: Factory, staff_db: Session
) -> None:
    other_tenant, other_bot, _ = live_bot()
    open_call = {"status": CallStatus.IN_PROGRESS, "duration_seconds": None}
    others_call = make.call(other_tenant, other_bot, provider_call_sid="CA" + "d" * 32, **open_call)
    own_call = make.call(
        staff_db.get_one(Tenant, own_account_number.tenant_id),
        own_account_number.bot,
        provider_call_sid="CA" + "e" * 32,
        **open_call,
    )
    staff_db.commit()
    signer = SignatureChecker(OWN_TOKEN)

    async with httpx.AsyncClient() as http:
        for call in (others_call, own_call):
            params = {
                "CallSid": call.provider_call_sid,
                "AccountSid": OWN_SID,
                "CallStatus": "completed",
                "CallDuration": "42",
            }
            signature = signer.sign(voice_server.caller.public_base_url + STATUS_PATH, params)
            answer = await http.post(
                voice_server.caller.runtime_url + STATUS_PATH,
                data=params,
                headers={"X-Twilio-Signature": signature},
            )
            assert answer.status_code == 204

    staff_db.expire_all()
    assert staff_db.get_one(Call, own_call.id).status is CallStatus.COMPLETED
    assert staff_db.get_one(Call, others_call.id).status is CallStatus.IN_PROGRESS
