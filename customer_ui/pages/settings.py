"""Settings: the person's language and password, "log out everywhere", and — for those
services.permissions allows (administrators) — the company profile, the tenant's own provider
credentials (shown masked), its REST API tokens and its webhook."""

from __future__ import annotations

from nicegui import ui
from nicegui.events import ValueChangeEventArguments
from sqlalchemy.orm import Session

from core.catalogue import N_
from customer_ui.auth import forget_login, remember_login
from customer_ui.confirmation import confirmation
from customer_ui.context import PortalContext
from customer_ui.layout import (
    MemberPage,
    clear_field_errors,
    guarded,
    member_page,
    show_field_errors,
)
from customer_ui.pages.api_access import api_tokens_card
from customer_ui.pages.billing_details import billing_details_card
from customer_ui.pages.privacy import retention_card
from customer_ui.pages.spending_limit import spending_limit_card
from customer_ui.pages.twilio_account import twilio_account_card
from customer_ui.pages.webhooks import webhooks_card
from customer_ui.submit import submit
from customer_ui.text_fields import text_input
from models import User
from services.credentials import API_KEY, MaskedCredential
from services.errors import ValidationFailed
from services.permissions import Action
from services.platform_keys import TWILIO_SID, TWILIO_TOKEN
from services.team import end_all_sessions
from services.tenant_settings import (
    MAX_COMPANY_NAME,
    MAX_CREDENTIAL,
    TENANT_PROVIDERS,
    change_own_password,
    remove_tenant_credential,
    save_tenant_credential,
    set_user_locale,
    tenant_credentials,
    update_profile,
)
from services.text_input import EMAIL_LENGTH, PASSWORD_LENGTH

LOCALES = {"de-AT": "Deutsch (Österreich)", "en-US": "English"}
# The kind of a stored key in words. Our engines read only the API key (services.credentials
# API_KEY), so the generic form stores nothing else and asks for no kind; a Twilio account's
# two keys come from their own card (customer_ui/pages/twilio_account.py).
KEY_KINDS = {API_KEY: N_("API key"), TWILIO_SID: "Account SID", TWILIO_TOKEN: "Auth token"}
PROVIDER_NAMES = {
    "openai": N_("OpenAI"),
    "google": N_("Google"),
    "elevenlabs": N_("ElevenLabs"),
    "twilio": N_("Twilio"),
}


def register(ctx: PortalContext) -> None:
    @ui.page("/settings")
    def settings_page() -> None:
        with member_page(ctx, "Settings") as page:
            if page.may(Action.COMPANY_SETTINGS):
                _company(ctx, page)
            _personal(ctx, page)
            if page.may(Action.BILLING):
                billing_details_card(ctx, page)
                spending_limit_card(ctx, page)
            if page.may(Action.CREDENTIALS):
                _credentials(ctx, page)
                twilio_account_card(ctx, page)
            if page.may(Action.API_TOKENS):
                api_tokens_card(ctx, page)
            if page.may(Action.WEBHOOKS):
                webhooks_card(ctx, page)
            if page.may(Action.PRIVACY):
                retention_card(ctx, page)


def _company(ctx: PortalContext, page: MemberPage) -> None:
    tr, tenant = page.tr, page.tenant
    with ui.card().classes("w-full gap-2"):
        ui.label(tr("Company")).classes("font-semibold")
        inputs = {
            "name": text_input(
                tr("Company name"), max_length=MAX_COMPANY_NAME, value=tenant.name
            ).classes("w-full sm:w-96"),
            "billing_email": text_input(
                tr("E-mail for invoices"),
                max_length=EMAIL_LENGTH,
                value=tenant.billing_email or "",
            ).classes("w-full sm:w-96"),
            "locale": ui.select(
                LOCALES,
                value=tenant.locale if tenant.locale in LOCALES else "de-AT",
                label=tr("Language of new bots and e-mails"),
            ).classes("w-64"),
        }

        def save() -> None:
            submit(
                ctx,
                page,
                inputs,
                lambda db, user: update_profile(
                    session=db,
                    actor=user,
                    name=inputs["name"].value or "",
                    billing_email=inputs["billing_email"].value or "",
                    locale=inputs["locale"].value or "",
                ),
                done=tr("Saved."),
            )

        ui.button(tr("Save company"), icon="save", on_click=guarded(tr, save))


def _personal(ctx: PortalContext, page: MemberPage) -> None:
    tr = page.tr
    with ui.card().classes("w-full gap-2"):
        ui.label(tr("You")).classes("font-semibold")

        def set_language(e: ValueChangeEventArguments) -> None:
            with ctx.tenant_db(page.who) as (db, user):
                set_user_locale(session=db, user=user, locale=e.value)
            ui.navigate.reload()

        ui.select(
            LOCALES,
            value=page.user.locale if page.user.locale in LOCALES else "de-AT",
            label=tr("Language of the portal"),
            on_change=guarded(tr, set_language),
        ).classes("w-64")

        ui.label(tr("Change password")).classes("font-semibold mt-2")
        inputs = {
            "current": text_input(
                tr("Current password"), max_length=PASSWORD_LENGTH, password=True
            ).classes("w-64"),
            "password": text_input(
                tr("New password"), max_length=PASSWORD_LENGTH, password=True
            ).classes("w-64"),
        }

        def change(db: Session, user: User) -> User:
            current, new = inputs["current"].value or "", inputs["password"].value or ""
            change_own_password(session=db, user=user, current=current, new=new)
            return user

        def change_password() -> None:
            changed = submit(ctx, page, inputs, change)
            if changed is None:
                return
            remember_login(changed.value)  # this session goes on with the new epoch; all others end
            for field in inputs.values():
                field.value = ""
            ui.notify(tr("Password changed. Other sessions have been logged out."), type="positive")

        ui.button(tr("Change password"), icon="key", on_click=guarded(tr, change_password))

        ui.label(tr("Sessions")).classes("font-semibold mt-2").props("id=sessions")
        ui.label(tr("Logs you out on every device and browser, this one included.")).classes(
            "text-sm text-gray-600"
        )

        def log_out_everywhere() -> None:
            with ctx.tenant_db(page.who) as (db, user):
                end_all_sessions(session=db, user=user)
            forget_login()
            ui.navigate.to("/login")

        ui.button(
            tr("Log out everywhere"), icon="logout", on_click=guarded(tr, log_out_everywhere)
        ).props("outline")


def _credential_row(ctx: PortalContext, page: MemberPage, credential: MaskedCredential) -> None:
    """A stored key, masked, with a delete button that asks first."""
    tr = page.tr
    with ui.row().classes("items-center gap-x-4 flex-wrap"):
        ui.label(PROVIDER_NAMES.get(credential.provider.value, credential.provider.value)).classes(
            "w-28"
        )
        ui.label(tr(KEY_KINDS.get(credential.name, "Key"))).classes("w-32 text-gray-600")
        ui.label(credential.masked_value).classes("font-mono break-all")

        def delete() -> None:
            with ctx.tenant_db(page.who) as (db, user):
                remove_tenant_credential(session=db, actor=user, credential_id=credential.id)
            ui.notify(tr("Key deleted."), type="positive")
            ui.navigate.reload()

        question = confirmation(
            tr,
            tr("Delete this key?"),
            detail=tr("Your bots then use ours again."),
            yes=tr("Delete"),
            do=delete,
        )
        ui.button(icon="delete", on_click=question.open).props("flat dense").tooltip(
            tr("Delete this key")
        ).mark("delete-key")


def _credentials(ctx: PortalContext, page: MemberPage) -> None:
    tr = page.tr
    with ui.card().classes("w-full gap-2"):
        ui.label(tr("Your own provider keys")).classes("font-semibold")
        ui.label(
            tr(
                "Optional. Without your own keys, your bots use ours. "
                "Keys are stored encrypted and never shown again."
            )
        ).classes("text-sm text-gray-600")
        for credential in tenant_credentials(session=page.db, viewer=page.user):
            _credential_row(ctx, page, credential)
        with ui.row().classes("items-start gap-2"):
            inputs = {
                "provider": ui.select(
                    {p.value: PROVIDER_NAMES[p.value] for p in TENANT_PROVIDERS},
                    value=TENANT_PROVIDERS[0].value,
                    label=tr("Provider"),
                ).classes("w-40"),
                "value": text_input(tr("Key"), max_length=MAX_CREDENTIAL, password=True)
                .props("autocomplete=off")
                .classes("w-72"),
            }

            def save() -> None:
                clear_field_errors(inputs)
                try:
                    with ctx.tenant_db(page.who) as (db, user):
                        save_tenant_credential(
                            session=db,
                            cipher=ctx.cipher,
                            actor=user,
                            provider=inputs["provider"].value or "",
                            value=inputs["value"].value or "",
                        )
                except ValidationFailed as error:
                    show_field_errors(tr, inputs, error)
                    return
                inputs["value"].value = ""
                ui.notify(tr("Key saved."), type="positive")
                ui.navigate.reload()

            ui.button(tr("Save key"), icon="save", on_click=guarded(tr, save))
