"""What localstripe 1.15 lacks and the platform uses, added to its aiohttp app.

- Invoices as Stripe makes them: a draft of its own, its lines added in one request,
  finalized with a `hosted_invoice_url` (cli/local_stripe_invoices.py).
- The hosted invoice page behind that URL (`GET /i/{token}`) that shows the invoice and
  pays it with a test card (`POST /i/{token}/pay`): the payment runs through localstripe's
  PaymentIntent, which sends `invoice.payment_succeeded`; we add `invoice.paid`, which
  Stripe sends as well. Like Stripe's, the page needs no key: the unguessable token in its
  address is what lets one in.
- `POST /v1/billing_portal/sessions` (the customer portal behind "Manage payment"), checked
  as Stripe checks it: a secret key, a known `customer`, no unknown parameters, a
  `return_url` that is a web address; and the page its `url` opens (`GET /p/session/{id}`),
  which lists the customer's invoices and leads back to `return_url`. Sessions expire after
  five minutes, as Stripe's do.
- Checkout Sessions in setup mode, where "Add a payment method" saves a card
  (cli/local_stripe_checkout.py).
- Stripe's minimum charge amounts (cli/local_stripe_minimum.py).
"""

from __future__ import annotations

import html
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

SESSION_SECONDS = 300
PORTAL_PARAMS = {
    "customer",
    "return_url",
    "configuration",
    "locale",
    "on_behalf_of",
    "flow_data",
    "expand",
}
PUBLIC_PREFIXES = ("/i/", "/p/session/", "/c/pay/")
TEST_CARD = "4242424242424242"

_sessions: dict[str, dict[str, Any]] = {}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def add_missing_endpoints(app: web.Application) -> None:
    """Add the routes above to localstripe's app (before it starts)."""
    from localstripe import server

    from cli.local_stripe_checkout import add_checkout_endpoints
    from cli.local_stripe_invoices import add_invoice_endpoints
    from cli.local_stripe_minimum import enforce_minimum_charges

    enforce_minimum_charges()
    add_invoice_endpoints(app)
    add_checkout_endpoints(app)
    app.router.add_post("/v1/billing_portal/sessions", _create_portal_session)
    app.router.add_get("/i/{token}", _hosted_invoice)
    app.router.add_post("/i/{token}/pay", _pay_hosted_invoice)
    app.router.add_get("/p/session/{id}", _portal_page)
    # The pages are public like Stripe's; everything else keeps localstripe's key check.
    where = list(app.middlewares).index(server.auth_middleware)
    app.middlewares[where] = _pages_are_public(server.auth_middleware)


def _pages_are_public(check_key: Any) -> Any:  # noqa: ANN401 (aiohttp middlewares)
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith(PUBLIC_PREFIXES):
            return await handler(request)
        return await check_key(request, handler)

    return middleware


async def _create_portal_session(request: web.Request) -> web.Response:
    from localstripe import server
    from localstripe.errors import UserError
    from localstripe.resources import store

    data = await server.get_post_data(request) or {}
    unknown = sorted(set(data) - PORTAL_PARAMS)
    if unknown:
        raise UserError(400, f"Received unknown parameter: {unknown[0]}", {"param": unknown[0]})
    customer = data.get("customer")
    if not customer:
        raise UserError(
            400,
            "Missing required param: customer.",
            {"param": "customer", "code": "parameter_missing"},
        )
    if not isinstance(customer, str) or store.get(f"customer:{customer}") is None:
        raise UserError(
            400,
            f"No such customer: '{customer}'",
            {"param": "customer", "code": "resource_missing"},
        )
    return_url = data.get("return_url")
    if return_url is not None and not is_web_address(return_url):
        raise UserError(400, "Not a valid URL", {"param": "return_url", "code": "url_invalid"})
    session_id = f"bps_{secrets.token_hex(12)}"
    session = {
        "id": session_id,
        "object": "billing_portal.session",
        "configuration": data.get("configuration") or "bpc_local",
        "created": int(time.time()),
        "customer": customer,
        "flow": None,
        "livemode": False,
        "locale": data.get("locale"),
        "on_behalf_of": data.get("on_behalf_of"),
        "return_url": return_url,
        "url": f"{_origin(request)}/p/session/{session_id}",
    }
    _sessions[session_id] = session
    return server.json_response(session)


async def _portal_page(request: web.Request) -> web.Response:
    from localstripe.resources import Invoice, store

    session = _sessions.get(request.match_info["id"])
    if session is None or time.time() - session["created"] > SESSION_SECONDS:
        return page("Session expired", "<p>This link has expired.</p>", status=404)
    invoices = [
        obj
        for obj in store.values()
        if isinstance(obj, Invoice) and obj.customer == session["customer"] and not obj._draft
    ]
    e = html.escape
    rows = "".join(
        f"<li>{e(obj.description or obj.id)}: {_amount(obj.total, obj.currency)}, "
        f"<span class=status>{e(obj.status)}</span>"
        + (
            f' — <a href="{e(obj.hosted_invoice_url)}">Pay</a>'
            if obj.status == "open" and getattr(obj, "hosted_invoice_url", None)
            else ""
        )
        + "</li>"
        for obj in invoices
    )
    back = session["return_url"]
    body = f"<h1>Billing (local Stripe)</h1><ul>{rows or '<li>No invoices.</li>'}</ul>" + (
        f'<p><a id=return href="{e(back)}">Return</a></p>' if back else ""
    )
    return page("Billing", body)


async def _hosted_invoice(request: web.Request) -> web.Response:
    invoice = _invoice_by_token(request.match_info["token"])
    if invoice is None:
        return page("Not found", "<p>This invoice does not exist.</p>", status=404)
    e = html.escape
    lines = "".join(
        f"<tr><td>{e(line.description or '')}</td>"
        f"<td class=n>{_amount(line.amount, invoice.currency)}</td></tr>"
        for line in invoice.lines._list
    )
    body = (
        f"<h1>{e(invoice.description or invoice.id)}</h1>"
        f"<table>{lines}<tr><th>Total</th>"
        f"<th class=n>{_amount(invoice.amount_due, invoice.currency)}</th></tr></table>"
        f"<p>Status: <b id=status>{e(invoice.status)}</b></p>"
    )
    if request.query.get("declined"):
        body += "<p id=declined>Your card was declined.</p>"
    if invoice.status == "open":
        body += (
            f'<form method=post action="/i/{e(request.match_info["token"])}/pay">'
            f'<label>Card number <input name=card value="{TEST_CARD}"></label> '
            f"<button>Pay {_amount(invoice.amount_due, invoice.currency)}</button></form>"
        )
    return page("Invoice", body)


async def _pay_hosted_invoice(request: web.Request) -> web.Response:
    from localstripe.resources import Event, PaymentIntent, PaymentMethod, store
    from localstripe.webhooks import schedule_webhook

    token = request.match_info["token"]
    invoice = _invoice_by_token(token)
    if invoice is None:
        return page("Not found", "<p>This invoice does not exist.</p>", status=404)
    card = str((await request.post()).get("card", "")).replace(" ", "")
    if len(card) != 16 or not card.isdigit():
        return page("Invoice", "<p>Please enter a card number of 16 digits.</p>", status=400)
    if invoice.status == "open":
        method = PaymentMethod(
            type="card",
            card={"number": card, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
        )
        if method._attaching_is_declined():  # Stripe declines these cards when charged
            raise web.HTTPSeeOther(f"/i/{token}?declined=1")
        method.customer = invoice.customer
        intent = PaymentIntent(
            amount=invoice.amount_due,
            currency=invoice.currency,
            customer=invoice.customer,
            payment_method=method.id,
        )
        invoice.payment_intent = intent.id
        intent.invoice = invoice.id
        intent._confirm(on_failure_now=lambda: None)  # a declined card leaves it open
        if invoice.status == "paid":
            schedule_webhook(Event("invoice.paid", invoice))
        store.dump_to_disk()
    declined = "" if invoice.status == "paid" else "?declined=1"
    raise web.HTTPSeeOther(f"/i/{token}{declined}")


def _invoice_by_token(token: str) -> Any:  # noqa: ANN401 (a localstripe Invoice)
    from localstripe.resources import Invoice, store

    for obj in store.values():
        if isinstance(obj, Invoice) and secrets.compare_digest(
            getattr(obj, "_hosted_token", "").encode(), token.encode()
        ):
            return obj
    return None


def _origin(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


def is_web_address(value: object) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _amount(cents: int, currency: str) -> str:
    return f"{cents / 100:.2f} {html.escape(currency.upper())}"


def page(title: str, body: str, *, status: int = 200) -> web.Response:
    return web.Response(
        text=(
            f"<!doctype html><html lang=en><meta charset=utf-8><title>{title}</title>"
            "<style>body{font-family:sans-serif;max-width:40em;margin:2em auto}"
            "td,th{padding:.3em .6em;text-align:left}.n{text-align:right}</style>"
            f"{body}</html>"
        ),
        content_type="text/html",
        status=status,
    )
