"""What every bot says in fixed situations, in German (de-AT) and English."""

from __future__ import annotations

PHRASES: dict[str, dict[str, str]] = {
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
