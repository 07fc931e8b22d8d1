"""`voiceagent local-twilio`: a stand-in for Twilio's REST API, on 127.0.0.1 only.

The real `twilio` SDK talks to it (`TWILIO_API_BASE_URL`) in development and in tests. It
checks each request as Twilio does, with Twilio's error codes, and keeps what it accepted:

- every request: HTTP basic auth with the account SID and auth token (401, code 20003), and
  the account in the path must be that account (404, 20404). `accounts` may hold more
  accounts (a tenant's own) besides the main one; they share what the stand-in keeps;
- numbers: search (`AvailablePhoneNumbers/{country}/Local.json`), buy, list by
  FriendlyName, release (`IncomingPhoneNumbers`). An Austrian (+43) number is refused as
  Twilio refuses it without its regulatory bundle (400, code 21649, Twilio's text) or, with
  a bundle, without an Address of this account in Austria (400, 21631). A bundle is any
  `BU…` sid unless `approved_bundles` is set; then only those are approved (21649 again);
- addresses (`Addresses.json`): create (CustomerName, Street, City, Region, PostalCode and
  IsoCountry are required: 400, 20001, in Twilio's words) and list by
  FriendlyName; kept in `addresses`;
- SMS (`Messages.json`): `To` (21604), `From` (21603) and `Body` (21602) are required; `To`
  must be an E.164 number (21211), `From` too (21212) and a number of this account (21606);
  a body over 1,600 characters is refused (21617). Accepted messages are kept in `messages`
  (and printed by the command, so a developer sees the text a caller would get);
- a live call's update (`Calls/{sid}.json`, the hand-over to a person): kept in
  `call_updates`; with `refuse_call_updates` set it is refused as Twilio refuses a call that
  ended at its end meanwhile (400, 21220).

The account's numbers are those bought through it plus `owned_numbers()` — in development
the local number pool's (integrations/telephony/local.py), which is where `voiceagent dev`
gets new bots' numbers from, and the active numbers in the database (the demo bots').
"""

from __future__ import annotations

import base64
import json
import re
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import click

from core.settings import DEV_TWILIO_ACCOUNT_SID, DEV_TWILIO_AUTH_TOKEN, Settings

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
BUNDLE_SID = re.compile(r"^BU[0-9a-fA-F]{32}$")
# Twilio's own words for a regulated number bought without what its regulator asks for.
BUNDLE_REQUIRED = (
    "To purchase or transfer this number you must provide a bundle compliant with the rules "
    "for the country and number type. More information here: "
    "https://www.twilio.com/docs/phone-numbers/regulatory/phone-numbers-regulatory-requirements-customers"
)
ADDRESS_REQUIRED = "Phone Number Requires an Address"
ADDRESS_FIELDS = (
    "CustomerName",
    "Street",
    "City",
    "Region",
    "PostalCode",
    "IsoCountry",
)  # libphonenumber, as Twilio uses it, needs more than a code
MAX_BODY = 1600
_ACCOUNT_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<account>[^/]+)/(?P<rest>.+)$")


class LocalTwilio(ThreadingHTTPServer):
    """The server; `requests` holds every request it got (with the account it authenticated
    as), `messages` the SMS it accepted, `call_updates` the call updates (with the call's
    sid)."""

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int] = ("127.0.0.1", 0),
        *,
        account_sid: str = DEV_TWILIO_ACCOUNT_SID,
        auth_token: str = DEV_TWILIO_AUTH_TOKEN,
        owned_numbers: Callable[[], set[str]] = set,
        on_message: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        super().__init__(address, _Handler)
        self.account_sid, self.auth_token = account_sid, auth_token
        self.accounts = {account_sid: auth_token}  # SID → token of every account it knows
        self.owned_numbers, self.on_message = owned_numbers, on_message
        self.requests: list[dict[str, Any]] = []
        self.messages: list[dict[str, Any]] = []
        self.available: list[str] = []  # what a number search finds
        self.incoming: dict[str, dict[str, Any]] = {}  # numbers bought, by sid
        self.addresses: dict[str, dict[str, Any]] = {}  # by sid
        self.approved_bundles: set[str] | None = None  # None: every well-formed sid
        self.call_updates: list[dict[str, Any]] = []
        self.refuse_call_updates = False
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def account_numbers(self) -> set[str]:
        with self.lock:
            bought = {entry["phone_number"] for entry in self.incoming.values()}
        return bought | set(self.owned_numbers())


@contextmanager
def running(server: LocalTwilio) -> Iterator[LocalTwilio]:
    """Serve on a thread for as long as the block runs (tests)."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: LocalTwilio

    def do_GET(self) -> None:  # noqa: N802
        self._serve()

    def do_POST(self) -> None:  # noqa: N802
        self._serve()

    def do_DELETE(self) -> None:  # noqa: N802
        self._serve()

    def log_message(self, *_args: object) -> None:
        pass

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
        query = parse_qs(parts.query)
        with self.server.lock:
            self.server.requests.append(
                {
                    "method": self.command,
                    "path": parts.path,
                    "query": query,
                    "form": form,
                    "account": self._basic_auth_user(),
                }
            )
        matched = _ACCOUNT_PATH.match(parts.path)
        if not self._authenticated():
            return self._error(401, 20003, "Authenticate")
        if matched is None or matched["account"] != self._basic_auth_user():
            return self._error(404, 20404, "The requested resource was not found")
        args = {name: values[0] for name, values in {**query, **form}.items()}
        route = (self.command, matched["rest"])
        if route == ("POST", "Messages.json"):
            return self._send_message(args)
        call = re.fullmatch(r"Calls/(?P<sid>[^/]+)\.json", route[1])
        if self.command == "POST" and call is not None:
            return self._update_call(call["sid"], args)
        if self.command == "GET" and re.fullmatch(
            r"AvailablePhoneNumbers/\w\w/Local\.json", route[1]
        ):
            numbers = [{"phone_number": number} for number in self.server.available]
            return self._answer(200, {"available_phone_numbers": numbers})
        if route[1] == "IncomingPhoneNumbers.json" and self.command in ("GET", "POST"):
            return self._incoming_numbers(args)
        if route[1] == "Addresses.json" and self.command in ("GET", "POST"):
            return self._addresses(args)
        if self.command == "DELETE" and route[1].startswith("IncomingPhoneNumbers/"):
            return self._release(route[1].rsplit("/", 1)[-1].removesuffix(".json"))
        return self._error(404, 20404, "The requested resource was not found")

    def _basic_auth_user(self) -> str | None:
        """The account SID the request authenticated as (never the token: it is recorded)."""
        given = self.headers.get("Authorization") or ""
        try:
            return base64.b64decode(given.removeprefix("Basic ")).decode().split(":", 1)[0]
        except (ValueError, UnicodeDecodeError):
            return None

    def _authenticated(self) -> bool:
        account = self._basic_auth_user() or ""
        token = self.server.accounts.get(account)
        expected = f"{account}:{token}".encode()
        given = self.headers.get("Authorization") or ""
        return token is not None and given == "Basic " + base64.b64encode(expected).decode()

    def _send_message(self, args: dict[str, str]) -> None:
        to, sender, body = args.get("To", ""), args.get("From", ""), args.get("Body", "")
        if not to:
            return self._error(400, 21604, "A 'To' phone number is required.")
        if not sender and not args.get("MessagingServiceSid"):
            return self._error(400, 21603, "A 'From' phone number is required.")
        if not body and not args.get("MediaUrl"):
            return self._error(400, 21602, "Message body is required.")
        if not E164.match(to):
            return self._error(400, 21211, f"The 'To' number {to} is not a valid phone number.")
        if not E164.match(sender):
            return self._error(
                400, 21212, f"The 'From' number {sender} is not a valid phone number."
            )
        if sender not in self.server.account_numbers():
            refusal = (
                f"The 'From' phone number provided ({sender}) is not a valid, message-capable "
                "Twilio phone number for this destination/account"
            )
            return self._error(400, 21606, refusal)
        if len(body) > MAX_BODY:
            return self._error(
                400, 21617, "The concatenated message body exceeds the 1600 character limit"
            )
        message = _message(self.server.account_sid, sender, to, body)
        with self.server.lock:
            self.server.messages.append(message)
        if self.server.on_message:
            self.server.on_message(message)
        return self._answer(201, message)

    def _update_call(self, sid: str, args: dict[str, str]) -> None:
        with self.server.lock:
            self.server.call_updates.append({"call_sid": sid, **args})
        if self.server.refuse_call_updates:
            return self._error(400, 21220, "Call is not in-progress. Cannot redirect.")
        account = self.server.account_sid
        return self._answer(200, {"sid": sid, "account_sid": account, "status": "in-progress"})

    def _incoming_numbers(self, args: dict[str, str]) -> None:
        with self.server.lock:
            if self.command == "GET":
                name = args.get("FriendlyName")
                found = [n for n in self.server.incoming.values() if n["friendly_name"] == name]
                return self._answer(200, {"incoming_phone_numbers": found})
            refusal = self._regulatory_refusal(args)
            if refusal is not None:
                return self._error(400, *refusal)
            sid = "PN" + uuid.uuid4().hex
            self.server.incoming[sid] = {
                "sid": sid,
                "phone_number": args.get("PhoneNumber", ""),
                "friendly_name": args.get("FriendlyName", ""),
                "address_sid": args.get("AddressSid"),
                "bundle_sid": args.get("BundleSid"),
            }
            return self._answer(201, self.server.incoming[sid])

    def _regulatory_refusal(self, args: dict[str, str]) -> tuple[int, str] | None:
        """Twilio's refusal of an Austrian number without its bundle or address, if due.
        Called with the lock held."""
        if not args.get("PhoneNumber", "").startswith("+43"):
            return None
        bundle, approved = args.get("BundleSid", ""), self.server.approved_bundles
        if not BUNDLE_SID.match(bundle) or (approved is not None and bundle not in approved):
            return 21649, BUNDLE_REQUIRED
        address = self.server.addresses.get(args.get("AddressSid", ""))
        if address is None or address["iso_country"] != "AT":
            return 21631, ADDRESS_REQUIRED
        return None

    def _addresses(self, args: dict[str, str]) -> None:
        with self.server.lock:
            if self.command == "GET":
                name = args.get("FriendlyName")
                found = [a for a in self.server.addresses.values() if a["friendly_name"] == name]
                return self._answer(200, {"addresses": found})
            for field in ADDRESS_FIELDS:
                if not args.get(field):
                    message = f"Missing required parameter {field} in the post body"
                    return self._error(400, 20001, message)
            sid = "AD" + uuid.uuid4().hex
            self.server.addresses[sid] = {
                "sid": sid,
                "account_sid": self.server.account_sid,
                "customer_name": args["CustomerName"],
                "street": args["Street"],
                "city": args["City"],
                "region": args["Region"],
                "postal_code": args["PostalCode"],
                "iso_country": args["IsoCountry"],
                "friendly_name": args.get("FriendlyName", ""),
            }
            return self._answer(201, self.server.addresses[sid])

    def _release(self, sid: str) -> None:
        with self.server.lock:
            released = self.server.incoming.pop(sid, None)
        if released is None:
            return self._error(404, 20404, "The requested resource was not found")
        self.send_response(204)
        self.end_headers()

    def _error(self, status: int, code: int, message: str) -> None:
        more_info = f"https://www.twilio.com/docs/errors/{code}"
        self._answer(
            status, {"code": code, "message": message, "more_info": more_info, "status": status}
        )

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def _message(account_sid: str, sender: str, to: str, body: str) -> dict[str, Any]:
    sid = "SM" + uuid.uuid4().hex
    now = format_datetime(datetime.now(UTC), usegmt=True)
    return {
        "sid": sid,
        "account_sid": account_sid,
        "from": sender,
        "to": to,
        "body": body,
        "status": "queued",
        "direction": "outbound-api",
        "num_segments": str(_segments(body)),
        "date_created": now,
        "date_updated": now,
        "api_version": "2010-04-01",
        "uri": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}.json",
    }


def _segments(body: str) -> int:
    """As a phone counts them: 160 characters of the GSM alphabet, 70 of anything else."""
    single, multi = (160, 153) if body.isascii() else (70, 67)
    return 1 if len(body) <= single else -(-len(body) // multi)


@click.command("local-twilio")
@click.option("--port", type=int, default=8421, show_default=True)
@click.pass_obj
def local_twilio(settings: Settings, port: int) -> None:
    """A local stand-in for Twilio's REST API on 127.0.0.1 (numbers, SMS), for development."""
    if settings.env == "production":
        raise click.UsageError("The local Twilio is for development and tests only.")
    server = LocalTwilio(
        ("127.0.0.1", port), owned_numbers=development_numbers(settings), on_message=_show
    )
    click.echo(f"Local Twilio on {server.url} (account {server.account_sid})")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def development_numbers(settings: Settings) -> Callable[[], set[str]]:
    """The development account's numbers: those the local pool handed out and the bots'
    active numbers in the database (the demo data's are not from the pool)."""
    from sqlalchemy import select

    from integrations.telephony.local import LocalTelephony
    from models import PhoneNumber, PhoneNumberStatus
    from models.database import make_engine, make_session_factory
    from models.scoping import staff_session

    pool = LocalTelephony(settings.local_numbers_path)
    sessions = make_session_factory(make_engine(settings.database_url))

    def numbers() -> set[str]:
        handed_out = {e["e164"] for e in pool.numbers().values() if not e["released"]}
        with staff_session(sessions) as db:
            active = select(PhoneNumber.e164).where(PhoneNumber.status == PhoneNumberStatus.ACTIVE)
            return handed_out | set(db.scalars(active))

    return numbers


def _show(message: dict[str, Any]) -> None:
    click.echo(f"SMS from {message['from']} to {message['to']}: {message['body']}")
