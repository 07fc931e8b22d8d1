"""What every bot says in fixed situations, in German (de-AT) and English."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

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
    # An offline German bot hears nothing (integrations/speech/no_recognition.py).
    "cannot_hear": {
        "de": "Gesprochene Fragen kann ich leider nicht verstehen. Drücken Sie bitte die "
        "Null, dann verbinde ich Sie mit einem Mitarbeiter.",
        "en": "Sorry, I cannot understand spoken questions. Please press zero and I will "
        "put you through to a colleague.",
    },
    "cannot_hear_call_back": {
        "de": "Gesprochene Fragen kann ich leider nicht verstehen. Bitte rufen Sie während "
        "unserer Öffnungszeiten noch einmal an, dann hilft Ihnen gern jemand persönlich.",
        "en": "Sorry, I cannot understand spoken questions. Please call again during our "
        "opening hours and a colleague will be glad to help you.",
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
    # ---- the appointment book (booking_dialogue.py) ----------------------------------
    # A question's acknowledgement ("Gern.") is a phrase of its own: said before the
    # question when the caller has just asked for something, never after "pardon" or an
    # answer, where the question is asked again on its own.
    "sure": {"de": "Gern.", "en": "Sure."},
    "sure_of": {"de": "Gern, {service}.", "en": "Sure, {service}."},
    "ask_service": {
        "de": "Wofür möchten Sie einen Termin? Zur Auswahl stehen {services}.",
        "en": "What would you like to book? We offer {services}.",
    },
    "ask_day": {
        "de": "Für welchen Tag hätten Sie gern einen Termin?",
        "en": "Which day would suit you?",
    },
    "offer_times": {
        "de": "{day} hätte ich {times} frei. Welche Zeit passt Ihnen?",
        "en": "{day} I have {times} free. Which time suits you?",
    },
    "offer_elsewhere": {
        "de": "{day} ist leider nichts mehr frei. Frei wäre {times}. Passt Ihnen davon etwas?",
        "en": "Sorry, {day} is fully booked. I could offer {times}. Does one of them suit you?",
    },
    "time_taken": {
        "de": "{time} ist leider nichts frei. Frei wäre {times}. Welche Zeit passt Ihnen?",
        "en": "Sorry, there is nothing free {time}. I could offer {times}. Which time suits you?",
    },
    "pardon": {
        "de": "Entschuldigung, das habe ich nicht verstanden.",
        "en": "Sorry, I did not catch that.",
    },
    "nothing_free": {
        "de": "Für {service} finde ich in nächster Zeit leider keinen freien Termin.",
        "en": "Sorry, I cannot find a free time for {service} in the coming weeks.",
    },
    "which_time": {
        "de": "Welche Zeit passt Ihnen: {times}?",
        "en": "Which time suits you: {times}?",
    },
    "ask_name": {
        "de": "Auf welchen Namen darf ich den Termin eintragen?",
        "en": "What name shall I put the booking under?",
    },
    "confirm_booking": {
        "de": "Ich fasse zusammen: {service}, {when}, auf den Namen {name}. Soll ich das so "
        "buchen?",
        "en": "So that is {service}, {when}, under the name {name}. Shall I book that?",
    },
    "booked": {
        "de": "Ihr Termin ist gebucht: {service}, {when}. Wir freuen uns auf Sie! Kann ich "
        "sonst noch etwas für Sie tun?",
        "en": "You are booked: {service}, {when}. We look forward to seeing you! Is there "
        "anything else I can do for you?",
    },
    "slot_gone": {
        "de": "Diese Zeit hat leider gerade jemand anderer bekommen. Frei wäre noch {times}. "
        "Welche Zeit passt Ihnen?",
        "en": "Sorry, somebody else has just taken that time. I could still offer {times}. "
        "Which time suits you?",
    },
    "not_bookable": {
        "de": "Zu dieser Zeit kann ich leider nicht buchen. Frei wäre {times}.",
        "en": "Sorry, I cannot book that time. I could offer {times}.",
    },
    "what_to_change": {
        "de": "Was möchten Sie ändern: den Tag, die Uhrzeit oder den Namen?",
        "en": "What would you like to change: the day, the time, or the name?",
    },
    "booking_dropped": {
        "de": "Gut, dann trage ich nichts ein. Was kann ich sonst für Sie tun?",
        "en": "All right, I have not booked anything. What else can I do for you?",
    },
    "ask_booking_name": {
        "de": "Auf welchen Namen ist Ihr Termin eingetragen?",
        "en": "What name is your booking under?",
    },
    "no_booking_found": {
        "de": "Unter Ihrer Telefonnummer finde ich keinen Termin auf den Namen {name}.",
        "en": "I cannot find a booking under the name {name} for the number you are calling from.",
    },
    "leave_a_message": {
        "de": "Möchten Sie eine Nachricht hinterlassen?",
        "en": "Would you like to leave a message?",
    },
    "which_booking": {
        "de": "Ich finde mehrere Termine: {bookings}. Welchen meinen Sie?",
        "en": "I can see several bookings: {bookings}. Which one do you mean?",
    },
    "confirm_cancel": {
        "de": "Ihr Termin: {service}, {when}. Soll ich ihn absagen?",
        "en": "Your booking: {service}, {when}. Shall I cancel it?",
    },
    "cancelled": {
        "de": "Ihr Termin {service}, {when}, ist abgesagt. Kann ich sonst noch etwas für Sie tun?",
        "en": "Your booking for {service}, {when}, is cancelled. Is there anything else I can "
        "do for you?",
    },
    "ask_new_day": {
        "de": "Ihr Termin: {service}, {when}. Auf welchen Tag möchten Sie ihn verschieben?",
        "en": "Your booking: {service}, {when}. Which day would you like to move it to?",
    },
    "confirm_move": {
        "de": "Ich verschiebe also {service} auf {when}. Passt das?",
        "en": "So I move {service} to {when}. Is that right?",
    },
    "moved": {
        "de": "Erledigt: {service} ist jetzt {when}. Kann ich sonst noch etwas für Sie tun?",
        "en": "Done: {service} is now {when}. Is there anything else I can do for you?",
    },
    "kept": {
        "de": "Gut, Ihr Termin bleibt, wie er ist. Was kann ich sonst für Sie tun?",
        "en": "All right, your booking stays as it is. What else can I do for you?",
    },
    "offer_message": {
        "de": "Gerade ist leider niemand erreichbar. Möchten Sie eine Nachricht hinterlassen? "
        "Dann rufen wir Sie zurück.",
        "en": "Nobody can take your call right now. Would you like to leave a message? Then "
        "we will call you back.",
    },
    "offer_message_unanswered": {
        "de": "Das kann ich leider nicht beantworten. Möchten Sie eine Nachricht hinterlassen? "
        "Dann meldet sich jemand bei Ihnen.",
        "en": "Sorry, I cannot answer that one. Would you like to leave a message? Then "
        "somebody will get back to you.",
    },
    "ask_message": {
        "de": "Worum geht es?",
        "en": "What is it about?",
    },
    "ask_message_name": {
        "de": "Danke. Und wie ist Ihr Name?",
        "en": "Thank you. And what is your name?",
    },
    "message_taken": {
        "de": "Danke, ich habe Ihre Nachricht notiert. Wir melden uns so bald wie möglich. "
        "Kann ich sonst noch etwas für Sie tun?",
        "en": "Thank you, I have taken your message. We will get back to you as soon as "
        "possible. Is there anything else I can do for you?",
    },
    "or": {"de": "oder", "en": "or"},
    "today": {"de": "heute", "en": "today"},
    "tomorrow": {"de": "morgen", "en": "tomorrow"},
    "on_day": {"de": "am {weekday}, {day}. {month}", "en": "on {weekday}, {month} {day}"},
    "clock": {"de": "um {hour} Uhr", "en": "{hour} {noon}"},
    "clock_minutes": {"de": "um {hour} Uhr {minute}", "en": "{hour}:{minute} {noon}"},
    "day_at_clock": {"de": "{day} {clock}", "en": "{day} at {clock}"},
    "error": {
        "de": "Entschuldigung, es ist ein technisches Problem aufgetreten. Auf Wiederhören.",
        "en": "Sorry, something went wrong on our side. Goodbye.",
    },
}


MONTHS = {
    "de": ("Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip
WEEKDAYS = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def phrase(key: str, language: str, **values: str) -> str:
    texts = PHRASES[key]
    text = texts["de"] if language.startswith("de") else texts["en"]
    return text.format(**values) if values else text


def in_turn(*keys: str, language: str, **values: str) -> str:
    """Phrases said one after the other: "pardon" and then a question, "sure" and then one."""
    return " ".join(phrase(key, language, **values) for key in keys if key)


def spoken_day(day: date, today: date, language: str) -> str:
    """ "heute", "morgen", "am Freitag, 4. Dezember" / "on Friday, December 4"."""
    if day == today:
        return phrase("today", language)
    if day == today + timedelta(days=1):
        return phrase("tomorrow", language)
    lang = "de" if language.startswith("de") else "en"
    weekday, month = WEEKDAYS[lang][day.weekday()], MONTHS[lang][day.month - 1]
    return phrase("on_day", language, weekday=weekday, day=str(day.day), month=month)


def spoken_clock(moment: time, language: str) -> str:
    """ "um 15 Uhr 30" (espeak-ng reads it as words) / "3:30 pm"."""
    german = language.startswith("de")
    hour = moment.hour if german else (moment.hour % 12 or 12)
    noon = "am" if moment.hour < 12 else "pm"
    if moment.minute == 0:
        return phrase("clock", language, hour=str(hour), noon=noon)
    minute = f"{moment.minute:02d}"
    return phrase("clock_minutes", language, hour=str(hour), minute=minute, noon=noon)


def spoken_when(moment: datetime, today: date, language: str) -> str:
    """ "morgen um 10 Uhr" / "tomorrow at 10 am"."""
    day = spoken_day(moment.date(), today, language)
    return phrase("day_at_clock", language, day=day, clock=spoken_clock(moment.time(), language))


def spoken_choice(items: list[str], language: str) -> str:
    """ "A, B oder C" / "A, B, or C"."""
    if len(items) <= 1:
        return "".join(items)
    word = phrase("or", language)
    comma = "," if len(items) > 2 and not language.startswith("de") else ""
    return ", ".join(items[:-1]) + f"{comma} {word} " + items[-1]


def opening(greeting: str, language: str) -> str:
    """A call's first words: the notice, then the bot's greeting. The owner edits the
    greeting; the notice cannot be left out or changed."""
    return f"{phrase('notice', language)} {greeting.strip()}".strip()
