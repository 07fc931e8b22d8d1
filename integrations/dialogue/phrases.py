"""What every bot says in fixed situations, in German (de-AT) and English."""

from __future__ import annotations

PHRASES: dict[str, dict[str, str]] = {
    # Said before every greeting, whatever the bot's own greeting says (opening() below):
    # callers are told they speak with a machine and that the call is transcribed (GDPR
    # Art. 13, and the EU AI Act's duty to disclose a machine). Fixed wording, not per bot.
    "notice": {
        "de": "Sie sprechen mit einem automatischen Assistenten. Das Gespräch wird transkribiert.",
        "en": "You are speaking with an automated assistant. This call is transcribed.",
    },
    "greeting": {
        "de": "Grüß Gott, hier ist {name}. Wie kann ich Ihnen helfen?",
        "en": "Hello, this is {name}. How can I help you?",
    },
    "not_understood": {
        "de": "Das habe ich leider nicht verstanden. Sie können mich zum Beispiel nach den "
        "Öffnungszeiten fragen, oder die Null drücken, um mit einem Menschen zu sprechen.",
        "en": "Sorry, I did not catch that. You can ask me about our opening hours, for "
        "example, or press zero to talk to a person.",
    },
    "clarify": {
        "de": "Meinen Sie {first} oder {second}?",
        "en": "Do you mean {first}, or {second}?",
    },
    "clarify_one": {
        "de": "Meinen Sie {first}?",
        "en": "Do you mean {first}?",
    },
    "quoted": {
        "de": "„{text}“",
        "en": "“{text}”",
    },
    "offer_person": {
        "de": "Das kann ich leider nicht beantworten. Soll ich Sie mit einem Mitarbeiter "
        "verbinden? Sagen Sie einfach ja.",
        "en": "Sorry, I cannot answer that one. Shall I put you through to a colleague? "
        "Just say yes.",
    },
    "offer_call_back": {
        "de": "Das kann ich leider nicht beantworten. Bitte rufen Sie während unserer "
        "Öffnungszeiten noch einmal an, dann hilft Ihnen gern jemand persönlich.",
        "en": "Sorry, I cannot answer that one. Please call again during our opening hours "
        "and a colleague will be glad to help you.",
    },
    "declined": {
        "de": "Gut. Was kann ich sonst für Sie tun?",
        "en": "All right. What else can I do for you?",
    },
    "hours_question": {
        "de": "Wann haben Sie geöffnet?",
        "en": "When are you open?",
    },
    # Topics a clarifying question names ("Do you mean our prices, or parking?").
    "topic_price": {"de": "unsere Preise", "en": "our prices"},
    "topic_payment": {"de": "die Bezahlung", "en": "how to pay"},
    "topic_location": {"de": "unsere Adresse", "en": "our address"},
    "topic_parking": {"de": "das Parken", "en": "parking"},
    "topic_booking": {"de": "einen Termin", "en": "booking an appointment"},
    "topic_cancel": {"de": "das Absagen", "en": "cancelling"},
    "topic_hours": {"de": "unsere Öffnungszeiten", "en": "our opening hours"},
    "topic_voucher": {"de": "Gutscheine", "en": "gift vouchers"},
    "topic_children": {"de": "Kinder", "en": "children"},
    "topic_transit": {"de": "die Anreise mit den Öffis", "en": "public transport"},
    "topic_accessibility": {"de": "Barrierefreiheit", "en": "step-free access"},
    "topic_duration": {"de": "die Dauer", "en": "how long it takes"},
    "topic_contact": {"de": "unsere Kontaktdaten", "en": "how to reach us"},
    "handover": {
        "de": "Einen Moment bitte, ich verbinde Sie mit einem Mitarbeiter.",
        "en": "One moment please, I am putting you through to a colleague.",
    },
    "no_handover": {
        "de": "Leider ist gerade niemand erreichbar. Bitte rufen Sie später noch einmal an.",
        "en": "Sorry, nobody is available to take your call right now. Please call again later.",
    },
    "goodbye": {
        "de": "Vielen Dank für Ihren Anruf. Auf Wiederhören!",
        "en": "Thank you for calling. Goodbye!",
    },
    "silence_goodbye": {
        "de": "Ich höre Sie leider nicht mehr. Auf Wiederhören!",
        "en": "I cannot hear you any more. Goodbye!",
    },
    "max_length_goodbye": {
        "de": "Unsere Gesprächszeit ist leider um. Vielen Dank für Ihren Anruf, auf Wiederhören!",
        "en": "We have reached the time limit for this call. Thank you for calling, goodbye!",
    },
    "apology": {
        "de": "Entschuldigung, einen kleinen Moment bitte.",
        "en": "Sorry, just a moment please.",
    },
    "unavailable": {
        "de": "Diese Nummer ist derzeit nicht erreichbar. Bitte versuchen Sie es später noch "
        "einmal. Auf Wiederhören.",
        "en": "This number is not available at the moment. Please try again later. Goodbye.",
    },
    "busy": {
        "de": "Derzeit sind alle Leitungen belegt. Bitte versuchen Sie es in ein paar Minuten "
        "noch einmal. Auf Wiederhören.",
        "en": "All our lines are busy right now. Please try again in a few minutes. Goodbye.",
    },
    "error": {
        "de": "Entschuldigung, es ist ein technisches Problem aufgetreten. Auf Wiederhören.",
        "en": "Sorry, something went wrong on our side. Goodbye.",
    },
}


def phrase(key: str, language: str, **values: str) -> str:
    texts = PHRASES[key]
    text = texts["de"] if language.startswith("de") else texts["en"]
    return text.format(**values) if values else text


def opening(greeting: str, language: str) -> str:
    """A call's first words: the notice, then the bot's greeting. The owner edits the
    greeting; the notice cannot be left out or changed."""
    return f"{phrase('notice', language)} {greeting.strip()}".strip()
