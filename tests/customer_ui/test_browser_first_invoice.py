"""From sign-up to the first paid invoice, as one journey in German (issue 16): sign up,
confirm the e-mail (its link from the outbox), save a card in Stripe Checkout, create a bot
that a real RQ worker gets a number for, phone it (a typed call through the real voice
runtime), run the month's invoices on the worker (which hands them to Stripe), pay on the
hosted invoice page, and see Stripe's signed webhook mark the invoice paid in the portal.

Real processes throughout: `voiceagent portal` and `voiceagent worker` on a scratch database
of their own, the local Stripe delivering its webhooks to the portal, Debian's chromium
driven by Playwright. Screenshots land in test-artifacts/first-invoice/.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from subprocess import Popen
from typing import Any

import httpx
import pytest
import redis
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cli.typed_call import typed_call
from core.settings import load_settings
from customer_ui.i18n import VIENNA
from jobs.queues import enqueue_invoice_run
from models import Call, Invoice, InvoiceStatus, OutboundEmail, PhoneNumber
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from tests.billing.conftest import SECRET, STRIPE_KEY, start_local_stripe, stop
from tests.browser import browser_page, open_portal_page, sign_up
from tests.conftest import REDIS_URL, scratch_database
from tests.customer_ui.test_browser_journey import ARTIFACTS, running_portal
from tests.factories import Factory
from tests.jobs.conftest import start_worker, wait_until, worker_settings
from tests.ports import free_port

__all__ = ["start_worker", "worker_settings"]  # the fixtures: real `voiceagent worker`s

SHOTS = ARTIFACTS / "first-invoice"
CALLER = "+436641112233"


class Platform:
    """The processes of the journey and their database."""

    def __init__(self, database_url: str, stripe_url: str, portal_url: str) -> None:
        self.database_url = database_url
        self.stripe_url = stripe_url
        self.portal_url = portal_url
        self.engine = make_engine(database_url)
        self.factory: sessionmaker[Session] = make_session_factory(self.engine)

    def read(self, query: Callable[[Session], Any]) -> Any:  # noqa: ANN401
        with staff_session(self.factory) as db:
            return query(db)


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """A scratch database with a default plan, the local Stripe and the portal, wired
    together: the portal pays and saves cards on that Stripe, which signs its events to the
    portal's webhook."""
    with scratch_database("voiceagent_first_invoice") as database_url:
        stripe_port = free_port()
        stripe_process = start_local_stripe(stripe_port, tmp_path_factory.mktemp("stripe"))
        stripe_url = f"http://127.0.0.1:{stripe_port}"
        try:
            with running_portal(database_url, **stripe_settings(stripe_url)) as portal_url:
                answer = httpx.post(
                    f"{stripe_url}/_config/webhooks/voiceagent",
                    data={"url": f"{portal_url}/webhooks/stripe", "secret": SECRET},
                )
                answer.raise_for_status()
                found = Platform(database_url, stripe_url, portal_url)
                with staff_session(found.factory) as db:
                    # A trial month bills the number by the day. At 31 € a month one day is
                    # at least 1 €, over Stripe's 0,50 € minimum also on a month's last day,
                    # so the invoice always goes to Stripe (below it, it would be carried).
                    Factory(db).price_plan(
                        code="start", name="Start", is_default=True, number_monthly_fee_cents=3100
                    )
                    db.commit()
                yield found
                found.engine.dispose()
        finally:
            stop(stripe_process)


def stripe_settings(stripe_url: str) -> dict[str, str]:
    return {
        "STRIPE_API_BASE": stripe_url,
        "STRIPE_SECRET_KEY": STRIPE_KEY,
        "STRIPE_WEBHOOK_SECRET": SECRET,
    }


def test_sign_up_to_the_first_paid_invoice(
    platform: Platform, start_worker: Callable[..., Popen], redis_client: redis.Redis
) -> None:
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    start_worker(DATABASE_URL=platform.database_url, **stripe_settings(platform.stripe_url))
    portal = platform.portal_url
    with browser_page() as page:

        def shot(name: str) -> None:
            page.screenshot(path=SHOTS / f"{name}.png", full_page=True)

        # Sign up, and confirm the address with the e-mail's link.
        sign_up(
            page,
            portal,
            company="Heuriger Weinberg",
            name="Hilde Weinberg",
            email="hilde@weinberg.example.at",
            password="sturm-und-most",
            outbox=lambda: platform.read(
                lambda db: db.scalars(select(OutboundEmail.body_text)).one()
            ),
        )
        expect(page.get_by_text("Noch 14 Tage Testphase")).to_be_visible()
        shot("1_dashboard_trial")

        # Save a card in Stripe Checkout (setup mode); the trial's notice then says so.
        page.get_by_role("button", name="Zahlungsmittel hinterlegen").click()
        page.get_by_role("button", name="Save card").click()  # the local Stripe's page
        expect(page.get_by_text("Danke – Ihr Zahlungsmittel ist hinterlegt.")).to_be_visible()
        shot("2_payment_method_saved")

        # A bot; the worker gets its number from the local pool.
        open_portal_page(page, f"{portal}/bots/new")
        page.get_by_label("Name", exact=True).fill("Schank")
        page.get_by_label("Begrüßung").fill("Grüß Gott beim Heurigen Weinberg!")
        # The bot's page follows the purchase by itself; a fast worker may have bought the
        # number before the page first shows "Nummer wird besorgt", so only the end is awaited.
        page.get_by_role("button", name="Bot anlegen").click()
        number = str(
            wait_until(
                lambda: platform.read(lambda db: db.scalars(select(PhoneNumber.e164)).first()),
                what="the worker's number for the bot",
            )
        )
        expect(page.get_by_text("Aktiv", exact=True)).to_be_visible()
        expect(page.get_by_text(number, exact=True)).to_be_visible()
        shot("3_bot_live")

        # A caller rings it: a typed call through the real voice runtime.
        _phone(platform, number, ["Habt ihr heute offen?"])
        assert platform.read(lambda db: db.scalars(select(Call.duration_seconds)).one()) > 0

        # The month's invoices, run as staff's "run now" does: on the worker, then to Stripe.
        period = f"{datetime.now(VIENNA):%Y-%m}"
        enqueue_invoice_run(redis=redis_client, settings=load_settings(env="test"), period=period)

        def open_invoice() -> Invoice | None:
            return platform.read(
                lambda db: db.scalars(
                    select(Invoice).where(Invoice.status == InvoiceStatus.OPEN)
                ).first()
            )

        invoice = wait_until(open_invoice, what="the invoice, open in Stripe")
        assert isinstance(invoice, Invoice) and invoice.hosted_invoice_url is not None
        assert invoice.total_cents > 0 and invoice.hosted_invoice_url.startswith(
            platform.stripe_url
        )

        # Pay it on Stripe's hosted page; the signed invoice.paid webhook marks it paid.
        page.goto(f"{portal}/billing")
        pay = page.get_by_role("link", name="Jetzt bezahlen")
        assert pay.get_attribute("href") == invoice.hosted_invoice_url
        shot("4_billing_open")
        page.goto(invoice.hosted_invoice_url)
        page.get_by_role("button", name=re.compile(r"^Pay ")).click()
        expect(page.locator("#status")).to_have_text("paid")
        wait_until(
            lambda: (
                platform.read(lambda db: db.get_one(Invoice, invoice.id).status)
                is InvoiceStatus.PAID
            ),
            what="the invoice.paid webhook",
        )
        page.goto(f"{portal}/billing")
        expect(page.get_by_text("Bezahlt", exact=True)).to_be_visible()
        expect(page.get_by_role("link", name="Jetzt bezahlen")).to_have_count(0)
        shot("5_billing_paid")


def _phone(platform: Platform, number: str, lines: list[str]) -> None:
    """`voiceagent call --typed`'s call, in a thread of its own (Playwright owns this one's
    event loop)."""
    settings = load_settings(env="test", database_url=platform.database_url, redis_url=REDIS_URL)
    call = typed_call(settings, number, lines, "de-AT", CALLER)
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, call).result()
