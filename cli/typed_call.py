"""`voiceagent call NUMBER --typed --say "…"`: a call whose caller types (cli/call.py).

Each line is spoken by espeak-ng in the caller's voice, so the runtime hears an utterance
where a caller would speak, and its recogniser takes the line as typed. After the call the
transcript and the call's summary are printed as stored.
"""

from __future__ import annotations

import asyncio
import re

import click
from sqlalchemy import select

from cli.typed_runtime import typed_runtime
from core.settings import Settings
from integrations.speech.espeak_tts import EspeakSynthesizer
from models import Call
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from services.call_history import call_detail
from voice_runtime.signatures import twilio_auth_token
from voice_runtime.simulated_twilio import CallerConfig, Rejected
from voice_runtime.simulator import SimulatedCall

CLOSE_WAIT_STEPS = 400  # × 25 ms: the runtime stores the call as it hangs up
# How long one answer may take to be heard out: the opening hours read out, and a question
# after them, take 20 s of espeak-ng (the simulator's default of 15 s ended such calls with
# a traceback).
ANSWER_WAIT_SECONDS = 60
# Punctuation inside a line, where espeak-ng pauses as at a sentence's end ("am 24. Dezember",
# "Dr. Huber", "ja, gern"): long enough for the runtime to end the turn, and the rest of the
# line became an utterance of its own, which took the next line's text.
_INNER_PAUSE = re.compile(r"[,.;:!?]+(?=\s*\S)")


async def typed_call(
    settings: Settings, number: str, lines: list[str], language: str, from_number: str
) -> None:
    voice = EspeakSynthesizer(language)
    async with typed_runtime(settings, lines) as (url, runtime):
        caller = CallerConfig(url, url, twilio_auth_token(settings), from_number=from_number)
        try:
            async with SimulatedCall.dial(caller, to_number=number) as call:
                click.echo(f"calling {number} from {from_number} (call {call.call_sid})")
                await call.wait_for_bot_quiet()
                for line in lines:
                    # No pause inside a line: one utterance, one typed line.
                    pcm = await voice.synthesize_pcm8k(_INNER_PAUSE.sub(" ", line))
                    try:
                        await call.say(pcm, answer_timeout=ANSWER_WAIT_SECONDS)
                    except TimeoutError:
                        click.echo(f"The bot was still talking after {ANSWER_WAIT_SECONDS} s.")
                        break
                    if call.closed.is_set():
                        break
                sid = call.call_sid
        except Rejected as rejected:
            click.echo(f"The call was not taken: {rejected.said}")
            return
        for _ in range(CLOSE_WAIT_STEPS):
            if runtime.metrics.calls_closed:
                break
            await asyncio.sleep(0.025)
    print_transcript(settings, sid)


def print_transcript(settings: Settings, call_sid: str) -> None:
    engine = make_engine(settings.database_url)
    with staff_session(make_session_factory(engine)) as session:
        call_id = session.scalar(select(Call.id).where(Call.provider_call_sid == call_sid))
        if call_id is None:
            raise click.ClickException("the call was not stored")
        detail = call_detail(session=session, call_id=call_id)
        for turn in detail.turns:
            click.echo(f"  {turn.speaker.value:>6}: {turn.text}")
        click.echo(f"summary: {detail.call.summary or '-'}")
    engine.dispose()  # its connections, when this runs inside a longer process (a test)
