"""Billing, for administrators only (Action.BILLING): the plan and its price list in plain
words, this month's bill so far, invoices with status and amounts (one invoice is
customer_ui/pages/invoice.py), "Add payment method" (Stripe Checkout,
customer_ui/pages/payment_method.py) and "Manage payment" (the Stripe customer portal).

Also the price components other pages show: the bill so far (`bill_card`, on the usage page)
and the number fee note (`number_fee_note`, where a bot is created)."""

from __future__ import annotations

import html
from datetime import datetime

from nicegui import ui

from customer_ui.context import PortalContext
from customer_ui.i18n import Texts
from customer_ui.layout import MemberPage, member_page
from customer_ui.pages.invoice import invoice_period, invoice_status, invoice_view, pay_url
from customer_ui.pages.payment_method import add_payment_method_button, to_stripe
from customer_ui.pages.subscription import subscription_state
from models import Invoice
from services.billing import Bill, base_fee_starts_on, tenant_bill
from services.customer_portal import customer_portal_url
from services.invoices import list_invoices
from services.local_formats import VIENNA
from services.permissions import Action
from services.usage_reports import Pricing, pricing_for
from services.vat import AUSTRIAN_VAT_BP

NO_WRAP = {"classes": "whitespace-nowrap"}  # "29,00 €" never breaks before the €


def register(ctx: PortalContext) -> None:
    @ui.page("/billing")
    def billing_page() -> None:
        with member_page(ctx, "Billing") as page:
            if not page.refused(Action.BILLING):
                billing_overview(ctx, page)

    @ui.page("/billing/invoices/{invoice_id}")
    def invoice_page(invoice_id: str) -> None:
        with member_page(ctx, "Invoice") as page:
            if not page.refused(Action.BILLING):
                invoice_view(ctx, page, invoice_id)


def billing_overview(ctx: PortalContext, page: MemberPage) -> None:
    """The plan and payment, this month's bill so far, the invoices."""
    tr = page.tr
    _plan_card(ctx, page)
    today = datetime.now(VIENNA).date()
    bill = tenant_bill(session=page.db, today=today)
    if bill is not None:
        bill_card(tr, bill, tr("This month so far"))
    invoices = list_invoices(session=page.db)
    ui.label(tr("Invoices")).classes("text-lg font-semibold")
    if not invoices:
        ui.label(tr("No invoices yet."))
        return
    _invoices_table(tr, invoices)


def _plan_card(ctx: PortalContext, page: MemberPage) -> None:
    tr, plan = page.tr, page.tenant.price_plan
    with ui.card().classes("w-full"):
        ui.label(tr("Your plan")).classes("font-semibold")
        if plan is not None:
            ui.label(plan.name).classes("text-lg")
            price_list(tr, pricing_for(session=page.db))
            _base_fee_after_trial(page)
        if not subscription_state(ctx, page) and plan is None:
            ui.label(tr("No plan yet. Our team will set one up with you."))
        _payment_method_state(page)
        with ui.row().classes("gap-2"):
            if page.tenant.payment_method_added_at is None:
                add_payment_method_button(ctx, page)
            _manage_payment(ctx, page)


def _invoices_table(tr: Texts, invoices: list[Invoice]) -> None:
    table = ui.table(
        columns=[
            # The pay button early: on a phone the later columns scroll away.
            {"name": "number", "label": tr("Number"), "field": "number", "align": "left"},
            {"name": "total", "label": tr("Total"), "field": "total", **NO_WRAP},
            {"name": "pay", "label": "", "field": "pay", "align": "left"},
            {"name": "status", "label": tr("Status"), "field": "status", "align": "left"},
            {"name": "period", "label": tr("Period"), "field": "period", "align": "left"},
        ],
        rows=[
            {
                "id": i.id,
                "number": i.number,
                "period": invoice_period(tr, i),
                "status": invoice_status(tr, i),
                "total": tr.money(i.total_cents, i.currency),
                "pay": pay_url(i),
            }
            for i in invoices
        ],
        row_key="id",
    ).classes("w-full cursor-pointer")
    # Stripe's hosted invoice page, in a new tab; the click must not open the row.
    table.add_slot(
        "body-cell-pay",
        '<q-td :props="props"><q-btn v-if="props.value" :href="props.value" '
        'target="_blank" rel="noopener" color="primary" dense no-caps unelevated '
        f'label="{html.escape(tr("Pay now"))}" @click.stop /></q-td>',
    )
    _cards_on_a_phone(table, pay_now=tr("Pay now"))
    table.on("rowClick", lambda e: ui.navigate.to(f"/billing/invoices/{e.args[1]['id']}"))
    table.on("openInvoice", lambda e: ui.navigate.to(f"/billing/invoices/{e.args['id']}"))


def _cards_on_a_phone(table: ui.table, *, pay_now: str) -> None:
    """Below 600 px each invoice is a card: number and total on top, status and period below,
    and its pay button (layout.cards_on_a_phone shows plain values only, no button)."""
    table.props(':grid="Quasar.Screen.lt.sm"')
    table.add_slot(
        "item",
        '<div class="q-pa-xs col-12"><q-card flat bordered class="invoice-card cursor-pointer" '
        '@click="$parent.$emit(\'openInvoice\', props.row)"><q-card-section class="q-py-sm">'
        '<div class="row no-wrap justify-between text-weight-medium">'
        "<span>{{ props.row.number }}</span><span>{{ props.row.total }}</span></div>"
        # The period keeps its "·" and its two days together when a long status wraps.
        '<div class="text-grey-8">{{ props.row.status }} '
        '<span class="text-no-wrap">· {{ props.row.period }}</span></div>'
        '<q-btn v-if="props.row.pay" :href="props.row.pay" target="_blank" rel="noopener" '
        'color="primary" dense no-caps unelevated class="q-mt-sm" '
        f'label="{html.escape(pay_now)}" @click.stop /></q-card-section></q-card></div>',
    )


def _manage_payment(ctx: PortalContext, page: MemberPage) -> None:
    """The Stripe customer portal, where payment details change; the link comes from billing."""
    opens = to_stripe(ctx, page, customer_portal_url, return_path="/billing")
    ui.button(page.tr("Manage payment"), icon="credit_card", on_click=opens)


def _base_fee_after_trial(page: MemberPage) -> None:
    """For a sign-up whose base fee has not run a whole month yet: that the trial costs
    none, and from which day it is charged (services.billing.base_fee_starts_on)."""
    tr, tenant = page.tr, page.tenant
    starts_on = base_fee_starts_on(tenant)
    this_month = datetime.now(VIENNA).date().replace(day=1)
    if tenant.trial_ends_at is None or starts_on < this_month:
        return
    ui.label(
        tr(
            "No base fee is charged during your trial. It is charged from {day}, in its "
            "first month only for the days from then on.",
            day=tr.day(starts_on),
        )
    ).classes("text-sm").mark("base-fee-after-trial")


def _payment_method_state(page: MemberPage) -> None:
    """Whether a payment method is saved, and for a sign-up without one, why it matters."""
    tr, tenant = page.tr, page.tenant
    if tenant.payment_method_added_at is not None:
        saved_on = tenant.payment_method_added_at.astimezone(VIENNA).date()
        ui.label(tr("Payment method saved on {day}.", day=tr.day(saved_on))).classes("text-sm")
    elif tenant.trial_ends_at is not None:
        ui.label(
            tr(
                "No payment method yet. Without one your bots take no calls after the trial, "
                "and you cannot add a second bot."
            )
        ).classes("text-sm").mark("no-payment-method")


def price_list(tr: Texts, pricing: Pricing) -> None:
    """The plan's prices in plain words: base fee, minutes, numbers, VAT."""
    money = tr.money
    with ui.column().classes("gap-1 text-sm").mark("price-list"):
        ui.label(
            tr(
                "Base fee: {fee} a month, {included} call minutes included.",
                fee=money(pricing.monthly_fee_cents, pricing.currency),
                included=tr.number(pricing.included_minutes),
            )
        )
        ui.label(
            tr(
                "Each further minute: {price}, billed by the second.",
                price=money(pricing.per_minute_cents, pricing.currency),
            )
        )
        ui.label(
            tr(
                "Each bot gets its own phone number: {fee} a month, charged for the days "
                "you have it (from the day it is set up until it is released).",
                fee=money(pricing.number_monthly_fee_cents, pricing.currency),
            )
        )
        ui.label(tr("All prices plus {rate} % VAT.", rate=tr.number(AUSTRIAN_VAT_BP / 100)))


def number_fee_note(page: MemberPage) -> None:
    """Before a bot is created: that it brings a phone number, and what that costs."""
    pricing = pricing_for(session=page.db)
    if not pricing.number_monthly_fee_cents:
        return
    ui.label(
        page.tr(
            "A bot gets its own phone number: {fee} a month plus VAT.",
            fee=page.tr.money(pricing.number_monthly_fee_cents, pricing.currency),
        )
    ).classes("text-sm").mark("number-fee-note")


def bill_card(tr: Texts, bill: Bill, title: str) -> None:
    """A bill so far (services.billing.tenant_bill): its lines, before VAT, VAT, total."""
    priced, currency = bill.priced, bill.currency
    with ui.card().classes("w-full").mark("bill-so-far"):
        ui.label(title).classes("font-semibold")
        rows = [
            {"id": n, "text": line.description, "amount": tr.money(line.amount_cents, currency)}
            for n, line in enumerate(priced.lines)
        ]
        rows += [
            {
                "id": "subtotal",
                "text": tr("Subtotal"),
                "amount": tr.money(priced.subtotal_cents, currency),
            },
            {
                "id": "tax",
                "text": tr("VAT {rate} %", rate=tr.number(priced.tax_rate_bp / 100, 0)),
                "amount": tr.money(priced.tax_cents, currency),
            },
            {"id": "total", "text": tr("Total"), "amount": tr.money(priced.total_cents, currency)},
        ]
        ui.table(
            columns=[
                {"name": "text", "label": tr("Item"), "field": "text", "align": "left"},
                {"name": "amount", "label": tr("Amount"), "field": "amount", **NO_WRAP},
            ],
            rows=rows,
            row_key="id",
        ).classes("w-full").props("dense flat wrap-cells")
