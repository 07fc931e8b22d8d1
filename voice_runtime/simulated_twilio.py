"""What Twilio's side of a call sends over HTTP, for the call simulator
(voice_runtime/simulator.py), `voiceagent call`, the tests and the benchmarks: the signed
voice webhook and status callback, and the TwiML's answer read back (the media stream to
open, or what the runtime said before hanging up).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 (parses TwiML from our own runtime)
from dataclasses import dataclass

import httpx

from voice_runtime.signatures import STATUS_PATH, VOICE_PATH, SignatureChecker


@dataclass(frozen=True)
class CallerConfig:
    runtime_url: str  # where the runtime listens, e.g. http://127.0.0.1:8090
    public_base_url: str  # what Twilio would call (signatures are over this)
    auth_token: str
    from_number: str = "+436641234567"
    account_sid: str = "AC" + "0" * 32  # the Twilio account the call is in (its token signs)


@dataclass
class Rejected(Exception):
    """The runtime answered with <Say>/<Hangup> instead of a media stream."""

    said: str


async def post_voice_webhook(
    config: CallerConfig, *, to_number: str, call_sid: str, client: httpx.AsyncClient
) -> str:
    params = {
        "CallSid": call_sid,
        "AccountSid": config.account_sid,
        "From": config.from_number,
        "To": to_number,
        "CallStatus": "ringing",
        "Direction": "inbound",
    }
    signature = SignatureChecker(config.auth_token).sign(
        config.public_base_url + VOICE_PATH, params
    )
    response = await client.post(
        config.runtime_url + VOICE_PATH, data=params, headers={"X-Twilio-Signature": signature}
    )
    response.raise_for_status()
    return response.text


async def post_status_callback(
    config: CallerConfig,
    *,
    call_sid: str,
    status: str,
    client: httpx.AsyncClient,
    duration: str = "",
) -> int:
    """Twilio's signed status callback for the call; the runtime's HTTP status code."""
    params = {"CallSid": call_sid, "CallStatus": status, "CallDuration": duration}
    signature = SignatureChecker(config.auth_token).sign(
        config.public_base_url + STATUS_PATH, params
    )
    response = await client.post(
        config.runtime_url + STATUS_PATH, data=params, headers={"X-Twilio-Signature": signature}
    )
    return response.status_code


def parse_twiml(twiml: str) -> tuple[str, dict[str, str]]:
    """(stream URL, parameters) of a <Connect><Stream>; raises Rejected for a <Say> answer."""
    root = ET.fromstring(twiml)  # noqa: S314
    stream = root.find("./Connect/Stream")
    if stream is None:
        said = " ".join((say.text or "") for say in root.iter("Say"))
        raise Rejected(said)
    parameters = {p.get("name", ""): p.get("value", "") for p in stream.iter("Parameter")}
    return stream.get("url", ""), parameters
