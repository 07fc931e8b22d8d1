"""Invoices on the local Stripe as Stripe makes them, where localstripe 1.15 cannot.

localstripe creates an invoice only on a subscription (or around pending invoice items) and
drops its metadata. Stripe makes a draft of its own for a customer and lets lines be added
to it in one request; that is what the platform does, so this module serves:
- `POST /v1/invoices`: a draft for a customer, no subscription, pending items excluded
  unless `pending_invoice_items_behavior=include`, metadata kept;
- `POST /v1/invoices/{id}/add_lines`: lines with an amount onto a draft, all or none;
- `POST /v1/invoices/{id}/finalize`: localstripe's own finalizing step and its
  `invoice.finalized` event; the invoice gets a `hosted_invoice_url`, as on Stripe; one
  below the minimum charge is paid into the customer's balance (cli/local_stripe_minimum.py).
Each request is checked as Stripe checks it: unknown parameters, a missing or unknown
customer, a draft that is no longer one, malformed lines, metadata over Stripe's limits.
Stripe parameters we never send are refused by name rather than silently ignored, so a
change that starts sending one fails here first. An `Idempotency-Key` answers a repeat
with the first answer and refuses its reuse with other parameters, as Stripe does.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from typing import Any, NoReturn

from aiohttp import web

from cli.local_stripe_minimum import settle_on_finalize

INVOICE_PARAMS = {
    "customer",
    "currency",
    "auto_advance",
    "collection_method",
    "days_until_due",
    "description",
    "metadata",
    "pending_invoice_items_behavior",
    "expand",
}
# Stripe knows these for a new invoice; the local Stripe does not do them.
INVOICE_PARAMS_NOT_HERE = {
    "account_tax_ids",
    "application_fee_amount",
    "automatic_tax",
    "automatically_finalizes_at",
    "custom_fields",
    "default_payment_method",
    "default_source",
    "default_tax_rates",
    "discounts",
    "due_date",
    "effective_at",
    "footer",
    "from_invoice",
    "issuer",
    "number",
    "on_behalf_of",
    "payment_settings",
    "rendering",
    "shipping_cost",
    "shipping_details",
    "statement_descriptor",
    "subscription",
    "transfer_data",
}
LINE_PARAMS = {"amount", "description", "metadata", "period"}
LINE_PARAMS_NOT_HERE = {
    "discountable",
    "discounts",
    "invoice_item",
    "price_data",
    "pricing",
    "quantity",
    "tax_amounts",
    "tax_rates",
}
EARLIEST_PERIOD = 1_500_000_000  # localstripe's own floor for a period (July 2017)
MAX_LINES = 250  # Stripe's limit of lines on one invoice
METADATA_KEYS, METADATA_KEY_LENGTH, METADATA_VALUE_LENGTH = 50, 40, 500

_answers: dict[str, tuple[str, str, web.Response]] = {}


def add_invoice_endpoints(app: web.Application) -> None:
    """Serve the three requests above on localstripe's app (before it starts)."""
    app.router.add_post("/v1/invoices/{id}/add_lines", _idempotent(_add_lines))
    app.router.add_post("/v1/invoices/{id}/finalize", _idempotent(_finalize))
    # localstripe routes POST /v1/invoices itself; ours answers first.
    create = _idempotent(_create_invoice)

    @web.middleware
    async def invoices_as_stripe_makes_them(
        request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        if request.method == "POST" and request.path == "/v1/invoices":
            return await create(request)
        return await handler(request)

    app.middlewares.append(invoices_as_stripe_makes_them)


def _idempotent(handler: Callable[[web.Request], Any]) -> Callable[[web.Request], Any]:
    async def answer(request: web.Request) -> web.StreamResponse:
        from localstripe import server

        key = request.headers.get("Idempotency-Key")
        body = await request.text()
        if key is None:
            return await handler(request)
        if key in _answers:
            path, first_body, response = _answers[key]
            if (path, first_body) != (request.path, body):
                return server.json_response(
                    {
                        "error": {
                            "type": "idempotency_error",
                            "message": "Keys for idempotent requests can only be used with "
                            "the same parameters they were first used with.",
                        }
                    },
                    status=400,
                )
            return web.Response(
                body=response.body, status=response.status, content_type="application/json"
            )
        response = await handler(request)
        _answers[key] = (request.path, body, response)
        return response

    return answer


async def _create_invoice(request: web.Request) -> web.Response:
    from localstripe import server
    from localstripe.errors import UserError
    from localstripe.resources import Event, Invoice, InvoiceItem, store
    from localstripe.webhooks import schedule_webhook

    data = await server.get_post_data(request) or {}
    _refuse_unknown(data, INVOICE_PARAMS, INVOICE_PARAMS_NOT_HERE)
    customer = _required(data, "customer")
    if store.get(f"customer:{customer}") is None:
        raise UserError(
            400,
            f"No such customer: '{customer}'",
            {"param": "customer", "code": "resource_missing"},
        )
    behaviour = data.get("pending_invoice_items_behavior", "exclude")
    if behaviour not in ("include", "exclude"):
        _invalid("pending_invoice_items_behavior", behaviour)
    auto_advance = _boolean(data, "auto_advance", default=False)
    collection = data.get("collection_method", "charge_automatically")
    if collection not in ("charge_automatically", "send_invoice"):
        _invalid("collection_method", collection)
    if ("days_until_due" in data) != (collection == "send_invoice"):
        raise UserError(
            400,
            "days_until_due is required with collection_method=send_invoice, and "
            "only allowed with it.",
            {"param": "days_until_due"},
        )
    metadata = _metadata(data.get("metadata"))
    invoice = Invoice(customer=customer, description=data.get("description"), simulation=True)
    invoice.lines._list = [
        line for line in invoice.lines._list if behaviour == "include"
    ]  # localstripe gathers every pending item; Stripe leaves them unless asked
    for line in invoice.lines._list:
        InvoiceItem._api_retrieve(line.invoice_item).invoice = line.invoice = invoice.id
    invoice.currency = str(data.get("currency") or "eur").lower()
    invoice.metadata = metadata
    invoice.auto_advance = auto_advance
    invoice.collection_method = collection
    invoice.billing_reason = "manual"
    schedule_webhook(Event("invoice.created", invoice))
    return server.json_response(invoice._export())


async def _add_lines(request: web.Request) -> web.Response:
    from localstripe import server
    from localstripe.errors import UserError
    from localstripe.resources import Invoice, InvoiceItem, InvoiceLineItem

    invoice = Invoice._api_retrieve(request.match_info["id"])
    data = await server.get_post_data(request) or {}
    _refuse_unknown(data, {"lines", "invoice_metadata", "expand"}, set())
    lines = data.get("lines")
    if not isinstance(lines, list) or not lines:
        raise UserError(400, "Missing required param: lines.", {"param": "lines"})
    if invoice.status != "draft":
        raise UserError(400, "Lines can only be added to a draft invoice.", {"param": "lines"})
    if len(invoice.lines._list) + len(lines) > MAX_LINES:
        raise UserError(400, f"An invoice can have at most {MAX_LINES} lines.")
    checked = [_checked_line(line, where) for where, line in enumerate(lines)]
    for amount, description, metadata, period in checked:  # all checked: now add all
        item = InvoiceItem(
            invoice=invoice.id,
            customer=invoice.customer,
            amount=amount,
            currency=invoice.currency,
            description=description,
            metadata=metadata,
            period_start=period[0] if period else None,
            period_end=period[1] if period else None,
        )
        invoice.lines._list.append(InvoiceLineItem(item))
    invoice.metadata.update(_metadata(data.get("invoice_metadata")))
    return server.json_response(invoice._export())


async def _finalize(request: web.Request) -> web.Response:
    from localstripe import server
    from localstripe.errors import UserError
    from localstripe.resources import Event, Invoice, store
    from localstripe.webhooks import schedule_webhook

    invoice = Invoice._api_retrieve(request.match_info["id"])
    if invoice.status != "draft":
        raise UserError(400, "This invoice is already finalized.")
    data = await server.get_post_data(request) or {}
    _refuse_unknown(data, {"auto_advance", "expand"}, set())
    invoice.auto_advance = _boolean(data, "auto_advance", default=True)
    invoice._finalize()
    invoice._hosted_token = secrets.token_urlsafe(18)
    invoice.hosted_invoice_url = f"{request.scheme}://{request.host}/i/{invoice._hosted_token}"
    below_minimum = settle_on_finalize(invoice)
    store.dump_to_disk()
    schedule_webhook(Event("invoice.finalized", invoice))
    if below_minimum:
        schedule_webhook(Event("invoice.paid", invoice))
    return server.json_response(invoice._export())


def _checked_line(line: object, where: int) -> tuple[int, str | None, dict, tuple | None]:
    from localstripe.errors import UserError

    if not isinstance(line, dict):
        _invalid(f"lines[{where}]", line)
    _refuse_unknown(line, LINE_PARAMS, LINE_PARAMS_NOT_HERE, prefix=f"lines[{where}]")
    try:
        amount = int(line["amount"])
    except (KeyError, TypeError, ValueError):
        raise UserError(
            400, f"lines[{where}] needs an integer amount.", {"param": f"lines[{where}][amount]"}
        ) from None
    period = line.get("period")
    bounds = None
    if period is not None:
        try:
            bounds = (int(period["start"]), int(period["end"]))
        except (KeyError, TypeError, ValueError):
            _invalid(f"lines[{where}][period]", period)
        if not EARLIEST_PERIOD < bounds[0] <= bounds[1]:
            _invalid(f"lines[{where}][period]", period)
    return amount, line.get("description"), _metadata(line.get("metadata")), bounds


def _metadata(value: object) -> dict[str, str]:
    from localstripe.errors import UserError

    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        _invalid("metadata", value)
    if len(value) > METADATA_KEYS:
        raise UserError(400, f"Metadata can have at most {METADATA_KEYS} keys.")
    for key, text in value.items():
        if len(key) > METADATA_KEY_LENGTH or len(str(text)) > METADATA_VALUE_LENGTH:
            raise UserError(400, f"Metadata key or value too long: {key}", {"param": "metadata"})
    return {str(key): str(text) for key, text in value.items()}


def _refuse_unknown(data: dict, known: set[str], not_here: set[str], *, prefix: str = "") -> None:
    from localstripe.errors import UserError

    for name in sorted(data):
        param = f"{prefix}[{name}]" if prefix else name
        if name in not_here:
            raise UserError(400, f"The local Stripe does not support {param}.", {"param": param})
        if name not in known:
            raise UserError(400, f"Received unknown parameter: {param}", {"param": param})


def _required(data: dict, name: str) -> str:
    from localstripe.errors import UserError

    value = data.get(name)
    if not isinstance(value, str) or not value:
        raise UserError(
            400, f"Missing required param: {name}.", {"param": name, "code": "parameter_missing"}
        )
    return value


def _boolean(data: dict, name: str, *, default: bool) -> bool:
    value = data.get(name)
    if value is None:
        return default
    if value not in ("true", "false", True, False):
        _invalid(name, value)
    return value in ("true", True)


def _invalid(param: str, value: object) -> NoReturn:
    from localstripe.errors import UserError

    raise UserError(400, f"Invalid value for {param}: {json.dumps(str(value))}", {"param": param})
