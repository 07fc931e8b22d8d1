"""Stripe Checkout in setup mode on the local Stripe: localstripe 1.15 has no Checkout.

"Add a payment method" sends the customer to a Checkout Session in setup mode; this serves:
- `POST /v1/checkout/sessions`: a session with its SetupIntent, checked as Stripe checks the
  request: a secret key, a known `mode` (only `setup` is made here; the others are refused
  by name), a known `customer`, `currency` unless `payment_method_types` is given, a
  `success_url` and `cancel_url` that are web addresses, metadata within Stripe's limits,
  and no unknown parameters;
- `GET /v1/checkout/sessions/{id}`: the session as it stands;
- `GET /c/pay/{id}`: Checkout's page, a card form (no key: the session id is the secret);
- `POST /c/pay/{id}`: the card is checked and saved through localstripe's own SetupIntent
  and PaymentMethod (its declined test cards are declined), attached to the customer; the
  session completes, `checkout.session.completed` is sent, and the browser goes to
  `success_url` with `{CHECKOUT_SESSION_ID}` filled in, as Stripe does.
Sessions expire after 24 hours, as Stripe's do by default.
"""

from __future__ import annotations

import html
import time
from typing import Any, NoReturn

from aiohttp import web
from localstripe.errors import UserError
from localstripe.resources import (
    Event,
    PaymentMethod,
    SetupIntent,
    StripeObject,
    store,
)

from cli.local_stripe_additions import is_web_address, page

EXPIRES_AFTER_S = 24 * 60 * 60
PARAMS = {
    "mode",
    "customer",
    "currency",
    "success_url",
    "cancel_url",
    "payment_method_types",
    "locale",
    "metadata",
    "client_reference_id",
    "expand",
}
MODES = ("payment", "setup", "subscription")
# Stripe knows these for a new session; the local one does not do them.
PARAMS_NOT_HERE = {
    "line_items",
    "payment_intent_data",
    "subscription_data",
    "setup_intent_data",
    "ui_mode",
    "return_url",
    "customer_email",
    "customer_creation",
    "customer_update",
    "billing_address_collection",
    "consent_collection",
    "custom_fields",
    "custom_text",
    "discounts",
    "expires_at",
    "invoice_creation",
    "payment_method_collection",
    "payment_method_configuration",
    "payment_method_options",
    "phone_number_collection",
    "redirect_on_completion",
    "saved_payment_method_options",
    "shipping_address_collection",
    "submit_type",
    "tax_id_collection",
}
METADATA_KEYS, METADATA_KEY_LENGTH, METADATA_VALUE_LENGTH = 50, 40, 500
TEST_CARD = "4242424242424242"


class CheckoutSession(StripeObject):
    """A Checkout Session in setup mode, kept in localstripe's store like its own objects."""

    object = "checkout.session"
    _id_prefix = "cs_test_"

    def __init__(self, *, data: dict[str, Any], origin: str) -> None:
        customer = data.get("customer")
        intent = SetupIntent(
            customer=customer,
            payment_method_types=data.get("payment_method_types"),
            metadata=data.get("metadata"),
        )
        super().__init__()
        self.mode = "setup"
        self.status = "open"
        self.payment_status = "no_payment_required"
        self.customer = customer
        self.currency = data.get("currency")
        self.locale = data.get("locale")
        self.client_reference_id = data.get("client_reference_id")
        self.metadata = data.get("metadata") or {}
        self.success_url = data["success_url"]
        self.cancel_url = data.get("cancel_url")
        self.setup_intent = intent.id
        self.payment_method_types = intent.payment_method_types
        self.expires_at = self.created + EXPIRES_AFTER_S
        self.url = f"{origin}/c/pay/{self.id}"

    @property
    def expired(self) -> bool:
        return time.time() > self.expires_at


def add_checkout_endpoints(app: web.Application) -> None:
    app.router.add_post("/v1/checkout/sessions", _create_session)
    app.router.add_get("/v1/checkout/sessions/{id}", _retrieve_session)
    app.router.add_get("/c/pay/{id}", _checkout_page)
    app.router.add_post("/c/pay/{id}", _save_card)


async def _create_session(request: web.Request) -> web.Response:
    from localstripe import server

    data = dict(await server.get_post_data(request) or {})
    data.pop("expand", None)
    _check_session_params(data)
    session = CheckoutSession(data=data, origin=f"{request.scheme}://{request.host}")
    return server.json_response(session._export())


async def _retrieve_session(request: web.Request) -> web.Response:
    from localstripe import server

    return server.json_response(_session(request.match_info["id"])._export())


def _check_session_params(data: dict[str, Any]) -> None:
    for name in sorted(data):
        if name in PARAMS_NOT_HERE:
            _refuse(f"The local Stripe does not do {name}.", name)
        if name not in PARAMS:
            _refuse(f"Received unknown parameter: {name}", name)
    mode = data.get("mode")
    if mode is None:
        _refuse("Missing required param: mode.", "mode", code="parameter_missing")
    if mode not in MODES:
        _refuse(f"Invalid mode: must be one of {', '.join(MODES)}", "mode")
    if mode != "setup":
        _refuse("The local Stripe makes Checkout Sessions in setup mode only.", "mode")
    customer = data.get("customer")
    if customer is not None and (
        not isinstance(customer, str) or store.get(f"customer:{customer}") is None
    ):
        _refuse(f"No such customer: '{customer}'", "customer", code="resource_missing")
    if data.get("payment_method_types") is None and not data.get("currency"):
        _refuse(
            "currency is required in setup mode when payment_method_types is not set.",
            "currency",
            code="parameter_missing",
        )
    currency = data.get("currency")
    if currency is not None and (
        not isinstance(currency, str) or len(currency) != 3 or not currency.isalpha()
    ):
        _refuse(f"Invalid currency: {currency}", "currency")
    if "success_url" not in data:
        _refuse("Missing required param: success_url.", "success_url", code="parameter_missing")
    for name in ("success_url", "cancel_url"):
        if name in data and not is_web_address(data[name]):
            _refuse("Not a valid URL", name, code="url_invalid")
    _check_metadata(data.get("metadata"))


def _check_metadata(metadata: object) -> None:
    if metadata is None:
        return
    if not isinstance(metadata, dict):
        _refuse("Invalid object", "metadata")
    if len(metadata) > METADATA_KEYS:
        _refuse(f"Invalid metadata: at most {METADATA_KEYS} keys", "metadata")
    for key, value in metadata.items():
        if len(key) > METADATA_KEY_LENGTH or not isinstance(value, str):
            _refuse(f"Invalid metadata: {key}", "metadata")
        if len(value) > METADATA_VALUE_LENGTH:
            _refuse(f"Invalid metadata: {key}", "metadata")


async def _checkout_page(request: web.Request) -> web.Response:
    session = _open_session(request.match_info["id"])
    if session is None:
        return page("Expired", "<p>This link has expired.</p>", status=404)
    e = html.escape
    body = "<h1>Save a card (local Stripe)</h1>"
    if request.query.get("declined"):
        body += "<p id=declined>Your card was declined.</p>"
    body += (
        f'<form method=post action="/c/pay/{e(session.id)}">'
        f'<label>Card number <input name=card value="{TEST_CARD}"></label> '
        "<button>Save card</button></form>"
    )
    if session.cancel_url:
        body += f'<p><a id=cancel href="{e(session.cancel_url)}">Cancel</a></p>'
    return page("Checkout", body)


async def _save_card(request: web.Request) -> web.Response:
    from localstripe.webhooks import schedule_webhook

    session = _open_session(request.match_info["id"])
    if session is None:
        return page("Expired", "<p>This link has expired.</p>", status=404)
    card = str((await request.post()).get("card", "")).replace(" ", "")
    if len(card) != 16 or not card.isdigit():
        return page("Checkout", "<p>Please enter a card number of 16 digits.</p>", status=400)
    method = PaymentMethod(
        type="card", card={"number": card, "exp_month": 12, "exp_year": 2034, "cvc": "123"}
    )
    try:
        SetupIntent._api_confirm(session.setup_intent, payment_method=method.id)
    except UserError:  # a declined test card
        raise web.HTTPSeeOther(f"/c/pay/{session.id}?declined=1") from None
    if session.customer:
        PaymentMethod._api_attach(method.id, customer=session.customer)
    session.status = "complete"
    schedule_webhook(Event("checkout.session.completed", session))
    store.dump_to_disk()
    raise web.HTTPSeeOther(session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id))


def _session(session_id: str) -> CheckoutSession:
    found = store.get(f"checkout.session:{session_id}")
    if not isinstance(found, CheckoutSession):
        _refuse(
            f"No such checkout.session: '{session_id}'", "id", code="resource_missing", status=404
        )
    return found


def _open_session(session_id: str) -> CheckoutSession | None:
    found = store.get(f"checkout.session:{session_id}")
    if not isinstance(found, CheckoutSession) or found.status != "open" or found.expired:
        return None
    return found


def _refuse(
    message: str, param: str, *, code: str = "parameter_invalid", status: int = 400
) -> NoReturn:
    raise UserError(status, message, {"param": param, "code": code})
