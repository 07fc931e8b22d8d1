"""Bookings → the dialogs: a new booking (with the day's free times to pick from) and one
booking's details, where it is moved, cancelled or marked as a no-show. Also the booking's
words and times the calendar shows (status, source, Vienna clock)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from nicegui import ui
from sqlalchemy.orm import Session

from core.catalogue import N_
from customer_ui.context import PortalContext
from customer_ui.day_fields import day_input, read_day
from customer_ui.i18n import Texts
from customer_ui.layout import MemberPage, guarded
from customer_ui.number_fields import number_input, read_numbers
from customer_ui.submit import submit
from customer_ui.text_fields import text_input
from models import Booking, BookingSource, BookingStatus, Service, User
from services import bookings as book
from services.booking_places import SlotTaken
from services.booking_rules import FIRST_DAY, LAST_DAY
from services.errors import ValidationFailed
from services.free_slots import find_free_slots
from services.local_formats import VIENNA
from services.offered_services import MAX_NAME
from services.vienna_time import as_utc

STATUS_LABELS = {
    BookingStatus.BOOKED: "Booked",
    BookingStatus.MOVED: N_("Moved"),
    BookingStatus.CANCELLED: N_("Cancelled"),
    BookingStatus.NO_SHOW: "No-show",
}
STATUS_COLOURS = {
    BookingStatus.BOOKED: "positive",
    BookingStatus.MOVED: "primary",
    BookingStatus.CANCELLED: "grey",
    BookingStatus.NO_SHOW: "warning",
}
SOURCE_LABELS = {
    BookingSource.PHONE: N_("by phone"),
    BookingSource.PORTAL: N_("by hand"),
    BookingSource.API: N_("via API"),
}


def booking_dialog(
    page: MemberPage, ctx: PortalContext, services: list[Service], day: date
) -> None:
    tr = page.tr
    with ui.dialog() as dialog, ui.card().classes("w-full max-w-md gap-2"):
        ui.label(tr("New booking")).classes("text-lg font-semibold")
        service = ui.select(
            {s.id: f"{s.name} ({s.duration_minutes} min)" for s in services},
            value=services[0].id,
            label=tr("Service"),
        ).classes("w-full")
        when_day = day_input(tr, tr("Day (YYYY-MM-DD)"), day).classes("w-full")
        when_time = ui.input(tr("Time (HH:MM)"), value="").classes("w-full")
        _free_times(page, ctx, service, when_day, when_time)
        inputs: dict[str, Any] = {
            "start": when_time,
            "caller_name": text_input(tr("Name"), max_length=MAX_NAME).classes("w-full"),
            "caller_phone": ui.input(tr("Phone number")).classes("w-full"),
            "party_size": number_input(
                tr("Party size (optional)"), min=1, max=book.MAX_PARTY_SIZE, step=1
            ).classes("w-full"),
        }

        def book_it(db: Session, user: User) -> None:
            size = read_numbers(inputs, whole=["party_size"], optional=["party_size"])
            book.book(
                session=db,
                service_id=service.value,
                start=_start(when_day.value, when_time.value),
                caller_name=inputs["caller_name"].value or "",
                caller_phone=inputs["caller_phone"].value or "",
                party_size=size.get("party_size"),
                source=BookingSource.PORTAL,
                actor=user,
            )

        send = _sender(ctx, page, dialog, inputs, book_it, N_("Booked."))
        with ui.row().classes("w-full justify-end"):
            ui.button(tr("Cancel"), on_click=dialog.close).props("flat no-caps")
            ui.button(tr("Book"), icon="event_available", on_click=send).props("no-caps").mark(
                "book"
            )
    dialog.open()


def _free_times(
    page: MemberPage,
    ctx: PortalContext,
    service: ui.select,
    when_day: ui.input,
    when_time: ui.input,
) -> None:
    """The chosen day's free times as buttons that fill in the time; they follow the service
    and the day."""
    tr = page.tr
    free = ui.row().classes("w-full gap-1 flex-wrap")

    def show_free() -> None:
        free.clear()
        picked = read_day(when_day.value)
        if picked is None or service.value is None:
            return
        slots = ctx.read(
            page.who,
            lambda db: find_free_slots(session=db, service_id=service.value, day_from=picked),
        )
        with free:
            if not slots:
                ui.label(tr("No free times on this day.")).classes("text-xs text-gray-600")
            for slot in slots[:24]:
                clock = slot.local_start().strftime("%H:%M")
                ui.button(clock, on_click=lambda c=clock: when_time.set_value(c)).props(
                    "dense outline no-caps size=sm"
                )

    service.on_value_change(guarded(tr, show_free))
    when_day.on("blur", guarded(tr, show_free))
    guarded(tr, show_free)()


def details_dialog(page: MemberPage, ctx: PortalContext, booking_id: int) -> None:
    tr = page.tr
    booking = ctx.read(
        page.who, lambda db: _detached(book.get_booking(session=db, booking_id=booking_id))
    )
    with ui.dialog() as dialog, ui.card().classes("w-full max-w-md gap-2"):
        ui.label(booking.service.name).classes("text-lg font-semibold")
        for label, value in (
            (tr("When"), f"{tr.when(booking.starts_at)}–{clock(booking.ends_at)}"),
            (tr("Name"), booking.caller_name),
            (tr("Phone number"), booking.caller_phone or "—"),
            (tr("Party size"), str(booking.party_size) if booking.party_size else "—"),
            (tr("Status"), tr(STATUS_LABELS[booking.status])),
            (tr("Booked"), f"{tr.when(booking.created_at)} · {tr(SOURCE_LABELS[booking.source])}"),
        ):
            with ui.row().classes("w-full gap-2"):
                ui.label(label).classes("text-sm text-gray-600 w-28")
                ui.label(value).classes("text-sm break-words")
        if booking.status in (BookingStatus.BOOKED, BookingStatus.MOVED):
            ui.separator()
            _changes(page, ctx, dialog, booking)
        else:
            ui.button(tr("Close"), on_click=dialog.close).props("flat no-caps")
    dialog.open()


def _changes(page: MemberPage, ctx: PortalContext, dialog: ui.dialog, booking: Booking) -> None:
    """Move (to the day and time in the fields), cancel, or mark as a no-show."""
    tr, booking_id = page.tr, booking.id
    local = local_time(booking.starts_at)
    new_day = day_input(tr, tr("Day (YYYY-MM-DD)"), local.date()).classes("w-full")
    new_time = ui.input(tr("Time (HH:MM)"), value=local.strftime("%H:%M")).classes("w-full")
    fields = {"start": new_time}
    move = _sender(
        ctx,
        page,
        dialog,
        fields,
        lambda db, user: book.move(
            session=db,
            booking_id=booking_id,
            start=_start(new_day.value, new_time.value),
            source=BookingSource.PORTAL,
            actor=user,
        ),
        N_("Moved."),
    )
    cancel = _sender(
        ctx,
        page,
        dialog,
        fields,
        lambda db, user: book.cancel(
            session=db, booking_id=booking_id, source=BookingSource.PORTAL, actor=user
        ),
        N_("Cancelled."),
    )
    no_show = _sender(
        ctx,
        page,
        dialog,
        fields,
        lambda db, user: book.mark_no_show(session=db, booking_id=booking_id, actor=user),
        N_("Marked as no-show."),
    )
    with ui.row().classes("w-full gap-2 flex-wrap"):
        ui.button(tr("Move"), icon="schedule", on_click=move).props("no-caps").mark("move")
        ui.button(tr("Cancel booking"), icon="event_busy", on_click=cancel).props(
            "color=negative outline no-caps"
        )
        ui.button(tr("No-show"), on_click=no_show).props("flat no-caps")
        ui.button(tr("Close"), on_click=dialog.close).props("flat no-caps")


def _sender(
    ctx: PortalContext,
    page: MemberPage,
    dialog: ui.dialog,
    inputs: dict[str, Any],
    change: Callable[[Session, User], object],
    done: str,
) -> Callable[[], None]:
    """A button's handler: `change` through submit; a time taken meanwhile names the next free
    one; once done, the dialog closes and the calendar reloads."""
    tr = page.tr

    def run() -> None:
        try:
            sent = submit(ctx, page, inputs, change, done=tr(done))
        except SlotTaken as taken:
            ui.notify(_taken(tr, taken), type="warning")
            return
        if sent is not None:
            dialog.close()
            ui.navigate.reload()

    return guarded(tr, run)


def _start(day_text: str | None, clock_text: str | None) -> datetime:
    """The Vienna time from the two fields, or a field error on the time."""
    day = read_day(day_text)
    try:
        at = time.fromisoformat((clock_text or "").strip())
    except ValueError:
        at = None
    if day is None or at is None or not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationFailed({"start": N_("Please give a day (YYYY-MM-DD) and a time (HH:MM).")})
    return datetime.combine(day, at, tzinfo=VIENNA)


def local_time(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(VIENNA)


def clock(moment: datetime) -> str:
    return local_time(moment).strftime("%H:%M")


def _taken(tr: Texts, taken: SlotTaken) -> str:
    if taken.next_slot is None:
        return tr("This time is no longer free.")
    return tr(
        "This time is no longer free. The next free time is {when}.",
        when=tr.when(taken.next_slot.start),
    )


def _detached(booking: Booking) -> Booking:
    """Load what the dialog shows before the read's session closes."""
    _ = booking.service.name
    return booking
