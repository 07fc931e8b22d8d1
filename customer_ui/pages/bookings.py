"""Bookings ("Termine"): the appointment book as a day or week calendar in Vienna time, with
bookings added, moved and cancelled by hand, and the services (what can be booked, how many
at once) and booking rules below it for administrators.

A day is a column of booking cards by time; a week is seven such columns side by side on a
wide screen and one under the other on a phone. Every rule lives in services/bookings.py and
the modules it names; this page only turns fields into calls and errors into words. Its dialogs are
customer_ui/pages/booking_dialogs.py, the services and rules customer_ui/pages/booking_services.py.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from nicegui import ui

from core.catalogue import N_
from customer_ui.context import PortalContext
from customer_ui.day_fields import read_day
from customer_ui.layout import MemberPage, member_page
from customer_ui.pages.booking_dialogs import (
    STATUS_COLOURS,
    STATUS_LABELS,
    booking_dialog,
    clock,
    details_dialog,
    local_time,
)
from customer_ui.pages.booking_services import services_section
from models import Booking, BookingStatus, Service
from services import bookings as book
from services.booking_rules import FIRST_DAY, LAST_DAY
from services.local_formats import VIENNA
from services.offered_services import list_services
from services.permissions import Action

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
            services = list_services(session=page.db)
            found = book.list_bookings(session=page.db, day_from=days[0], day_to=days[-1])
            _toolbar(page, shown, week, services, ctx)
            _calendar(page, days, found, ctx)
            services_section(page, ctx)


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
                on_click=lambda: booking_dialog(page, ctx, services, shown),
            ).props("no-caps")


def _calendar(page: MemberPage, days: list[date], found: list[Booking], ctx: PortalContext) -> None:
    tr = page.tr
    by_day: dict[date, list[Booking]] = {d: [] for d in days}
    for booking in found:
        by_day.setdefault(local_time(booking.starts_at).date(), []).append(booking)
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
    card.on("click", lambda: details_dialog(page, ctx, booking.id))
    with card.mark(f"booking-{booking.id}"):
        ui.label(f"{clock(booking.starts_at)}–{clock(booking.ends_at)}").classes(
            "text-sm font-semibold" + struck
        )
        ui.label(booking.caller_name).classes("text-sm break-words" + struck)
        ui.label(booking.service.name).classes("text-xs text-gray-600 break-words")
        if booking.status is not BookingStatus.BOOKED:
            ui.badge(tr(STATUS_LABELS[booking.status]), color=STATUS_COLOURS[booking.status])


def _today() -> date:
    return datetime.now(VIENNA).date()


def _day(value: str) -> date:
    """The URL's day; anything else (or a day outside the platform's years) is today."""
    picked = read_day(value)
    return picked if picked and FIRST_DAY <= picked <= LAST_DAY - timedelta(days=7) else _today()
