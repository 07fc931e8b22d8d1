"""The settings card for webhooks (administrators only): the address that receives signed
call events, its signing secret (shown once, when the address is saved), a test event sent
at once, turning it off or deleting it, and the last ten deliveries."""

from __future__ import annotations

import logging

from nicegui import run, ui

from core.catalogue import N_
from customer_ui.auth import forget_login
from customer_ui.confirmation import confirmation
from customer_ui.context import PortalContext, PortalUser, SessionEnded
from customer_ui.i18n import Texts
from customer_ui.layout import MemberPage, clear_field_errors, guarded, show_field_errors
from customer_ui.text_fields import text_input
from models import DeliveryStatus, WebhookDelivery
from services.call_events import (
    BOOKING_CANCELLED,
    BOOKING_CREATED,
    BOOKING_MOVED,
    CALL_COMPLETED,
    MESSAGE_TAKEN,
    TEST_EVENT,
    delete_webhook_endpoint,
    queue_test_event,
    recent_deliveries,
    set_webhook_endpoint,
    switch_webhook_endpoint,
    webhook_endpoint,
)
from services.errors import DomainError, ValidationFailed
from services.webhook_delivery import DeliveryResult, deliver_event_now
from services.webhook_http import MAX_URL_LENGTH, webhook_http_client

log = logging.getLogger(__name__)
# What each event is about, in words; its code is in the payload your software reads.
EVENT_NAMES = {
    CALL_COMPLETED: N_("Call ended"),
    BOOKING_CREATED: N_("Booking made"),
    BOOKING_MOVED: N_("Booking moved"),
    BOOKING_CANCELLED: N_("Booking cancelled"),
    MESSAGE_TAKEN: N_("Message taken"),
    TEST_EVENT: N_("Test event"),
}


def webhooks_card(ctx: PortalContext, page: MemberPage) -> None:
    tr = page.tr
    endpoint = webhook_endpoint(session=page.db)
    with ui.card().classes("w-full gap-2").props("id=webhooks"):
        ui.label(tr("Webhooks")).classes("font-semibold")
        ui.label(
            tr(
                "After every call we send its details and transcript to your address, "
                "signed so that your software can check they come from us."
            )
        ).classes("text-sm text-gray-600")
        if endpoint is not None:
            with ui.row().classes("items-center gap-x-4 flex-wrap"):
                ui.label(endpoint.url).classes("font-mono break-all")
                ui.badge(tr("On") if endpoint.enabled else tr("Off")).props(
                    f"color={'positive' if endpoint.enabled else 'grey'}"
                )
                _endpoint_actions(ctx, page, enabled=endpoint.enabled)
        with ui.row().classes("items-start gap-2"):
            inputs = {
                "url": text_input(
                    tr("Address (URL)"),
                    max_length=MAX_URL_LENGTH,
                    value=endpoint.url if endpoint else "",
                    placeholder="https://",
                ).classes("w-full sm:w-[32rem]")
            }

            def save() -> None:
                clear_field_errors(inputs)
                try:
                    with ctx.tenant_db(page.who) as (db, user):
                        issued = set_webhook_endpoint(
                            session=db,
                            cipher=ctx.cipher,
                            actor=user,
                            url=inputs["url"].value or "",
                            allow_loopback=ctx.settings.webhook_loopback_allowed,
                        )
                except ValidationFailed as error:
                    show_field_errors(tr, inputs, error)
                    return
                _show_secret_once(tr, issued.secret)

            ui.button(tr("Save address"), icon="save", on_click=guarded(tr, save))
        if endpoint is not None:
            ui.label(tr("Saving the address again creates a new signing secret.")).classes(
                "text-sm text-gray-600"
            )
            _deliveries(tr, recent_deliveries(session=page.db))


def _endpoint_actions(ctx: PortalContext, page: MemberPage, *, enabled: bool) -> None:
    tr = page.tr

    async def send_test() -> None:
        result = await _send_test_event(ctx, page.who, tr)
        if result is None:
            return
        if result.delivered:
            ui.notify(
                tr("Test event delivered (HTTP {code}).", code=result.status_code),
                type="positive",
            )
        else:
            ui.notify(
                tr(
                    "The test event was not delivered: {reason}",
                    reason=tr(result.error) if result.error else "",
                ),
                type="warning",
            )
        ui.navigate.reload()

    def switch() -> None:
        with ctx.tenant_db(page.who) as (db, user):
            switch_webhook_endpoint(session=db, actor=user, enabled=not enabled)
        ui.notify(tr("Webhook turned on.") if not enabled else tr("Webhook turned off."))
        ui.navigate.reload()

    def delete() -> None:
        with ctx.tenant_db(page.who) as (db, user):
            delete_webhook_endpoint(session=db, actor=user)
        ui.notify(tr("Webhook deleted."), type="positive")
        ui.navigate.reload()

    confirm = confirmation(
        tr, tr("Delete the webhook? Events not sent yet are dropped."), yes=tr("Delete"), do=delete
    )

    if enabled:
        ui.button(tr("Send test event"), icon="send", on_click=send_test).props("flat dense")
    ui.button(
        tr("Turn off") if enabled else tr("Turn on"),
        icon="pause" if enabled else "play_arrow",
        on_click=guarded(tr, switch),
    ).props("flat dense")
    ui.button(tr("Delete webhook"), icon="delete", on_click=confirm.open).props("flat dense")


async def _send_test_event(ctx: PortalContext, who: PortalUser, tr: Texts) -> DeliveryResult | None:
    """Queue a test event and post it now, off the event loop (the customer's server may take
    up to 5 s). Like layout.guarded, for an async handler: no stack trace reaches the page."""
    try:
        with ctx.tenant_db(who) as (db, user):
            event_id = queue_test_event(session=db, actor=user)
        result = await run.io_bound(_post_now, ctx, who.tenant_id, event_id)
    except SessionEnded:
        forget_login()
        ui.navigate.to("/login")
        return None
    except DomainError as error:
        ui.notify(tr(error.message), type="warning")
        return None
    except Exception:
        log.exception("sending a test webhook failed")
        ui.notify(tr("Sorry, something went wrong. Please try again."), type="negative")
        return None
    return result  # None when the server is shutting down


def _post_now(ctx: PortalContext, tenant_id: int, event_id: str) -> DeliveryResult:
    allow_loopback = ctx.settings.webhook_loopback_allowed
    with webhook_http_client(allow_loopback=allow_loopback) as client:
        return deliver_event_now(
            session_factory=ctx.session_factory,
            tenant_id=tenant_id,
            event_id=event_id,
            cipher=ctx.cipher,
            http_client=client,
            allow_loopback=allow_loopback,
        )


def _deliveries(tr: Texts, deliveries: list[WebhookDelivery]) -> None:
    ui.label(tr("Latest deliveries")).classes("font-semibold mt-2")
    if not deliveries:
        ui.label(tr("Nothing sent yet.")).classes("text-sm text-gray-600")
        return
    columns = [
        {"name": "time", "label": tr("Time"), "field": "time", "align": "left"},
        {"name": "event", "label": tr("Event"), "field": "event", "align": "left"},
        {"name": "status", "label": tr("Status"), "field": "status", "align": "left"},
        {"name": "attempts", "label": tr("Attempts"), "field": "attempts"},
        {"name": "answer", "label": tr("Last answer"), "field": "answer", "align": "left"},
    ]
    rows = [
        {
            "id": delivery.id,
            "time": tr.when(delivery.created_at),
            "event": tr(EVENT_NAMES.get(delivery.event_type, "Event")),
            "status": _status(tr, delivery),
            "attempts": delivery.attempts,
            "answer": _answer(tr, delivery),
        }
        for delivery in deliveries
    ]
    ui.table(columns=columns, rows=rows, row_key="id").props("flat dense").classes("w-full")


def _status(tr: Texts, delivery: WebhookDelivery) -> str:
    if delivery.status is DeliveryStatus.DELIVERED:
        return tr("Delivered")
    if delivery.status is DeliveryStatus.FAILED:
        return tr("Failed")
    if delivery.attempts == 0:
        return tr("Waiting")
    return tr("Next try {when}", when=tr.when(delivery.next_attempt_at))


def _answer(tr: Texts, delivery: WebhookDelivery) -> str:
    if delivery.last_error:
        return tr(delivery.last_error)
    return f"HTTP {delivery.last_status_code}" if delivery.last_status_code else "—"


def _show_secret_once(tr: Texts, secret: str) -> None:
    with ui.dialog() as dialog, ui.card().classes("gap-2"):
        ui.label(tr("Your signing secret")).classes("font-semibold")
        ui.label(
            tr(
                "Copy it now: it is shown only this once. Your software uses it to check "
                "the VoiceAgent-Signature header of each event."
            )
        ).classes("text-sm")
        ui.input(value=secret).props("readonly").classes("w-full sm:w-[32rem] font-mono")

        def done() -> None:
            dialog.close()
            ui.navigate.reload()

        ui.button(tr("Done"), on_click=done)
    dialog.open()
