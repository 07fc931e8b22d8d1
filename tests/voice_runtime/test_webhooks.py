"""The voice and status webhooks: signatures, routing, polite refusals, status callbacks."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from models import BotStatus, Call, CallOutcome, CallStatus, PricePlan, TenantStatus
from voice_runtime.signatures import STATUS_PATH, VOICE_PATH, SignatureChecker
from voice_runtime.simulated_twilio import (
    Rejected,
    parse_twiml,
    post_status_callback,
    post_voice_webhook,
)
from voice_runtime.simulator import SimulatedCall


async def test_bad_signature_is_refused(voice_server, live_bot) -> None:
    _tenant, _bot, number = live_bot()
    caller = voice_server.caller
    async with httpx.AsyncClient() as http:
        response = await http.post(
            caller.runtime_url + VOICE_PATH,
            data={"CallSid": "CA1", "From": "+4366400000", "To": number.e164},
            headers={"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"},
        )
        unsigned = await http.post(caller.runtime_url + VOICE_PATH, data={"CallSid": "CA1"})
    assert response.status_code == 403
    assert unsigned.status_code == 403


async def test_signature_is_checked_against_the_public_url_not_forwarded_headers(
    voice_server, live_bot
) -> None:
    _tenant, _bot, number = live_bot()
    caller = voice_server.caller
    params = {"CallSid": "CA2", "From": "+4366400000", "To": number.e164}
    forged_url = "https://attacker.example/twilio/voice"
    signature = SignatureChecker(caller.auth_token).sign(forged_url, params)
    async with httpx.AsyncClient() as http:
        response = await http.post(
            caller.runtime_url + VOICE_PATH,
            data=params,
            headers={
                "X-Twilio-Signature": signature,
                "X-Forwarded-Host": "attacker.example",
                "X-Forwarded-Proto": "https",
            },
        )
    assert response.status_code == 403


async def test_live_bot_gets_a_media_stream_with_a_token(voice_server, live_bot, staff_db) -> None:
    _tenant, _bot, number = live_bot()
    async with httpx.AsyncClient() as http:
        twiml = await post_voice_webhook(
            voice_server.caller, to_number=number.e164, call_sid="CA" + "3" * 32, client=http
        )
    url, parameters = parse_twiml(twiml)
    assert url == voice_server.settings.public_base_url.replace("http", "ws") + "/twilio/stream"
    assert "?" not in url
    assert parameters["token"]
    call = staff_db.scalars(select(Call).where(Call.provider_call_sid == "CA" + "3" * 32)).one()
    assert call.status == CallStatus.IN_PROGRESS and call.outcome is None


async def test_unknown_number_hears_a_polite_goodbye(voice_server) -> None:
    with pytest.raises(Rejected) as rejected:
        async with SimulatedCall.dial(voice_server.caller, to_number="+4319999999"):
            pass
    assert "nicht erreichbar" in rejected.value.said


@pytest.mark.parametrize(
    ("bot_status", "tenant_status"),
    [(BotStatus.LIVE, TenantStatus.SUSPENDED), (BotStatus.PAUSED, TenantStatus.ACTIVE)],
)
async def test_suspended_tenant_or_paused_bot_hangs_up_politely(
    voice_server, live_bot, staff_db, bot_status, tenant_status
) -> None:
    _tenant, _bot, number = live_bot(status=bot_status, tenant={"status": tenant_status})
    async with httpx.AsyncClient() as http:
        twiml = await post_voice_webhook(
            voice_server.caller, to_number=number.e164, call_sid="CA" + "4" * 32, client=http
        )
    assert "<Hangup" in twiml and "<Connect" not in twiml
    assert "This number is not available" in twiml  # the bot's language, English
    call = staff_db.scalars(select(Call).where(Call.provider_call_sid == "CA" + "4" * 32)).one()
    assert call.outcome == CallOutcome.REJECTED


async def test_a_tenant_over_its_spending_limit_is_not_reachable_until_it_is_raised(
    voice_server, live_bot, staff_db
) -> None:
    plan = PricePlan(
        code="limit-test", name="Standard", monthly_fee_cents=2900, per_minute_cents=12
    )
    staff_db.add(plan)
    staff_db.flush()
    # The base fee alone (29 €) is over a limit of 20 €.
    tenant, _bot, number = live_bot(tenant={"price_plan_id": plan.id, "spending_limit_cents": 2000})
    async with httpx.AsyncClient() as http:
        twiml = await post_voice_webhook(
            voice_server.caller, to_number=number.e164, call_sid="CA" + "a1" * 16, client=http
        )
        assert "<Hangup" in twiml and "This number is not available" in twiml
        assert "limit" not in twiml.lower()  # the caller hears nothing about the bill
        tenant.spending_limit_cents = 5000
        staff_db.commit()
        raised = await post_voice_webhook(
            voice_server.caller, to_number=number.e164, call_sid="CA" + "a2" * 16, client=http
        )
    assert "<Connect" in raised
    call = staff_db.scalars(select(Call).where(Call.provider_call_sid == "CA" + "a1" * 16)).one()
    assert call.outcome == CallOutcome.REJECTED


async def test_concurrent_call_limit_turns_the_next_caller_away(voice_server, live_bot) -> None:
    _tenant, _bot, number = live_bot(tenant={"max_concurrent_calls": 1})
    async with httpx.AsyncClient() as http:
        first = await post_voice_webhook(
            voice_server.caller, to_number=number.e164, call_sid="CA" + "5" * 32, client=http
        )
        second = await post_voice_webhook(
            voice_server.caller, to_number=number.e164, call_sid="CA" + "6" * 32, client=http
        )
        retried_first = await post_voice_webhook(
            voice_server.caller, to_number=number.e164, call_sid="CA" + "5" * 32, client=http
        )
    assert "<Connect" in first
    assert "busy" in second and "<Hangup" in second
    assert "<Connect" in retried_first  # Twilio retrying the same call keeps its slot


@pytest.mark.parametrize("ended", ["canceled", "completed", "no-answer"])
async def test_a_call_that_ends_before_its_stream_frees_its_slot(
    voice_server, live_bot, ended: str
) -> None:
    _tenant, _bot, number = live_bot(tenant={"max_concurrent_calls": 1})
    caller = voice_server.caller
    first_sid = "CA" + "3" * 32
    async with httpx.AsyncClient() as http:
        first = await post_voice_webhook(
            caller, to_number=number.e164, call_sid=first_sid, client=http
        )
        # The caller hangs up while it rings: no media stream will ever release the slot.
        status = await post_status_callback(caller, call_sid=first_sid, status=ended, client=http)
        second = await post_voice_webhook(
            caller, to_number=number.e164, call_sid="CA" + "4" * 32, client=http
        )
    assert "<Connect" in first and status == 204
    assert "<Connect" in second  # not "all lines busy" until the first slot expires


async def test_a_status_that_is_not_an_end_keeps_the_slot(voice_server, live_bot) -> None:
    _tenant, _bot, number = live_bot(tenant={"max_concurrent_calls": 1})
    caller = voice_server.caller
    first_sid = "CA" + "8" * 32
    async with httpx.AsyncClient() as http:
        await post_voice_webhook(caller, to_number=number.e164, call_sid=first_sid, client=http)
        await post_status_callback(caller, call_sid=first_sid, status="in-progress", client=http)
        second = await post_voice_webhook(
            caller, to_number=number.e164, call_sid="CA" + "2" * 32, client=http
        )
    assert "busy" in second and "<Hangup" in second


async def test_status_callbacks_move_forward_and_repeats_change_nothing(
    voice_server, live_bot, staff_db
) -> None:
    _tenant, _bot, number = live_bot()
    sid = "CA" + "7" * 32
    caller = voice_server.caller
    signer = SignatureChecker(caller.auth_token)

    async def status(http: httpx.AsyncClient, value: str, duration: str = "") -> int:
        params = {"CallSid": sid, "CallStatus": value, "CallDuration": duration}
        signature = signer.sign(caller.public_base_url + STATUS_PATH, params)
        response = await http.post(
            caller.runtime_url + STATUS_PATH, data=params, headers={"X-Twilio-Signature": signature}
        )
        return response.status_code

    async with httpx.AsyncClient() as http:
        await post_voice_webhook(caller, to_number=number.e164, call_sid=sid, client=http)
        assert await status(http, "completed", "42") == 204
        assert await status(http, "completed", "99") == 204
        assert await status(http, "ringing") == 204
        assert await status(http, "no-such-status") == 204
        bad = await http.post(caller.runtime_url + STATUS_PATH, data={"CallSid": sid})
    assert bad.status_code == 403
    staff_db.expire_all()
    call = staff_db.scalars(select(Call).where(Call.provider_call_sid == sid)).one()
    assert call.status == CallStatus.COMPLETED
    assert call.duration_seconds == 42
