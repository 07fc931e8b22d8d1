"""Settings → "Billing address": whom our invoices are made out to, with the VAT id (UID)
that makes an EU business outside Austria a reverse-charge customer. Administrators only
(Action.BILLING); the rules are services/billing_details.py's."""

from __future__ import annotations

from nicegui import ui

from customer_ui.context import PortalContext
from customer_ui.layout import MemberPage, guarded
from customer_ui.submit import submit
from customer_ui.text_fields import text_input
from services.billing_details import (
    MAX_CITY,
    MAX_POSTAL_CODE,
    MAX_STREET,
    MAX_VAT_ID,
    BillingDetails,
    billing_details,
    update_billing_details,
)
from services.countries import COUNTRY_NAMES


def billing_details_card(ctx: PortalContext, page: MemberPage) -> None:
    tr = page.tr
    current = billing_details(page.tenant)
    german = tr.german
    countries = {
        code: names[0 if german else 1]
        for code, names in sorted(COUNTRY_NAMES.items(), key=lambda c: c[1][0 if german else 1])
    }
    with ui.card().classes("w-full gap-2").props("id=billing-details"):
        ui.label(tr("Billing address")).classes("font-semibold")
        ui.label(
            tr(
                "Our invoices are made out to this address. Businesses in another EU country "
                "enter their VAT ID: their invoices then have no Austrian VAT (reverse charge)."
            )
        ).classes("text-sm text-gray-600")
        ui.label(
            tr(
                "Your Austrian phone numbers are registered to this address too, as the "
                "regulator requires: it must be your business address."
            )
        ).classes("text-sm text-gray-600")
        inputs = {
            "street": text_input(tr("Street and number"), max_length=MAX_STREET),
            "postal_code": text_input(tr("Postal code"), max_length=MAX_POSTAL_CODE),
            "city": text_input(tr("Town"), max_length=MAX_CITY),
            "country": ui.select(countries, label=tr("Country"), value=current.country),
            "vat_id": text_input(tr("VAT ID (optional)"), max_length=MAX_VAT_ID + 10),
        }
        for name, field in inputs.items():
            field.classes("w-full sm:w-96").props(f"id=billing-{name}")
            if name != "country":
                field.value = getattr(current, name)

        def save() -> None:
            wanted = BillingDetails(**{name: inputs[name].value or "" for name in inputs})
            saved = submit(
                ctx,
                page,
                inputs,
                lambda db, user: update_billing_details(session=db, actor=user, wanted=wanted),
                done=tr("Saved. The next invoice uses this address."),
            )
            if saved is not None:
                inputs["vat_id"].value = saved.value.vat_id or ""

        ui.button(tr("Save billing address"), icon="save", on_click=guarded(tr, save))
