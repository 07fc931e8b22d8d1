"""The portal's pages, one small module per area. `register_pages` adds them all."""

from __future__ import annotations

from customer_ui.context import PortalContext


def register_pages(ctx: PortalContext) -> None:
    from customer_ui.pages import (
        accounts,
        billing,
        bots,
        calls,
        dashboard,
        errors,
        settings,
        support,
        team,
        usage,
    )

    for page in (errors, accounts, dashboard, bots, calls, usage, billing, support, team, settings):
        page.register(ctx)
