# ruff: noqa: E501 — the processing facts read best one sentence a line
"""Privacy (administrators): the retention periods (a card on the settings page), and the
page /settings/privacy — one caller's data downloaded (Art. 15/20) or erased (Art. 17), the notice
every call opens with, and what we process for the account (Art. 28)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from nicegui import ui
from sqlalchemy.orm import Session

from core.catalogue import N_
from customer_ui.confirmation import confirmation
from customer_ui.context import PortalContext
from customer_ui.i18n import Texts
from customer_ui.layout import (
    MemberPage,
    clear_field_errors,
    guarded,
    member_page,
    show_field_errors,
)
from customer_ui.number_fields import number_input, read_numbers
from customer_ui.submit import submit
from customer_ui.text_fields import text_input
from models import Tenant, User
from services.call_notice import call_notice
from services.caller_data import erase_caller, export_caller
from services.caller_numbers import number_forms
from services.engine_regions import eu_only, set_eu_only
from services.errors import ValidationFailed
from services.permissions import Action
from services.processing_agreement import accept_processing_agreement, processing_agreement_pdf
from services.retention import LIMITS, RetentionSettings, retention_settings, update_retention
from services.seller import Seller
from services.staff_access import (
    GRANT_DAYS,
    grant_staff_access,
    revoke_staff_access,
    staff_access_until,
)
from services.tenant_settings import own_tenant

# Field → label and unit, in the order shown.
PERIODS = (
    ("transcript_days", N_("Transcripts"), N_("days")),
    ("call_months", N_("Caller numbers of calls"), N_("months")),
    ("booking_months", N_("Names and numbers in past bookings"), N_("months")),
    ("message_days", N_("Messages taken for you"), N_("days")),
)
TABLE_NAMES = {
    "calls": "Calls",
    "call_turns": N_("Transcript lines"),
    "bookings": "Bookings",
    "webhook_deliveries": N_("Webhook deliveries"),
    "usage_events": N_("Usage records (kept for invoices)"),
    "messages": "Messages",
}


def retention_card(ctx: PortalContext, page: MemberPage) -> None:
    tr = page.tr
    current = retention_settings(session=page.db)
    with ui.card().classes("w-full gap-2").props("id=retention"):
        ui.label(tr("How long we keep your callers' data")).classes("font-semibold")
        ui.label(
            tr(
                "Every night, what is older is deleted or made anonymous: transcripts are "
                "deleted, a call keeps only the caller's country code, past bookings lose the "
                "caller's name and number. Invoices and usage are kept as the law requires."
            )
        ).classes("text-sm text-gray-600")
        inputs: dict[str, Any] = {}
        with ui.row().classes("items-start gap-4 flex-wrap"):
            for name, label, unit in PERIODS:
                low, high = LIMITS[name]
                inputs[name] = (
                    number_input(tr(label), value=getattr(current, name), min=low, max=high, step=1)
                    .props(f"id=retention-{name}")
                    .classes("w-full sm:w-80")
                )
                # The unit beside the number, not in the label: "… Termine (Monate)" was
                # cut with "…" on a phone.
                inputs[name].props["suffix"] = tr(unit)

        def save() -> None:
            def update(db: Session, user: User) -> None:
                wanted = RetentionSettings(**read_numbers(inputs, whole=list(inputs)))
                update_retention(session=db, actor=user, wanted=wanted)

            done = tr("Saved. The next nightly run applies the new periods.")
            submit(ctx, page, inputs, update, done=done)

        with ui.row().classes("items-center gap-4"):
            ui.button(tr("Save periods"), icon="save", on_click=guarded(tr, save))
            ui.link(tr("A caller's data: download or erase"), "/settings/privacy")


def register(ctx: PortalContext) -> None:
    @ui.page("/settings/privacy")
    def privacy_page() -> None:
        with member_page(ctx, N_("Privacy")) as page:
            if page.refused(Action.PRIVACY):
                return
            _caller_card(ctx, page)
            _staff_access_card(ctx, page)
            _eu_only_card(ctx, page)
            _agreement_card(ctx, page)
            _notice_card(page.tr)
            _processing_card(page.tr, page)


def _caller_card(ctx: PortalContext, page: MemberPage) -> None:
    tr = page.tr
    with ui.card().classes("w-full gap-2"):
        ui.label(tr("A caller's data")).classes("font-semibold")
        ui.label(
            tr(
                "When a caller asks what you hold about them, or asks you to delete it, enter "
                "their phone number. The download holds their calls, transcripts and bookings "
                "as JSON and CSV. Erasing keeps their calls only as anonymous usage for your "
                "invoices: the number is cut to its country code, the transcripts are deleted."
            )
        ).classes("text-sm text-gray-600")
        inputs = {
            "number": text_input(
                tr("Phone number"), max_length=40, placeholder="+43 664 1234567"
            ).classes("w-full sm:w-72")
        }
        result = ui.column().classes("gap-1")
        send = partial(submit, ctx, page, inputs)

        def download() -> None:
            number = inputs["number"].value
            content = send(lambda db, user: export_caller(session=db, actor=user, number=number))
            if content is not None:
                ui.download.content(content.value, "caller-data.zip", "application/zip")

        def erase() -> None:
            number = inputs["number"].value
            sent = send(lambda db, user: erase_caller(session=db, actor=user, number=number))
            if sent is None:
                return
            erased = sent.value
            confirm.close()
            result.clear()
            with result:
                ui.label(tr("Erased for {number}:", number=erased.number)).mark("erased")
                for table, count in erased.counts.items():
                    ui.label(f"{tr(TABLE_NAMES.get(table, table))}: {count}")
            ui.notify(tr("The caller's data has been erased."), type="positive")

        def ask_to_erase() -> None:
            """Asks only about a number that is one: the question is for what it erases."""
            clear_field_errors(inputs)
            try:
                number_forms(inputs["number"].value or "", country=page.tenant.country)
            except ValidationFailed as error:
                show_field_errors(tr, inputs, error)
                return
            confirm.open()

        confirm = _erase_question(tr, erase)

        with ui.row().classes("gap-2"):
            ui.button(tr("Download data"), icon="download", on_click=guarded(tr, download))
            ui.button(
                tr("Erase caller…"), icon="delete_forever", on_click=guarded(tr, ask_to_erase)
            ).props("outline color=negative")


def _erase_question(tr: Texts, erase: Callable[[], None]) -> ui.dialog:
    detail = tr(
        "This cannot be undone. Their bookings stay in your calendar without a name or number."
    )
    question = tr("Erase everything about this caller?")
    return confirmation(tr, question, detail=detail, yes=tr("Erase"), do=erase)


def _staff_access_state(ctx: PortalContext, page: MemberPage, box: ui.column) -> None:
    """Whether staff may read the transcripts now, with the button that changes it."""
    tr = page.tr

    def change(grant: bool) -> None:
        with ctx.tenant_db(page.who) as (db, user):
            if grant:
                grant_staff_access(session=db, actor=user)
            else:
                revoke_staff_access(session=db, actor=user)
            until = staff_access_until(session=db)
        show(until)

    def show(until: datetime | None) -> None:
        box.clear()
        with box:
            if until is None:
                ui.label(tr("Our staff cannot see your transcripts now.")).mark("staff-access")
                ui.button(
                    tr("Allow for {days} days", days=GRANT_DAYS),
                    icon="lock_open",
                    on_click=guarded(tr, lambda: change(True)),
                )
                return
            when = tr.when(until)
            ui.label(tr("Our staff may see your transcripts until {when}.", when=when)).mark(
                "staff-access"
            )
            ui.button(
                tr("Withdraw access"), icon="lock", on_click=guarded(tr, lambda: change(False))
            ).props("outline")

    show(staff_access_until(session=page.db))


def _staff_access_card(ctx: PortalContext, page: MemberPage) -> None:
    tr = page.tr
    with ui.card().classes("w-full gap-2").props("id=staff-access"):
        ui.label(tr("Our staff and your transcripts")).classes("font-semibold")
        ui.label(
            tr(
                "Our support staff see what was said on your calls only while you have a "
                "support ticket open, or when you allow it here for {days} days. Every look "
                "at a transcript is written to our audit log.",
                days=GRANT_DAYS,
            )
        ).classes("text-sm text-gray-600")
        _staff_access_state(ctx, page, ui.column().classes("gap-2"))


def _eu_only_card(ctx: PortalContext, page: MemberPage) -> None:
    tr = page.tr

    def change(wanted: bool) -> None:
        with ctx.tenant_db(page.who) as (db, user):
            set_eu_only(session=db, actor=user, wanted=wanted)
        ui.notify(tr("Saved."), type="positive")

    with ui.card().classes("w-full gap-2").props("id=eu-only"):
        ui.label(tr("EU processing only")).classes("font-semibold")
        ui.label(
            tr(
                "When this is on, your bots may only use engines that process your callers' "
                "audio and words in the EU. Cloud engines outside the EU cannot be chosen, and "
                "a bot that chose one before runs on our own engines instead."
            )
        ).classes("text-sm text-gray-600")
        ui.switch(
            tr("Process in the EU only"),
            value=eu_only(session=page.db, tenant_id=page.tenant.id),
            on_change=guarded(tr, lambda event: change(bool(event.value))),
        )


def _agreement_card(ctx: PortalContext, page: MemberPage) -> None:
    tr = page.tr
    with ui.card().classes("w-full gap-2").props("id=dpa"):
        ui.label(tr("Data processing agreement (Art. 28 GDPR)")).classes("font-semibold")
        status = ui.label().mark("dpa-status")

        def show(tenant: Tenant) -> None:
            status.text = (
                tr(
                    "Accepted on {when}, version {version}.",
                    when=tr.when(tenant.dpa_accepted_at),
                    version=tenant.dpa_version,
                )
                if tenant.dpa_accepted_at
                else tr("Not yet accepted.")
            )
            accept.visible = tenant.dpa_accepted_at is None

        def accept_it() -> None:
            with ctx.tenant_db(page.who) as (db, user):
                show(accept_processing_agreement(session=db, actor=user))

        def download() -> None:
            with ctx.tenant_db(page.who) as (db, _user):
                content = processing_agreement_pdf(
                    tenant=own_tenant(session=db),
                    seller=Seller.from_settings(ctx.settings),
                    locale=tr.locale,
                )
            ui.download.content(content, "auftragsverarbeitung.pdf", "application/pdf")

        with ui.row().classes("gap-2"):
            accept = ui.button(tr("Accept"), icon="check", on_click=guarded(tr, accept_it))
            ui.button(tr("Download PDF"), icon="download", on_click=guarded(tr, download)).props(
                "outline"
            )
        show(page.tenant)


def _notice_card(tr: Texts) -> None:
    with ui.card().classes("w-full gap-2"):
        ui.label(tr("What every call starts with")).classes("font-semibold")
        ui.label(
            tr(
                "Before your greeting, every bot says that the caller is speaking with an "
                "automated assistant and that the call is transcribed:"
            )
        ).classes("text-sm text-gray-600")
        for language in ("de-AT", "en-US"):  # each quote marked as the language it is in
            with ui.row().classes("gap-1 items-baseline"):
                ui.label(f"{tr.language(language)}:").classes("text-sm text-gray-600")
                ui.label(f"„{call_notice(language)}“").classes("italic").props(f'lang="{language}"')
        ui.label(
            tr(
                "This notice cannot be switched off: callers must be told when they speak with "
                "a machine (EU AI Act, Art. 50) and that their words are recorded (GDPR, "
                "Art. 13). You can change the greeting that follows it on each bot."
            )
        ).classes("text-sm text-gray-600")


def _processing_card(tr: Texts, page: MemberPage) -> None:
    current = retention_settings(session=page.db)
    facts = (
        (
            N_("What we store"),
            N_(
                "For each call: the caller's number, time, length and outcome, and the transcript. Bookings and messages with the name and number the caller gave."
            ),
        ),
        (
            N_("Where"),
            N_(
                "In our database. Phone calls run through Twilio; speech and answers through the engines you choose for each bot (ours by default, on our own servers)."
            ),
        ),
        (
            N_("For how long"),
            N_(
                "Transcripts {transcripts} days, caller numbers {calls} months, bookings {bookings} months after the appointment, messages {messages} days. You can change this under Settings."
            ),
        ),
        (
            N_("Who can see it"),
            N_(
                "Your team in this portal, your API tokens and your webhook. Our staff see transcripts only while you have a support ticket open or have allowed it above."
            ),
        ),
    )
    values = {
        "transcripts": current.transcript_days,
        "calls": current.call_months,
        "bookings": current.booking_months,
        "messages": current.message_days,
    }
    with ui.card().classes("w-full gap-2"):
        ui.label(tr("What we process for you (Art. 28 GDPR)")).classes("font-semibold")
        for title, text in facts:
            with ui.column().classes("gap-0"):
                ui.label(tr(title)).classes("font-medium")
                ui.label(tr(text, **values)).classes("text-sm")
