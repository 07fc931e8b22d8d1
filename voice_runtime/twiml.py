"""The TwiML documents the runtime answers with, built with the twilio library."""

from __future__ import annotations

from twilio.twiml.voice_response import Connect, VoiceResponse

# <Say> language for each bot language (Twilio has no de-AT voice; de-DE is understood).
SAY_LANGUAGES = {"de-AT": "de-DE", "en-US": "en-US"}


def connect_stream(stream_url: str, token: str) -> str:
    """Bidirectional media stream to the runtime. Stream URLs take no query string, so the
    one-time token travels as a <Parameter>. When the stream ends, <Hangup> ends the call."""
    response = VoiceResponse()
    connect = Connect()
    stream = connect.stream(url=stream_url)
    stream.parameter(name="token", value=token)
    response.append(connect)
    response.hangup()
    return str(response)


def say_and_hang_up(text: str, language: str) -> str:
    response = VoiceResponse()
    response.say(text, language=SAY_LANGUAGES.get(language, "en-US"))
    response.hangup()
    return str(response)


def hang_up() -> str:
    """End the call without a word (a replayed webhook: nobody new is listening)."""
    response = VoiceResponse()
    response.hangup()
    return str(response)


# Seconds the hand-over number may ring before Twilio gives up.
DIAL_TIMEOUT_S = 30


def dial(number: str) -> str:
    """Connect the caller to `number` (hand-over to a human; the bot has said its line)."""
    response = VoiceResponse()
    response.dial(number, timeout=DIAL_TIMEOUT_S)
    response.hangup()
    return str(response)
