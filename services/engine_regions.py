"""Where each engine a bot can choose processes the caller's audio and words.

The facts are about the endpoints the platform talks to (core/settings.py defaults):
Google's global speech endpoint, ElevenLabs' and OpenAI's standard APIs all may process
outside the EU; the offline engines run on the platform's own servers, which run in the EU.
A tenant with "EU processing only" may not choose an engine without an EU endpoint: the
service refuses it when a bot is saved, and a call of a bot saved before falls back to the
offline engine (voice_runtime/engines.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from core.catalogue import N_
from models import Tenant, User
from services.permissions import Action, require
from services.tenant_settings import set_own_setting

ENGINE_FIELDS = ("stt_engine", "tts_engine", "dialogue_engine")
NOT_IN_EU = N_(
    "Your account allows processing in the EU only, and this engine works outside the EU."
)


@dataclass(frozen=True)
class EngineRegion:
    in_eu: bool
    where: str  # one plain sentence for the bot's settings (the front doors translate it)


REGIONS = {
    "offline": EngineRegion(True, N_("Runs on our own servers in the EU.")),
    "google": EngineRegion(False, N_("Google processes the audio, also outside the EU (USA).")),
    "elevenlabs": EngineRegion(
        False, N_("ElevenLabs processes the text, also outside the EU (USA).")
    ),
    "openai": EngineRegion(
        False, N_("OpenAI processes the conversation, also outside the EU (USA).")
    ),
}


def in_eu(engine: str) -> bool:
    region = REGIONS.get(engine)
    return region is not None and region.in_eu


def eu_errors(engines: dict[str, str], *, eu_only: bool) -> dict[str, str]:
    """Field → message for each chosen engine an EU-only account may not use."""
    if not eu_only:
        return {}
    return {name: NOT_IN_EU for name, engine in engines.items() if not in_eu(engine)}


def eu_only(*, session: Session, tenant_id: int | None) -> bool:
    """Whether the tenant asked for EU processing only (by id: staff sessions call this too)."""
    tenant = session.get(Tenant, tenant_id) if tenant_id is not None else None
    return bool(tenant and tenant.eu_processing_only)


def set_eu_only(*, session: Session, actor: User, wanted: bool) -> Tenant:
    """The administrator's choice; bots already on a non-EU engine fall back at call time."""
    require(actor, Action.PRIVACY)
    return set_own_setting(
        session, actor, "privacy.eu_only_changed", Tenant.eu_processing_only, wanted
    )


def outside_eu(engines: dict[str, str], *, eu_only: bool) -> dict[str, str]:
    """Field → "offline" for each engine a call of an EU-only account may not use: a bot
    saved before the account turned EU-only on still calls in the EU."""
    return {name: "offline" for name, engine in engines.items() if eu_only and not in_eu(engine)}
