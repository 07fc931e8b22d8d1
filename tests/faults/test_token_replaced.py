"""A Twilio token replaced while a voice runtime runs — the platform's, stored in the back
office, or a tenant's own — counts from the next request, without a restart: a runtime in a
process of its own, its requests signed as Twilio signs them."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session

from core.settings import Settings
from models import ApiKey, AuditEvent, Provider
from tests.factories import Factory
from tests.faults.voice_process import VoiceProcess
from tests.jobs.conftest import wait_until
from voice_runtime.platform_account import MAX_AGE_SECONDS
from voice_runtime.simulated_twilio import CallerConfig, post_status_callback, post_voice_webhook

PLATFORM_SID = "AC" + "7" * 32
OLD, NEW = "old-platform-token-1234", "new-platform-token-5678"


@pytest.fixture
def platform_keys_stored(committed: Session) -> Iterator[Callable[[str, Settings], None]]:
    """Stores the platform's Twilio account with a token (committed, as staff would in the
    back office); the platform's stored keys and their audit events are deleted afterwards,
    so no other test meets them."""

    def store(token: str, settings: Settings) -> None:
        Factory(committed).twilio_account(None, PLATFORM_SID, token, settings=settings)
        committed.commit()

    yield store
    committed.rollback()
    committed.execute(
        delete(ApiKey).where(ApiKey.tenant_id.is_(None), ApiKey.provider == Provider.TWILIO)
    )
    # Storing and replacing them was audited as the platform's, which no tenant's deletion
    # takes along (test_try_it's "nothing written" saw them once).
    committed.execute(
        delete(AuditEvent).where(AuditEvent.tenant_id.is_(None), AuditEvent.entity_type == "ApiKey")
    )
    committed.commit()


async def _status(runtime: VoiceProcess, token: str) -> int:
    caller = CallerConfig(runtime.url, runtime.url, token)
    async with httpx.AsyncClient(timeout=10) as client:
        return await post_status_callback(
            caller, call_sid=f"CA{uuid.uuid4().hex}", status="completed", client=client
        )


def _sync_status(runtime: VoiceProcess, token: str) -> int:
    return asyncio.run(_status(runtime, token))


def test_a_platform_token_replaced_in_the_back_office_counts_without_a_restart(
    settings: Settings,
    database_url: str,
    platform_keys_stored: Callable[[str, Settings], None],
    start_runtime: Callable[..., VoiceProcess],
) -> None:
    platform_keys_stored(OLD, settings)
    runtime = start_runtime(DATABASE_URL=database_url)
    assert _sync_status(runtime, OLD) == 204
    assert _sync_status(runtime, NEW) == 403

    platform_keys_stored(NEW, settings)  # staff replace the token; the runtime runs on
    # Twilio signs with the new token at once: the runtime reads the stored keys again when a
    # signature fails (at most every few seconds), or when its copy is MAX_AGE_SECONDS old.
    wait_until(
        lambda: _sync_status(runtime, NEW) == 204,
        timeout=MAX_AGE_SECONDS,
        what="the new platform token accepted",
    )
    assert _sync_status(runtime, OLD) == 403


async def test_a_tenants_own_token_replaced_counts_from_the_next_request(
    settings: Settings,
    database_url: str,
    make_committed: Factory,
    committed: Session,
    start_runtime: Callable[..., VoiceProcess],
) -> None:
    tenant = make_committed.tenant()
    sid = "AC" + uuid.uuid4().hex
    make_committed.twilio_account(tenant, sid, "tenant-token-one-1111", settings=settings)
    number = make_committed.phone_number(tenant, provider_account=sid)  # bought in its account
    committed.commit()
    runtime = start_runtime(DATABASE_URL=database_url)

    async def answered(token: str) -> bool:
        caller = CallerConfig(runtime.url, runtime.url, token, account_sid=sid)
        async with httpx.AsyncClient(timeout=10) as client:
            try:
                await post_voice_webhook(
                    caller, to_number=number.e164, call_sid=f"CA{uuid.uuid4().hex}", client=client
                )
            except httpx.HTTPStatusError as refused:
                assert refused.response.status_code == 403
                return False
        return True

    assert await answered("tenant-token-one-1111")
    make_committed.twilio_account(tenant, sid, "tenant-token-two-2222", settings=settings)
    committed.commit()
    assert await answered("tenant-token-two-2222")
    assert not await answered("tenant-token-one-1111")
