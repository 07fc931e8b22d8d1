"""The settings card for REST API tokens (administrators only): create one — shown once —
list the live ones with when they were last used, and revoke."""

from __future__ import annotations

from nicegui import ui

from customer_ui.confirmation import confirmation
from customer_ui.context import PortalContext
from customer_ui.i18n import Texts
from customer_ui.layout import MemberPage, guarded
from customer_ui.submit import submit
from customer_ui.text_fields import text_input
from models import ApiToken, TokenScope
from services.api_tokens import (
    MAX_TOKEN_NAME,
    create_api_token,
    list_api_tokens,
    revoke_api_token,
)


def api_tokens_card(ctx: PortalContext, page: MemberPage) -> None:
    tr = page.tr
    scopes = {
        TokenScope.READ.value: tr("Read only"),
        TokenScope.READ_WRITE.value: tr("Read and write"),
    }
    with ui.card().classes("w-full gap-2").props("id=api-tokens"):
        ui.label(tr("API access")).classes("font-semibold")
        ui.label(
            tr("Tokens let your own software use the VoiceAgent API at {url}.", url="/api/v1/docs")
        ).classes("text-sm text-gray-600")
        for token in list_api_tokens(session=page.db, viewer=page.user):
            _token_row(ctx, page, token, scopes[token.scope.value])
        with ui.row().classes("items-start gap-2"):
            inputs = {
                "name": text_input(tr("Name of the token"), max_length=MAX_TOKEN_NAME).classes(
                    "w-56"
                ),
                "scope": ui.select(scopes, value=TokenScope.READ.value, label=tr("Access")).classes(
                    "w-44"
                ),
            }

            def create() -> None:
                issued = submit(
                    ctx,
                    page,
                    inputs,
                    lambda db, user: create_api_token(
                        session=db,
                        creator=user,
                        name=inputs["name"].value or "",
                        scope=TokenScope(inputs["scope"].value),
                    ),
                )
                if issued is not None:
                    _show_once(tr, issued.value.plain)

            ui.button(tr("Create token"), icon="add", on_click=guarded(tr, create))


def _token_row(ctx: PortalContext, page: MemberPage, token: ApiToken, scope: str) -> None:
    """A live token, with its "Revoke", which asks first."""
    tr = page.tr
    with ui.row().classes("items-center gap-4"):
        ui.label(token.name).classes("w-40")
        ui.label(f"{token.prefix}…").classes("font-mono w-32")
        ui.label(scope).classes("w-32 text-gray-600")
        used = tr.when(token.last_used_at) if token.last_used_at else tr("never used")
        ui.label(used).classes("text-sm text-gray-600")

        def revoke() -> None:
            with ctx.tenant_db(page.who) as (db, user):
                revoke_api_token(session=db, token_id=token.id, actor=user)
            ui.notify(tr("Token revoked."), type="positive")
            ui.navigate.reload()

        question = confirmation(
            tr,
            tr("Revoke the token “{name}”?", name=token.name),
            detail=tr("Software that uses it can no longer reach your account."),
            yes=tr("Revoke"),
            do=revoke,
        )
        ui.button(tr("Revoke"), icon="block", on_click=question.open).props("flat dense").mark(
            "revoke"
        )


def _show_once(tr: Texts, plain: str) -> None:
    with ui.dialog() as dialog, ui.card().classes("gap-2"):
        ui.label(tr("Your new API token")).classes("font-semibold")
        ui.label(tr("Copy it now: it is shown only this once.")).classes("text-sm")
        ui.input(value=plain).props("readonly").classes("w-[32rem] font-mono")

        def done() -> None:
            dialog.close()
            ui.navigate.reload()

        ui.button(tr("Done"), on_click=done)
    dialog.open()
