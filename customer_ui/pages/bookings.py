"""Bookings ("Termine"): the appointment book as a day or week calendar in Vienna time, with
bookings added, moved and cancelled by hand, and the services (what can be booked, how many
at once) and booking rules below it for administrators.

A day is a column of booking cards by time; a week is seven such columns side by side on a
wide screen and one under the other on a phone. Every rule lives in services/bookings.py;
this page only turns fields into calls and errors into words.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from nicegui import ui

from core.catalogue import N_
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
from customer_ui.text_fields import text_input
from models import Booking, BookingSource, BookingStatus, Service
from services import bookings as book
from services.errors import ValidationFailed
from services.local_formats import VIENNA
from services.permissions import Action

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
WEEKDAY_NAMES = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def register(ctx: PortalContext) -> None:
    @ui.page("/bookings")
    def bookings_page(day: str = "", view: str = "week") -> None:
        with member_page(ctx, "Bookings") as page:
            if page.refused(Action.BOOKINGS):
                return
            shown = _day(day)
            week = view != "day"
            first = shown - timedelta(days=shown.weekday()) if week else shown
            days = [first + timedelta(days=n) for n in range(7 if week else 1)]
            services = book.list_services(session=page.db)
            found = book.list_bookings(session=page.db, day_from=days[0], day_to=days[-1])
            _toolbar(page, shown, week, services, ctx)
            _calendar(page, days, found, ctx)
            _services_section(page, ctx)


# -- the calendar --------------------------------------------------------------------------


def _toolbar(
    page: MemberPage, shown: date, week: bool, services: list[Service], ctx: PortalContext
) -> None:
    tr = page.tr
    step = timedelta(days=7 if week else 1)
    view = "week" if week else "day"

    def go(to: date, as_view: str = view) -> None:
        ui.navigate.to("/bookings?" + urlencode({"day": to.isoformat(), "view": as_view}))

    with ui.row().classes("w-full items-center gap-2 flex-wrap"):
        ui.button(icon="chevron_left", on_click=lambda: go(shown - step)).props("flat dense").mark(
            "previous"
        )
        ui.button(tr("Today"), on_click=lambda: go(_today())).props("outline dense no-caps")
        ui.button(icon="chevron_right", on_click=lambda: go(shown + step)).props("flat dense").mark(
            "next"
        )
        ui.toggle(
            {"day": tr("Day"), "week": tr("Week")},
            value=view,
            on_change=lambda e: go(shown, e.value),
        ).props("dense no-caps")
        ui.space()
        if services:
            ui.button(
                tr("New booking"),
                icon="add",
                on_click=lambda: _booking_dialog(page, ctx, services, shown),
            ).props("no-caps")


def _calendar(page: MemberPage, days: list[date], found: list[Booking], ctx: PortalContext) -> None:
    tr = page.tr
    by_day: dict[date, list[Booking]] = {d: [] for d in days}
    for booking in found:
        by_day.setdefault(_local(booking.starts_at).date(), []).append(booking)
    columns = "grid-cols-1 md:grid-cols-7" if len(days) == 7 else "grid-cols-1"
    with ui.element("div").classes(f"w-full grid {columns} gap-2").mark("calendar"):
        for day in days:
            today = day == _today()
            with ui.card().classes(
                "p-2 gap-1 min-w-0" + (" border-2 border-indigo-400" if today else "")
            ):
                with ui.row().classes("w-full items-baseline justify-between"):
                    ui.label(tr(WEEKDAY_NAMES[day.weekday()])).classes("font-semibold")
                    ui.link(
                        tr.day(day), "/bookings?" + urlencode({"day": day, "view": "day"})
                    ).classes("text-sm text-gray-600")
                if not by_day[day]:
                    ui.label(tr("No bookings")).classes("text-xs text-gray-500")
                for booking in by_day[day]:
                    _booking_card(page, booking, ctx)


def _booking_card(page: MemberPage, booking: Booking, ctx: PortalContext) -> None:
    tr = page.tr
    off = booking.status in (BookingStatus.CANCELLED, BookingStatus.NO_SHOW)
    card = ui.card().classes("w-full p-2 gap-0 cursor-pointer bg-indigo-50")
    struck = " line-through text-gray-500" if off else ""
    card.on("click", lambda: _details_dialog(page, ctx, booking.id))
    with card.mark(f"booking-{booking.id}"):
        ui.label(f"{_clock(booking.starts_at)}–{_clock(booking.ends_at)}").classes(
            "text-sm font-semibold" + struck
        )
        ui.label(booking.caller_name).classes("text-sm break-words" + struck)
        ui.label(booking.service.name).classes("text-xs text-gray-600 break-words")
        if booking.status is not BookingStatus.BOOKED:
            ui.badge(tr(STATUS_LABELS[booking.status]), color=STATUS_COLOURS[booking.status])


# -- dialogs -------------------------------------------------------------------------------


def _booking_dialog(
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
        when_day = ui.input(tr("Day (YYYY-MM-DD)"), value=day.isoformat()).classes("w-full")
        when_time = ui.input(tr("Time (HH:MM)"), value="").classes("w-full")
        free = ui.row().classes("w-full gap-1 flex-wrap")
        inputs: dict[str, Any] = {
            "start": when_time,
            "caller_name": text_input(tr("Name"), max_length=book.MAX_NAME).classes("w-full"),
            "caller_phone": ui.input(tr("Phone number")).classes("w-full"),
            "party_size": number_input(
                tr("Party size (optional)"), min=1, max=book.MAX_PARTY_SIZE, step=1
            ).classes("w-full"),
        }

        def show_free() -> None:
            free.clear()
            picked = _parse_day(when_day.value)
            if picked is None or service.value is None:
                return
            slots = ctx.read(
                page.who,
                lambda db: book.find_free_slots(
                    session=db, service_id=service.value, day_from=picked
                ),
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

        def submit() -> None:
            clear_field_errors(inputs)
            try:
                size = read_numbers(inputs, whole=["party_size"], optional=["party_size"])
                start = _start(when_day.value, when_time.value)
                with ctx.tenant_db(page.who) as (db, user):
                    book.book(
                        session=db,
                        service_id=service.value,
                        start=start,
                        caller_name=inputs["caller_name"].value or "",
                        caller_phone=inputs["caller_phone"].value or "",
                        party_size=size.get("party_size"),
                        source=BookingSource.PORTAL,
                        actor=user,
                    )
            except ValidationFailed as error:
                show_field_errors(tr, inputs, error)
                return
            except book.SlotTaken as taken:
                ui.notify(_taken(tr, taken), type="warning")
                return
            ui.notify(tr("Booked."), type="positive")
            dialog.close()
            ui.navigate.reload()

        with ui.row().classes("w-full justify-end"):
            ui.button(tr("Cancel"), on_click=dialog.close).props("flat no-caps")
            ui.button(tr("Book"), icon="event_available", on_click=guarded(tr, submit)).props(
                "no-caps"
            ).mark("book")
    dialog.open()


def _details_dialog(page: MemberPage, ctx: PortalContext, booking_id: int) -> None:
    tr = page.tr
    booking = ctx.read(
        page.who, lambda db: _detached(book.get_booking(session=db, booking_id=booking_id))
    )
    with ui.dialog() as dialog, ui.card().classes("w-full max-w-md gap-2"):
        ui.label(booking.service.name).classes("text-lg font-semibold")
        for label, value in (
            (tr("When"), f"{tr.when(booking.starts_at)}–{_clock(booking.ends_at)}"),
            (tr("Name"), booking.caller_name),
            (tr("Phone number"), booking.caller_phone or "—"),
            (tr("Party size"), str(booking.party_size) if booking.party_size else "—"),
            (tr("Status"), tr(STATUS_LABELS[booking.status])),
            (tr("Booked"), f"{tr.when(booking.created_at)} · {tr(SOURCE_LABELS[booking.source])}"),
        ):
            with ui.row().classes("w-full gap-2"):
                ui.label(label).classes("text-sm text-gray-600 w-28")
                ui.label(value).classes("text-sm break-words")
        if booking.status not in (BookingStatus.BOOKED, BookingStatus.MOVED):
            ui.button(tr("Close"), on_click=dialog.close).props("flat no-caps")
            dialog.open()
            return
        ui.separator()
        local = _local(booking.starts_at)
        new_day = ui.input(tr("Day (YYYY-MM-DD)"), value=local.date().isoformat()).classes("w-full")
        new_time = ui.input(tr("Time (HH:MM)"), value=local.strftime("%H:%M")).classes("w-full")

        def act(change: Callable[..., object], done: str) -> Callable[[], None]:
            def run() -> None:
                clear_field_errors({"start": new_time})
                try:
                    with ctx.tenant_db(page.who) as (db, user):
                        change(db, user)
                except ValidationFailed as error:
                    show_field_errors(tr, {"start": new_time}, error)
                    return
                except book.SlotTaken as taken:
                    ui.notify(_taken(tr, taken), type="warning")
                    return
                ui.notify(tr(done), type="positive")
                dialog.close()
                ui.navigate.reload()

            return guarded(tr, run)

        move = act(
            lambda db, user: book.move(
                session=db,
                booking_id=booking_id,
                start=_start(new_day.value, new_time.value),
                source=BookingSource.PORTAL,
                actor=user,
            ),
            N_("Moved."),
        )
        cancel = act(
            lambda db, user: book.cancel(
                session=db, booking_id=booking_id, source=BookingSource.PORTAL, actor=user
            ),
            N_("Cancelled."),
        )
        no_show = act(
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
    dialog.open()


# -- services and rules --------------------------------------------------------------------


def _services_section(page: MemberPage, ctx: PortalContext) -> None:
    tr = page.tr
    admin = page.may(Action.SERVICES)
    ui.label(tr("Services")).classes("text-xl font-semibold mt-4")
    services = book.list_services(session=page.db)
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
                        tr("Edit"), on_click=lambda s=service: _service_dialog(page, ctx, s)
                    ).props("flat dense no-caps")
    if admin:
        ui.button(
            tr("Add service"), icon="add", on_click=lambda: _service_dialog(page, ctx, None)
        ).props("outline no-caps")
        _rules_card(page, ctx)


def _service_dialog(page: MemberPage, ctx: PortalContext, service: Service | None) -> None:
    tr = page.tr
    spec = book.ServiceSpec.from_service(service) if service else None
    with ui.dialog() as dialog, ui.card().classes("w-full max-w-md gap-2"):
        ui.label(tr("Edit service") if service else tr("Add service")).classes(
            "text-lg font-semibold"
        )
        inputs: dict[str, Any] = {
            "name": text_input(
                tr("Name"), max_length=book.MAX_NAME, value=spec.name if spec else ""
            ).classes("w-full"),
            "duration_minutes": number_input(
                tr("Duration (minutes)"), value=spec.duration_minutes if spec else 30, step=5
            ),
            "price_cents": number_input(
                tr("Price (EUR)"), value=spec.price_cents / 100 if spec else 0, step=1
            ),
            "capacity": number_input(
                tr("How many at the same time"), value=spec.capacity if spec else 1, step=1
            ),
        }

        def save() -> None:
            clear_field_errors(inputs)
            try:
                numbers = read_numbers(
                    inputs, whole=["duration_minutes", "capacity"], amounts=["price_cents"]
                )
                new = book.ServiceSpec(
                    name=inputs["name"].value or "",
                    bot_ids=spec.bot_ids if spec else [],
                    **numbers,
                )
                with ctx.tenant_db(page.who) as (db, user):
                    if service is None:
                        book.create_service(session=db, spec=new, actor=user)
                    else:
                        found = book.get_service(session=db, service_id=service.id)
                        book.update_service(session=db, service=found, spec=new, actor=user)
            except ValidationFailed as error:
                show_field_errors(tr, inputs, error)
                return
            ui.notify(tr("Saved."), type="positive")
            dialog.close()
            ui.navigate.reload()

        def archive() -> None:
            assert service is not None  # noqa: S101 — only offered for a saved service
            with ctx.tenant_db(page.who) as (db, user):
                found = book.get_service(session=db, service_id=service.id)
                book.archive_service(session=db, service=found, actor=user)
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
    rules = book.booking_rules(session=page.db)
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
                tr("Closed days (YYYY-MM-DD, separated by commas)"),
                value=", ".join(d.isoformat() for d in rules.closed_days),
            ).classes("w-full"),
        }

        def save() -> None:
            clear_field_errors(inputs)
            try:
                numbers = read_numbers(inputs, whole=["horizon_days", "min_notice_minutes"])
                closed = _closed_days(inputs["closed_days"].value or "")
                spec = book.RulesSpec(closed_days=closed, **numbers)
                with ctx.tenant_db(page.who) as (db, user):
                    book.update_booking_rules(session=db, spec=spec, actor=user)
            except ValidationFailed as error:
                show_field_errors(tr, inputs, error)
                return
            ui.notify(tr("Saved."), type="positive")

        ui.button(tr("Save rules"), on_click=guarded(tr, save)).props("no-caps")


# -- small helpers -------------------------------------------------------------------------


def _closed_days(text: str) -> list[date]:
    try:
        return [date.fromisoformat(part.strip()) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ValidationFailed({"closed_days": N_("Please write dates as YYYY-MM-DD.")}) from None


def _today() -> date:
    return datetime.now(VIENNA).date()


def _day(value: str) -> date:
    """The URL's day; anything else (or a day outside the platform's years) is today."""
    picked = _parse_day(value)
    return (
        picked
        if picked and book.FIRST_DAY <= picked <= book.LAST_DAY - timedelta(days=7)
        else _today()
    )


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _start(day_text: str | None, clock_text: str | None) -> datetime:
    """The Vienna time from the two fields, or a field error on the time."""
    day = _parse_day(day_text)
    try:
        clock = time.fromisoformat((clock_text or "").strip())
    except ValueError:
        clock = None
    if day is None or clock is None or not book.FIRST_DAY <= day <= book.LAST_DAY:
        raise ValidationFailed({"start": N_("Please give a day (YYYY-MM-DD) and a time (HH:MM).")})
    return datetime.combine(day, clock, tzinfo=VIENNA)


def _local(moment: datetime) -> datetime:
    return book.as_utc(moment).astimezone(VIENNA)


def _clock(moment: datetime) -> str:
    return _local(moment).strftime("%H:%M")


def _taken(tr: Texts, taken: book.SlotTaken) -> str:
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
