"""`voiceagent local-stripe` and its place in `voiceagent dev`: loopback only, data kept in
a file of ours when asked, invoices as Stripe makes them (which localstripe cannot)."""

from __future__ import annotations

from pathlib import Path

import psutil
import pytest
import stripe

from cli.dev import local_stripe_command, uses_local_stripe
from core.settings import load_settings
from tests.billing.conftest import STRIPE_KEY, start_local_stripe, stop
from tests.ports import free_port


def test_dev_runs_a_local_stripe_only_with_the_development_key_and_no_api_base(
    tmp_path: Path,
) -> None:
    database = f"sqlite:///{tmp_path / 'dev.db'}"
    development = load_settings(env="development", database_url=database, portal_port=8181)
    assert uses_local_stripe(development)
    assert not uses_local_stripe(
        development.model_copy(update={"stripe_api_base": "http://127.0.0.1:1"})
    )
    assert not uses_local_stripe(load_settings(stripe_secret_key="sk_live_a_real_one"))

    command = local_stripe_command(development, 4321)

    assert command.startswith("exec voiceagent local-stripe --port 4321 ")
    assert f"--data-file {tmp_path / 'localstripe.pickle'}" in command
    assert "--webhook-url http://127.0.0.1:8181/webhooks/stripe" in command
    assert "whsec" not in command  # the webhook secret travels in the environment


def test_it_listens_on_loopback_only_and_keeps_its_data_in_our_file(tmp_path: Path) -> None:
    port = free_port()
    data_file = tmp_path / "stripe.pickle"

    def start():  # noqa: ANN202
        process = start_local_stripe(port, tmp_path, data_file=data_file)
        addresses = {c.laddr.ip for c in psutil.Process(process.pid).net_connections("inet")}
        assert addresses == {"127.0.0.1"}
        return process

    client = stripe.StripeClient(STRIPE_KEY, base_addresses={"api": f"http://127.0.0.1:{port}"})
    first = start()
    try:
        customer = client.v1.customers.create(params={"name": "Weingut Pichler"})
    finally:
        stop(first)
    second = start()
    try:
        assert client.v1.customers.retrieve(customer.id).name == "Weingut Pichler"
    finally:
        stop(second)
    assert data_file.exists()


def test_an_invoice_is_made_with_its_lines_and_finalized_once(
    stripe_client: stripe.StripeClient,
) -> None:
    customer = stripe_client.v1.customers.create(params={"name": "Gasthaus Maier"})
    stripe_client.v1.invoice_items.create(  # pending: not ours to take
        params={"customer": customer.id, "amount": 999, "currency": "eur"}
    )
    draft = stripe_client.v1.invoices.create(
        params={
            "customer": customer.id,
            "currency": "eur",
            "auto_advance": False,
            "metadata": {"voiceagent_invoice_id": "7"},
        }
    )
    lines = [
        {"amount": 1000, "description": "Grundgebühr", "metadata": {"line": "1"}},
        {
            "amount": 200,
            "description": "USt. 20 %",
            "period": {"start": 1951254000, "end": 1953845999},
        },
    ]
    filled = stripe_client.v1.invoices.add_lines(draft.id, params={"lines": lines})

    opened = stripe_client.v1.invoices.finalize_invoice(draft.id)

    assert (draft.status, draft.total, draft.metadata["voiceagent_invoice_id"]) == ("draft", 0, "7")
    assert [(line.amount, line.description) for line in filled.lines.data] == [
        (1000, "Grundgebühr"),
        (200, "USt. 20 %"),
    ]
    assert filled.lines.data[1].period.end == 1953845999
    assert (opened.status, opened.total, opened.currency) == ("open", 1200, "eur")
    assert opened.hosted_invoice_url
    with pytest.raises(stripe.InvalidRequestError, match="already finalized"):
        stripe_client.v1.invoices.finalize_invoice(draft.id)
    with pytest.raises(stripe.InvalidRequestError, match="draft"):
        stripe_client.v1.invoices.add_lines(draft.id, params={"lines": [{"amount": 1}]})


@pytest.mark.parametrize(
    ("params", "refusal"),
    [
        ({"customer": ""}, "Missing required param: customer"),
        ({"customer": "cus_nobody"}, "No such customer"),
        ({"subscription": "sub_1"}, "does not support subscription"),
        ({"colour": "red"}, "unknown parameter: colour"),
        ({"pending_invoice_items_behavior": "sometimes"}, "Invalid value"),
        ({"collection_method": "send_invoice"}, "days_until_due"),
        ({"metadata": {"k" * 41: "v"}}, "too long"),
    ],
)
def test_invoices_are_checked_as_stripe_checks_them(
    stripe_client: stripe.StripeClient, params: dict, refusal: str
) -> None:
    customer = stripe_client.v1.customers.create(params={"name": "Weingut Pichler"})
    with pytest.raises(stripe.InvalidRequestError, match=refusal):
        stripe_client.v1.invoices.create(params={"customer": customer.id, **params})


@pytest.mark.parametrize(
    ("line", "refusal"),
    [
        ({"description": "no amount"}, "integer amount"),
        (
            {"amount": 5, "price_data": {"currency": "eur"}},
            "does not support lines\\[1\\]\\[price_data\\]",
        ),
        (
            {"amount": 5, "period": {"start": 20, "end": 10}},
            "Invalid value for lines\\[1\\]\\[period\\]",
        ),
    ],
)
def test_lines_are_checked_and_added_all_or_none(
    stripe_client: stripe.StripeClient, line: dict, refusal: str
) -> None:
    customer = stripe_client.v1.customers.create(params={"name": "Weingut Pichler"})
    draft = stripe_client.v1.invoices.create(params={"customer": customer.id})
    with pytest.raises(stripe.InvalidRequestError, match=refusal):
        stripe_client.v1.invoices.add_lines(draft.id, params={"lines": [{"amount": 100}, line]})
    assert stripe_client.v1.invoices.retrieve(draft.id).lines.data == []


def test_an_idempotency_key_answers_a_repeat_and_refuses_other_parameters(
    stripe_client: stripe.StripeClient,
) -> None:
    customer = stripe_client.v1.customers.create(params={"name": "Weingut Pichler"})
    draft = stripe_client.v1.invoices.create(params={"customer": customer.id})
    key = {"idempotency_key": f"lines-{draft.id}"}
    lines = {"lines": [{"amount": 100}]}

    first = stripe_client.v1.invoices.add_lines(draft.id, params=lines, options=key)
    again = stripe_client.v1.invoices.add_lines(draft.id, params=lines, options=key)

    assert first.total == again.total == stripe_client.v1.invoices.retrieve(draft.id).total == 100
    with pytest.raises(stripe.IdempotencyError):
        stripe_client.v1.invoices.add_lines(
            draft.id, params={"lines": [{"amount": 999}]}, options=key
        )


def test_amounts_below_the_minimum_charge_are_handled_as_stripe_handles_them(
    stripe_client: stripe.StripeClient,
) -> None:
    # A payment below 0,50 € is refused with Stripe's code; 0,50 € is not.
    with pytest.raises(stripe.InvalidRequestError, match="at least €0.50 eur") as refused:
        stripe_client.v1.payment_intents.create(params={"amount": 49, "currency": "eur"})
    assert refused.value.code == "amount_too_small"
    assert stripe_client.v1.payment_intents.create(params={"amount": 50, "currency": "eur"})

    # An invoice of 0,20 €: paid at once with nothing charged, the 0,20 € a debit on the
    # customer, which the next invoice takes in.
    customer = stripe_client.v1.customers.create(params={"name": "Café Sacher-Light"})

    def invoice(amount: int) -> stripe.Invoice:
        draft = stripe_client.v1.invoices.create(params={"customer": customer.id})
        stripe_client.v1.invoices.add_lines(draft.id, params={"lines": [{"amount": amount}]})
        return stripe_client.v1.invoices.finalize_invoice(draft.id)

    small = invoice(20)
    assert (small.status, small.amount_due, small.amount_paid) == ("paid", 20, 0)
    assert stripe_client.v1.customers.retrieve(customer.id).balance == 20
    assert invoice(1000).amount_due == 1020
    assert stripe_client.v1.customers.retrieve(customer.id).balance == 0
