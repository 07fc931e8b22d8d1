"""The portal names what it stores in words, never by its code: a bot's and a call's language
("Deutsch (Österreich)", not "de-AT"), a bot's engines, the kind of a provider key ("API-
Schlüssel", not "api_key"), a webhook's events ("Anruf beendet", not "call.completed") — in
German and in English."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from models import BotLanguage, Role, Tenant
from services.bots import DIALOGUE_ENGINES, STT_ENGINES, TTS_ENGINES
from services.call_events import BOOKING_CREATED, CALL_COMPLETED
from tests.customer_ui.conftest import WAIT, log_in
from tests.factories import Factory

CODES = [
    *(language.value for language in BotLanguage),
    *{*STT_ENGINES, *TTS_ENGINES, *DIALOGUE_ENGINES},
    "api_key",
    CALL_COMPLETED,
    BOOKING_CREATED,
]
WORDS = {
    "de-AT": ("Deutsch (Österreich)", "Englisch (USA)", "API-Schlüssel", "Anruf beendet"),
    "en-US": ("German (Austria)", "English (US)", "API key", "Call ended"),
}


@pytest.mark.parametrize("locale", ["de-AT", "en-US"])
async def test_languages_engines_and_key_kinds_are_words(
    user: User, make: Factory, tenant: Tenant, locale: str
) -> None:
    german = make.bot(tenant, name="Empfang", language=BotLanguage.DE_AT, stt_engine="google")
    english = make.bot(tenant, name="Reception", language=BotLanguage.EN_US)
    call = make.call(tenant, german, language="de-AT")
    make.api_key(tenant, name="api_key")
    endpoint = make.webhook_endpoint(tenant)
    for event in (CALL_COMPLETED, BOOKING_CREATED):
        make.webhook_delivery(tenant, endpoint, event_type=event)
    make.session.commit()
    german_words, english_words, api_key, call_ended = WORDS[locale]
    booking_made = "Termin gebucht" if locale == "de-AT" else "Booking made"
    account = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale=locale)
    await log_in(user, account.email, make.password)
    dashboard = "Minuten diesen Monat" if locale == "de-AT" else "Minutes this month"
    await user.should_see(dashboard, retries=WAIT)

    pages = {
        "/bots": (german_words, english_words),
        f"/calls/{call.id}": (german_words,),
        f"/bots/{german.id}": (),
        f"/bots/{english.id}": (),
        "/settings": (api_key,),
    }
    for path, words in pages.items():
        await user.open(path)
        for word in words:
            await user.should_see(word, retries=WAIT)
        for code in CODES:
            await user.should_not_see(code)
    await user.should_not_see("Art des Schlüssels" if locale == "de-AT" else "Kind of key")
    # A table's rows are data, not elements: the deliveries' events are read from them.
    [deliveries] = user.find(kind=ui.table).elements
    assert sorted(row["event"] for row in deliveries.rows) == sorted([call_ended, booking_made])
