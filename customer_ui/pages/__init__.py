"""The portal's pages, one small module per area. `register_pages` adds them all."""

from __future__ import annotations

from customer_ui.context import PortalContext


def register_pages(ctx: PortalContext) -> None:
    from customer_ui.pages import (
        accounts,
        billing,
        bookings,
        bots,
        calls,
        dashboard,
        errors,
        legal,
        messages,
        payment_method,
        privacy,
        settings,
        support,
        team,
        usage,
    )

    pages = (
        errors,
        accounts,
        dashboard,
        bots,
        bookings,
        messages,
        calls,
        usage,
        billing,
        payment_method,
        support,
        team,
    )
    for page in (*pages, legal, settings, privacy):
        page.register(ctx)
