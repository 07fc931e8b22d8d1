"""The data processing agreement (GDPR Art. 28) between a customer and us, as a PDF.

A sign-up accepts it with the terms (services/signup.py); a company from before it existed
accepts it once in the portal. The PDF names both parties, the version and when it was
accepted, in German or English, and carries its text as text (pypdf reads it back).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
from sqlalchemy.orm import Session

from models import Tenant, User
from models.base import utcnow
from services.audit import record_audit
from services.invoice_render import BOLD, FONT, register_fonts
from services.legal_documents import DPA_VERSION
from services.permissions import Action, require
from services.seller import Seller
from services.tenant_settings import own_tenant

WORDS: dict[str, dict[str, str]] = {
    "de": {
        "title": "Vertrag über die Auftragsverarbeitung (Art. 28 DSGVO)",
        "controller": "Verantwortlicher",
        "processor": "Auftragsverarbeiter",
        "version": "Version {version}",
        "accepted": "Angenommen am {when} (UTC)",
        "not_accepted": "Noch nicht angenommen",
    },
    "en": {
        "title": "Data processing agreement (Art. 28 GDPR)",
        "controller": "Controller",
        "processor": "Processor",
        "version": "Version {version}",
        "accepted": "Accepted on {when} (UTC)",
        "not_accepted": "Not yet accepted",
    },
}

CLAUSES = {
    "de": (
        "Gegenstand: Der Auftragsverarbeiter beantwortet für den Verantwortlichen Anrufe mit "
        "Sprach-Bots und speichert dabei Anrufernummern, Gesprächsverläufe, Termine und "
        "Nachrichten der Anrufer.",
        "Weisung: Verarbeitet wird nur auf dokumentierte Weisung des Verantwortlichen, "
        "gegeben durch die Einstellungen im Portal (Bots, Aufbewahrungsfristen, "
        "Verarbeitung nur in der EU).",
        "Dauer und Löschung: Daten werden nach den im Portal gewählten Fristen gelöscht "
        "oder anonymisiert; einzelne Anrufer können jederzeit gelöscht werden.",
        "Vertraulichkeit: Unsere Mitarbeiter sehen Gesprächsverläufe nur bei einem offenen "
        "Support-Ticket oder mit befristeter Freigabe; jeder Zugriff wird protokolliert.",
        "Unterauftragsverarbeiter: Twilio (Telefonie) und, nur wenn für einen Bot gewählt, "
        "Google, ElevenLabs und OpenAI.",
    ),
    "en": (
        "Subject: the processor answers calls for the controller with voice bots and stores "
        "the callers' numbers, transcripts, bookings and messages in doing so.",
        "Instructions: processing follows the controller's documented instructions only, "
        "given through the portal's settings (bots, retention periods, EU processing only).",
        "Duration and erasure: data is deleted or made anonymous after the periods chosen "
        "in the portal; single callers can be erased at any time.",
        "Confidentiality: our staff see transcripts only with an open support ticket or a "
        "time-limited grant; every view is logged.",
        "Sub-processors: Twilio (telephony) and, only when chosen for a bot, Google, "
        "ElevenLabs and OpenAI.",
    ),
}


def accept_processing_agreement(*, session: Session, actor: User) -> Tenant:
    """An administrator of a company from before the agreement accepts the current version."""
    require(actor, Action.PRIVACY)
    tenant = own_tenant(session=session)
    tenant.dpa_version = DPA_VERSION
    tenant.dpa_accepted_at = utcnow()
    session.flush()
    record_audit(
        session=session,
        actor=actor,
        action="privacy.dpa_accepted",
        entity_type="Tenant",
        entity_id=tenant.id,
        tenant_id=tenant.id,
        after={"dpa_version": DPA_VERSION},
    )
    return tenant


def processing_agreement_pdf(*, tenant: Tenant, seller: Seller, locale: str) -> bytes:
    register_fonts()
    language = "de" if locale.startswith("de") else "en"
    words = WORDS[language]
    out = io.BytesIO()
    pdf = SimpleDocTemplate(out, pagesize=A4, title=words["title"], leftMargin=20 * mm)
    accepted = tenant.dpa_accepted_at
    status = (
        words["accepted"].format(when=accepted.strftime("%d.%m.%Y %H:%M"))
        if accepted
        else words["not_accepted"]
    )
    controller = [
        tenant.name,
        tenant.billing_street,
        tenant.billing_postal_code,
        tenant.billing_city,
    ]
    processor = [seller.name, seller.street, seller.postal_city, seller.company_register]
    story = [
        _paragraph(words["title"], 14, bold=True),
        _paragraph(words["version"].format(version=tenant.dpa_version or DPA_VERSION), 10),
        _paragraph(status, 10),
        Spacer(1, 6 * mm),
        _paragraph(words["controller"], 10, bold=True),
        _paragraph(", ".join(part for part in controller if part), 10),
        _paragraph(words["processor"], 10, bold=True),
        _paragraph(", ".join(part for part in processor if part), 10),
        Spacer(1, 6 * mm),
        *[_paragraph(f"{n}. {clause}", 10) for n, clause in enumerate(CLAUSES[language], 1)],
    ]
    pdf.build(story)
    return out.getvalue()


def _paragraph(text: str, size: int, *, bold: bool = False) -> Paragraph:
    style = ParagraphStyle(
        f"dpa-{size}-{bold}", fontName=BOLD if bold else FONT, fontSize=size, leading=size * 1.4
    )
    return Paragraph(
        escape(text),
        style,
    )
