"""The runtime's database work, as plain blocking functions run on the runtime's executor.

Each opens its own short session — staff only where the tenant is not known yet — and
commits before returning, so no session outlives one step of a call.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from core.encryption import CredentialCipher
from integrations.dialogue.base import BotProfile
from models import Bot, Call, CallOutcome, Provider
from models.scoping import staff_session, tenant_session
from services.call_records import (
    CallProgress,
    Route,
    TurnRecord,
    append_turns,
    apply_status_callback,
    call_progress,
    finish_call,
    has_ended,
    open_call,
    route_call,
    tenant_of_call,
)
from services.credentials import reveal_credential
from services.engine_regions import ENGINE_FIELDS, eu_only, outside_eu
from services.twilio_accounts import TwilioAccount, account_of_numbers

log = logging.getLogger(__name__)


def _in_eu_if_asked(profile: BotProfile, session: Session) -> BotProfile:
    """The bot's engines, with the offline ones instead of any outside the EU when the
    tenant asked for EU processing only (services/engine_regions.py)."""
    chosen = {name: getattr(profile, name) for name in ENGINE_FIELDS}
    replaced = outside_eu(chosen, eu_only=eu_only(session=session, tenant_id=profile.tenant_id))
    if replaced:
        log.info(
            "bot %s: EU processing only, so %s run offline instead",
            profile.id,
            ", ".join(f"{name}={chosen[name]}" for name in replaced),
        )
    engines = chosen | replaced
    return dataclasses.replace(
        profile,
        stt_engine=engines["stt_engine"],
        tts_engine=engines["tts_engine"],
        dialogue_engine=engines["dialogue_engine"],
    )


# Which stored credential each cloud engine needs.
ENGINE_PROVIDERS = {
    "google": Provider.GOOGLE,
    "elevenlabs": Provider.ELEVENLABS,
    "openai": Provider.OPENAI,
}


@dataclass(frozen=True)
class CallContext:
    profile: BotProfile
    credentials: dict[str, str]


class CallStore:
    def __init__(self, factory: sessionmaker[Session], cipher: CredentialCipher) -> None:
        self._factory = factory
        self._cipher = cipher

    def route(self, to_number: str, default_language: str) -> Route:
        with staff_session(self._factory) as session:
            return route_call(
                session=session, to_number=to_number, default_language=default_language
            )

    def twilio_account(self, account_sid: str) -> TwilioAccount | None:
        """The tenant's own Twilio account named `account_sid`, if a tenant has one."""
        with staff_session(self._factory) as session:
            return account_of_numbers(session=session, cipher=self._cipher, account_sid=account_sid)

    def progress(self, call_sid: str) -> CallProgress:
        with staff_session(self._factory) as session:
            return call_progress(session=session, call_sid=call_sid)

    def open(
        self,
        route: Route,
        *,
        call_sid: str,
        from_number: str,
        to_number: str,
        outcome: CallOutcome | None = None,
    ) -> int:
        assert route.tenant_id is not None
        with tenant_session(self._factory, route.tenant_id) as session:
            call = open_call(
                session=session,
                route=route,
                call_sid=call_sid,
                from_number=from_number,
                to_number=to_number,
                outcome=outcome,
            )
            session.commit()
            return call.id

    def load_context(self, *, tenant_id: int, bot_id: int, call_id: int) -> CallContext | None:
        """What the call's conversation needs; None if its bot is gone or the call has
        ended (a stream for an ended call would be a conversation nobody records)."""
        with tenant_session(self._factory, tenant_id) as session:
            bot = session.get(Bot, bot_id)
            call = session.get(Call, call_id)
            if bot is None or call is None or has_ended(call):
                return None
            profile = _in_eu_if_asked(BotProfile.from_bot(bot), session)
        return CallContext(profile, self._credentials(profile, tenant_id))

    def _credentials(self, profile: BotProfile, tenant_id: int) -> dict[str, str]:
        """The keys of the bot's cloud engines: the tenant's own, else the platform's. A
        tenant session cannot see platform-wide keys (tenant_id NULL), so this reads as the
        platform; reveal_credential picks the tenant's row or the platform's, no other."""
        engines = {profile.stt_engine, profile.tts_engine, profile.dialogue_engine}
        wanted = {
            engine: ENGINE_PROVIDERS[engine] for engine in engines if engine in ENGINE_PROVIDERS
        }
        if not wanted:
            return {}
        credentials: dict[str, str] = {}
        with staff_session(self._factory) as session:
            for engine, provider in wanted.items():
                value = reveal_credential(
                    session=session, cipher=self._cipher, provider=provider, tenant_id=tenant_id
                )
                if value:
                    credentials[engine] = value
        return credentials

    def append_turns(
        self, *, tenant_id: int, call_id: int, turns: Sequence[TurnRecord], beat_at: datetime
    ) -> None:
        with tenant_session(self._factory, tenant_id) as session:
            append_turns(session=session, call_id=call_id, turns=turns, beat_at=beat_at)
            session.commit()

    def finish(
        self,
        *,
        tenant_id: int,
        call_id: int,
        outcome: CallOutcome,
        turns: Sequence[TurnRecord],
        stt_seconds: float,
        tts_characters: int,
        summary: str | None = None,
    ) -> bool:
        with tenant_session(self._factory, tenant_id) as session:
            done = finish_call(
                session=session,
                call_id=call_id,
                outcome=outcome,
                turns=turns,
                stt_seconds=stt_seconds,
                tts_characters=tts_characters,
                summary=summary,
            )
            session.commit()
            return done

    def status_callback(
        self, *, call_sid: str, status: str, duration: int | None, only_tenant: int | None = None
    ) -> int | None:
        """Apply Twilio's status to the call; the call's tenant, or None when the callback
        names no call of ours. `only_tenant`: the callback came from that tenant's own Twilio
        account, which speaks for its own calls only."""
        with staff_session(self._factory) as session:
            tenant_id = tenant_of_call(session=session, call_sid=call_sid)
        if tenant_id is None or only_tenant not in (None, tenant_id):
            return None
        with tenant_session(self._factory, tenant_id) as session:
            apply_status_callback(
                session=session, call_sid=call_sid, status=status, duration_seconds=duration
            )
            session.commit()
        return tenant_id
