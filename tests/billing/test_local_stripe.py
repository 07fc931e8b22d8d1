"""`voiceagent local-stripe` and its place in `voiceagent dev`: loopback only, data kept in
a file of ours when asked, the finalize call localstripe lacks."""

from __future__ import annotations

from pathlib import Path

import psutil
import pytest
import stripe

from cli.dev import local_stripe_command, uses_local_stripe
from core.settings import load_settings
from tests.billing.conftest import STRIPE_KEY, free_port, start_local_stripe, stop


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


def test_finalize_opens_a_draft_once(stripe_client: stripe.StripeClient) -> None:
    customer = stripe_client.v1.customers.create(params={"name": "Gasthaus Maier"})
    plan = stripe_client.v1.plans.create(
        params={"amount": 0, "currency": "eur", "interval": "month", "product": {"name": "x"}}
    )
    subscription = stripe_client.v1.subscriptions.create(
        params={"customer": customer.id, "items": [{"plan": plan.id}]}
    )
    stripe_client.v1.invoice_items.create(
        params={"customer": customer.id, "amount": 1200, "currency": "eur"}
    )
    draft = stripe_client.v1.invoices.create(
        params={"customer": customer.id, "subscription": subscription.id}
    )

    opened = stripe_client.v1.invoices.finalize_invoice(draft.id)

    assert (draft.status, opened.status, opened.total) == ("draft", "open", 1200)
    with pytest.raises(stripe.InvalidRequestError, match="already finalized"):
        stripe_client.v1.invoices.finalize_invoice(draft.id)
