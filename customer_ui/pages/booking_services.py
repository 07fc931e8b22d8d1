"""Bookings → the services (what callers can book, how long, at what price, how many at
once) and the booking rules, for administrators (Action.SERVICES); the rules are
services/offered_services.py's and services/booking_rules.py's."""

from __future__ import annotations

from datetime import date
from typing import Any

from nicegui import ui
from sqlalchemy.orm import Session

from core.catalogue import N_
from customer_ui.context import PortalContext
from customer_ui.day_fields import read_day
from customer_ui.layout import MemberPage, guarded
from customer_ui.number_fields import amount_input, number_input, read_numbers
from customer_ui.submit import submit
from customer_ui.text_fields import text_input
from models import Service, User
from services.booking_rules import RulesSpec, booking_rules, update_booking_rules
from services.errors import ValidationFailed
from services.offered_services import (
    MAX_NAME,
    ServiceSpec,
    archive_service,
    create_service,
    get_service,
    list_services,
    update_service,
)
from services.permissions import Action


def services_section(page: MemberPage, ctx: PortalContext) -> None:
    tr = page.tr
    admin = page.may(Action.SERVICES)
    ui.label(tr("Services")).classes("text-xl font-semibold mt-4")
    services = list_services(session=page.db)
    with ui.column().classes("w-full gap-2").mark("services"):
        if not services:
            ui.label(
                tr("No services yet. Add what callers can book, e.g. a haircut of 30 minutes.")
            )
        for service in services:
            with (
                ui.card().classes("w-full p-2"),
                ui.row().classes("w-full items-center gap-3 flex-wrap"),
            ):
                ui.label(service.name).classes("font-semibold")
                ui.label(
                    tr(
                        "{minutes} min · {price} · {capacity} at once",
                        minutes=service.duration_minutes,
                        price=tr.money(service.price_cents),
                        capacity=service.capacity,
                    )
                ).classes("text-sm text-gray-600")
                if admin:
                    ui.space()
                    ui.button(
                        tr("Edit"), on_click=lambda s=service: service_dialog(page, ctx, s)
                    ).props("flat dense no-caps")
    if admin:
        ui.button(
            tr("Add service"), icon="add", on_click=lambda: service_dialog(page, ctx, None)
        ).props("outline no-caps")
        _rules_card(page, ctx)


def service_dialog(page: MemberPage, ctx: PortalContext, service: Service | None) -> None:
    tr = page.tr
    spec = ServiceSpec.from_service(service) if service else None
    with ui.dialog() as dialog, ui.card().classes("w-full max-w-md gap-2"):
        ui.label(tr("Edit service") if service else tr("Add service")).classes(
            "text-lg font-semibold"
        )
        inputs: dict[str, Any] = {
            "name": text_input(
                tr("Name"), max_length=MAX_NAME, value=spec.name if spec else ""
            ).classes("w-full"),
            "duration_minutes": number_input(
                tr("Duration (minutes)"), value=spec.duration_minutes if spec else 30, step=5
            ),
            "price_cents": amount_input(
                tr("Price (EUR)"), cents=spec.price_cents if spec else 0, locale=tr.locale
            ),
            "capacity": number_input(
                tr("How many at the same time"), value=spec.capacity if spec else 1, step=1
            ),
        }

        def write(db: Session, user: User) -> None:
            numbers = read_numbers(
                inputs,
                whole=["duration_minutes", "capacity"],
                amounts=["price_cents"],
                locale=tr.locale,
            )
            new = ServiceSpec(
                name=inputs["name"].value or "", bot_ids=spec.bot_ids if spec else [], **numbers
            )
            if service is None:
                create_service(session=db, spec=new, actor=user)
            else:
                found = get_service(session=db, service_id=service.id)
                update_service(session=db, service=found, spec=new, actor=user)

        def save() -> None:
            if submit(ctx, page, inputs, write, done=tr("Saved.")) is not None:
                dialog.close()
                ui.navigate.reload()

        def archive() -> None:
            assert service is not None  # noqa: S101 — only offered for a saved service
            with ctx.tenant_db(page.who) as (db, user):
                found = get_service(session=db, service_id=service.id)
                archive_service(session=db, service=found, actor=user)
            dialog.close()
            ui.navigate.reload()

        with ui.row().classes("w-full justify-end gap-2 flex-wrap"):
            if service is not None:
                ui.button(tr("Stop offering"), on_click=guarded(tr, archive)).props(
                    "flat color=negative no-caps"
                )
            ui.button(tr("Cancel"), on_click=dialog.close).props("flat no-caps")
            ui.button(tr("Save"), on_click=guarded(tr, save)).props("no-caps").mark("save-service")
    dialog.open()


def _rules_card(page: MemberPage, ctx: PortalContext) -> None:
    tr = page.tr
    rules = booking_rules(session=page.db)
    with ui.card().classes("w-full gap-2").mark("booking-rules"):
        ui.label(tr("Booking rules")).classes("font-semibold")
        ui.label(tr("Opening hours are the bot's opening hours.")).classes("text-sm text-gray-600")
        inputs: dict[str, Any] = {
            "horizon_days": number_input(
                tr("Bookable days ahead"), value=rules.horizon_days, step=1
            ).classes("w-72 max-w-full"),
            "min_notice_minutes": number_input(
                tr("Minimum notice (minutes)"), value=rules.min_notice_minutes, step=15
            ).classes("w-72 max-w-full"),
            "closed_days": ui.input(
                tr("Closed days"), value=", ".join(tr.day(d) for d in rules.closed_days)
            ).classes("w-full"),
        }
        # In the hint, which wraps: a label is cut with "…" where it does not fit (a phone).
        inputs["closed_days"].props["hint"] = tr("YYYY-MM-DD, separated by commas")

        def write(db: Session, user: User) -> None:
            numbers = read_numbers(inputs, whole=["horizon_days", "min_notice_minutes"])
            closed = _closed_days(inputs["closed_days"].value or "")
            spec = RulesSpec(closed_days=closed, **numbers)
            update_booking_rules(session=db, spec=spec, actor=user)

        def save() -> None:
            submit(ctx, page, inputs, write, done=tr("Saved."))

        ui.button(tr("Save rules"), on_click=guarded(tr, save)).props("no-caps")


def _closed_days(text: str) -> list[date]:
    days = [read_day(part) for part in text.split(",") if part.strip()]
    if None in days:
        raise ValidationFailed({"closed_days": N_("Please write dates as YYYY-MM-DD.")})
    return [day for day in days if day is not None]
