"""Real phone numbers from Twilio, through the twilio SDK.

The purchase carries the provisioning tag as the number's FriendlyName, which is how a
retried job finds a number that a killed attempt bought (`find_by_tag`).

Outside North America Twilio sells a number only with an Address (AddressSid) and a
regulatory bundle (BundleSid); without them it answers 400 with code 21649 (no bundle) or
21631 (no address). The Address is created from the business address on the first purchase
and found again by a FriendlyName made of its own content, so a retry or a second bot reuses
it, and a changed address gets a new one.
`api_base_url` points the SDK elsewhere (a local server in tests); production leaves it unset.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.response import Response
from twilio.rest import Client

from integrations.telephony.base import (
    BusinessAddress,
    NoNumberAvailable,
    NumberRegistration,
    NumberWiring,
    OwnedNumber,
    RegistrationProblem,
    TelephonyError,
)

# Twilio filters by `area_code` only in North America; elsewhere a `contains` pattern on the
# E.164 number does the same job.
_CALLING_CODES = {"AT": "43", "DE": "49", "CH": "41", "GB": "44"}
# Twilio's answers to a purchase without what the country's regulator asks for.
_REFUSALS = {21649: "bundle_refused", 21631: "address_refused"}


class TwilioTelephony:
    name = "twilio"

    def __init__(
        self, account_sid: str, auth_token: str, *, api_base_url: str | None = None
    ) -> None:
        self.account: str | None = account_sid
        self._client = Client(account_sid, auth_token)
        if api_base_url:
            self._client.api.base_url = api_base_url.rstrip("/")

    def find_by_tag(self, tag: str) -> OwnedNumber | None:
        with _translated_errors():
            found = self._client.incoming_phone_numbers.list(friendly_name=tag, limit=1)
        if not found:
            return None
        return _owned(found[0], tag)

    def needs_registration(self, country: str) -> bool:
        return country not in ("US", "CA")

    def buy_number(
        self,
        *,
        tag: str,
        country: str,
        wiring: NumberWiring,
        area_code: str | None = None,
        registration: NumberRegistration | None = None,
    ) -> OwnedNumber:
        regulatory: dict[str, str] = {}
        with _translated_errors():
            if registration is not None:
                regulatory = {
                    "address_sid": self._address_sid(registration.address),
                    "bundle_sid": registration.bundle_sid,
                }
            candidates = self._client.available_phone_numbers(country).local.list(
                voice_enabled=True, limit=1, **_area_filter(country, area_code)
            )
            if not candidates:
                where = f"{country} {area_code}" if area_code else country
                raise NoNumberAvailable(f"Twilio has no number available in {where}.")
            bought = self._client.incoming_phone_numbers.create(
                phone_number=candidates[0].phone_number,
                friendly_name=tag,
                voice_url=wiring.voice_url,
                voice_method="POST",
                status_callback=wiring.status_callback,
                status_callback_method="POST",
                **regulatory,
            )
        return _owned(bought, tag, country=country)

    def _address_sid(self, address: BusinessAddress) -> str:
        name = _address_name(address)
        found = self._client.addresses.list(friendly_name=name, limit=1)
        if found:
            return str(found[0].sid)
        created = self._client.addresses.create(
            customer_name=address.customer_name,
            street=address.street,
            city=address.city,
            # Twilio wants a region; an Austrian address has none beyond its town.
            region=address.city,
            postal_code=address.postal_code,
            iso_country=address.country,
            friendly_name=name,
        )
        return str(created.sid)

    def release_number(self, provider_sid: str) -> None:
        try:
            with _translated_errors():
                self._client.incoming_phone_numbers(provider_sid).delete()
        except TelephonyError as error:
            if error.status != 404:
                raise
            # Already released: the outcome we wanted.


def _area_filter(country: str, area_code: str | None) -> dict[str, object]:
    if not area_code:
        return {}
    if country in ("US", "CA"):
        return {"area_code": int(area_code)}
    calling_code = _CALLING_CODES.get(country)
    if calling_code is None:
        return {"contains": f"{area_code}*"}
    return {"contains": f"+{calling_code}{area_code}*"}


def _address_name(address: BusinessAddress) -> str:
    """The Address's FriendlyName: the same for the same address, new for a changed one."""
    content = "\n".join(
        (address.customer_name, address.street, address.postal_code, address.city, address.country)
    )
    return "voiceagent-address-" + hashlib.sha256(content.encode()).hexdigest()[:24]


def _owned(resource: object, tag: str, *, country: str | None = None) -> OwnedNumber:
    e164 = resource.phone_number  # type: ignore[attr-defined]
    return OwnedNumber(
        e164=e164,
        provider_sid=resource.sid,  # type: ignore[attr-defined]
        country=country or _country_of(e164),
        tag=tag,
    )


def _country_of(e164: str) -> str:
    for country, code in _CALLING_CODES.items():
        if e164.startswith("+" + code):
            return country
    return "US" if e164.startswith("+1") else "??"


@contextmanager
def _translated_errors() -> Iterator[None]:
    """Turns SDK errors into TelephonyError with a message fit for a job's last_error."""
    try:
        yield
    except TwilioRestException as error:
        raise _telephony_error(error) from None
    except TwilioException as error:
        # A list whose page Twilio refused carries the answer instead of a status and code.
        answer = error.args[1] if len(error.args) > 1 else None
        if isinstance(answer, Response):
            raise _refused_page(answer) from None
        raise TelephonyError(f"Twilio could not be reached: {type(error).__name__}") from None
    except requests.RequestException as error:
        # Only the error's type: its text holds the request URL, and with it the account SID.
        raise TelephonyError(f"Twilio could not be reached: {type(error).__name__}") from None


def _refused_page(answer: Response) -> TelephonyError:
    try:
        body = json.loads(answer.text)
    except ValueError:
        body = {}
    code = body.get("code") if isinstance(body, dict) else None
    message = body.get("message", "") if isinstance(body, dict) else ""
    return _telephony_error(
        TwilioRestException(answer.status_code, "", msg=str(message)[:300], code=code)
    )


def _telephony_error(error: TwilioRestException) -> TelephonyError:
    # The SDK's message includes the request URL, which holds the account SID: leave it out.
    message = f"Twilio answered {error.status} (code {error.code}): {error.msg}"
    reason = _REFUSALS.get(error.code) if isinstance(error.code, int) else None
    if reason is not None:
        return RegistrationProblem(message, reason=reason, status=error.status)
    return TelephonyError(message, status=error.status)
