"""The terms and the privacy policy: public pages that name their current version, linked
from the sign-up form. The texts are placeholders until the binding ones are written."""

from __future__ import annotations

from nicegui import ui

from core.catalogue import N_
from customer_ui.context import PortalContext
from customer_ui.layout import page_texts, public_card
from services.legal_documents import PRIVACY_VERSION, TERMS_VERSION

TERMS_TITLE = "Terms and conditions"
PRIVACY_TITLE = "Privacy policy"
PLACEHOLDER = N_("This text is a placeholder; the binding version will be published here.")
TERMS_TEXT = N_(
    "These terms govern how companies use VoiceAgent: the phone bots, the numbers, the "
    "portal and the billing by the minute."
)
PRIVACY_TEXT = N_(
    "We process the data of your company, your team and your callers only to provide "
    "VoiceAgent, and keep call data only as long as your retention settings say."
)


def register(ctx: PortalContext) -> None:
    @ui.page("/terms")
    def terms_page() -> None:
        _document(ctx, TERMS_TITLE, TERMS_VERSION, TERMS_TEXT)

    @ui.page("/privacy")
    def privacy_page() -> None:
        _document(ctx, PRIVACY_TITLE, PRIVACY_VERSION, PRIVACY_TEXT)


def _document(ctx: PortalContext, title: str, version: str, text: str) -> None:
    tr = page_texts(default=ctx.settings.default_locale)
    with public_card(tr, tr(title)):
        ui.label(tr("Version {version}", version=version)).classes("text-sm text-gray-600")
        ui.label(tr(text))
        ui.label(tr(PLACEHOLDER)).classes("text-sm italic")
        ui.link(tr("Back to sign-up"), "/signup").classes("text-sm")
