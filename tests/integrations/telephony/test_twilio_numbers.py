"""TwilioTelephony with the real twilio SDK, pointed at a local server that stands in for
Twilio's REST API and records what it was asked."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from integrations.telephony import NoNumberAvailable, TwilioTelephony, wiring_for
from integrations.telephony.base import TelephonyError

SID, TOKEN = "AC" + "0" * 32, "test-auth-token"
BASE = f"/2010-04-01/Accounts/{SID}"


class FakeTwilio(ThreadingHTTPServer):
    requests: list[dict]
    available: list[str]
    owned: dict[str, dict]


class _Handler(BaseHTTPRequestHandler):
    def _answer(self, status: int, body: dict | None = None) -> None:
        payload = json.dumps(body or {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _record(self) -> tuple[str, dict[str, list[str]]]:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode()) if length else {}
        query = parse_qs(parts.query)
        self.server.requests.append(  # type: ignore[attr-defined]
            {
                "method": self.command,
                "path": parts.path,
                "query": query,
                "form": form,
                "auth": self.headers.get("Authorization"),
            }
        )
        return parts.path, {**query, **form}

    def do_GET(self) -> None:  # noqa: N802
        path, args = self._record()
        server: FakeTwilio = self.server  # type: ignore[assignment]
        if path == f"{BASE}/AvailablePhoneNumbers/AT/Local.json":
            numbers = [{"phone_number": n} for n in server.available]
            return self._answer(200, {"available_phone_numbers": numbers})
        if path == f"{BASE}/IncomingPhoneNumbers.json":
            name = args.get("FriendlyName", [None])[0]
            found = [n for n in server.owned.values() if n["friendly_name"] == name]
            return self._answer(200, {"incoming_phone_numbers": found})
        return self._answer(404, {"code": 20404, "message": "not found", "status": 404})

    def do_POST(self) -> None:  # noqa: N802
        path, args = self._record()
        server: FakeTwilio = self.server  # type: ignore[assignment]
        if path == f"{BASE}/IncomingPhoneNumbers.json":
            sid = f"PN{len(server.owned):032d}"
            server.owned[sid] = {
                "sid": sid,
                "phone_number": args["PhoneNumber"][0],
                "friendly_name": args["FriendlyName"][0],
            }
            return self._answer(201, server.owned[sid])
        return self._answer(404, {"code": 20404, "message": "not found", "status": 404})

    def do_DELETE(self) -> None:  # noqa: N802
        path, _ = self._record()
        sid = path.rsplit("/", 1)[-1].removesuffix(".json")
        server: FakeTwilio = self.server  # type: ignore[assignment]
        if server.owned.pop(sid, None) is None:
            return self._answer(404, {"code": 20404, "message": "not found", "status": 404})
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def twilio_server() -> Iterator[FakeTwilio]:
    server = FakeTwilio(("127.0.0.1", 0), _Handler)
    server.requests, server.available, server.owned = [], ["+43160001234"], {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def telephony(twilio_server: FakeTwilio) -> TwilioTelephony:
    host, port = twilio_server.server_address
    return TwilioTelephony(SID, TOKEN, api_base_url=f"http://{host}:{port}")


def test_buying_searches_vienna_and_wires_the_number_to_the_runtime(
    telephony: TwilioTelephony, twilio_server: FakeTwilio
) -> None:
    owned = telephony.buy_number(
        tag="voiceagent-provisioning-7",
        country="AT",
        area_code="1",
        wiring=wiring_for("https://voice.example.at"),
    )

    assert owned.e164 == "+43160001234" and owned.country == "AT"
    search, purchase = twilio_server.requests
    assert search["method"] == "GET"
    assert search["query"]["Contains"] == ["+431*"]
    assert search["query"]["VoiceEnabled"] == ["true"]
    assert search["auth"].startswith("Basic ")
    assert purchase["form"] == {
        "PhoneNumber": ["+43160001234"],
        "FriendlyName": ["voiceagent-provisioning-7"],
        "VoiceUrl": ["https://voice.example.at/twilio/voice"],
        "VoiceMethod": ["POST"],
        "StatusCallback": ["https://voice.example.at/twilio/status"],
        "StatusCallbackMethod": ["POST"],
    }


def test_a_retry_finds_the_number_by_its_tag(
    telephony: TwilioTelephony, twilio_server: FakeTwilio
) -> None:
    wiring = wiring_for("https://voice.example.at")
    bought = telephony.buy_number(tag="voiceagent-provisioning-8", country="AT", wiring=wiring)
    assert telephony.find_by_tag("voiceagent-provisioning-8") == bought
    assert telephony.find_by_tag("voiceagent-provisioning-9") is None
    assert twilio_server.requests[-1]["query"]["FriendlyName"] == ["voiceagent-provisioning-9"]


def test_no_available_number_is_a_clear_error(
    telephony: TwilioTelephony, twilio_server: FakeTwilio
) -> None:
    twilio_server.available = []
    with pytest.raises(NoNumberAvailable, match="no number available in AT 1"):
        telephony.buy_number(
            tag="t", country="AT", area_code="1", wiring=wiring_for("https://v.example.at")
        )


def test_release_deletes_and_tolerates_a_number_already_gone(
    telephony: TwilioTelephony, twilio_server: FakeTwilio
) -> None:
    owned = telephony.buy_number(tag="t", country="AT", wiring=wiring_for("https://v.example.at"))
    telephony.release_number(owned.provider_sid)
    telephony.release_number(owned.provider_sid)  # 404 now: already released, fine
    deletes = [r for r in twilio_server.requests if r["method"] == "DELETE"]
    assert [r["path"] for r in deletes] == [
        f"{BASE}/IncomingPhoneNumbers/{owned.provider_sid}.json"
    ] * 2
    assert twilio_server.owned == {}


def test_errors_name_no_account_sid(telephony: TwilioTelephony, twilio_server: FakeTwilio) -> None:
    with pytest.raises(TelephonyError) as failure:
        TwilioTelephony(SID, TOKEN, api_base_url="http://127.0.0.1:9").find_by_tag("x")
    assert SID not in str(failure.value)
