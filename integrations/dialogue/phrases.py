"""What every bot says in fixed situations, by key: English templates whose German is in the
one catalogue (core/locale), said in the bot's language."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from babel.dates import get_day_names, get_month_names

from core.catalogue import N_, translate
from integrations.dialogue.base import DialogueReply

PHRASES: dict[str, str] = {
    # Said before every greeting, whatever the bot's own greeting says (opening() below):
    # callers are told they speak with a machine and that the call is transcribed (GDPR
    # Art. 13, and the EU AI Act's duty to disclose a machine). Fixed wording, not per bot.
    "notice": N_("You are speaking with an automated assistant. This call is transcribed."),
    "greeting": N_("Hello, this is {name}. How can I help you?"),
    "not_understood": N_(
        "Sorry, I did not catch that. You can ask me about our opening hours, for "
        "example, or press zero to talk to a person."
    ),
    "clarify": N_("Do you mean {first}, or {second}?"),
    "clarify_one": N_("Do you mean {first}?"),
    "quoted": N_("“{text}”"),
    "offer_person": N_(
        "Sorry, I cannot answer that one. Shall I put you through to a colleague? Just say yes."
    ),
    "offer_call_back": N_(
        "Sorry, I cannot answer that one. Please call again during our opening hours and "
        "a colleague will be glad to help you."
    ),
    "declined": N_("All right. What else can I do for you?"),
    "hours_question": N_("When are you open?"),
    # Topics a clarifying question names ("Do you mean our prices, or parking?").
    "topic_price": N_("our prices"),
    "topic_payment": N_("how to pay"),
    "topic_location": N_("our address"),
    "topic_parking": N_("parking"),
    "topic_booking": N_("booking an appointment"),
    "topic_cancel": N_("cancelling"),
    "topic_hours": N_("our opening hours"),
    "topic_voucher": N_("gift vouchers"),
    "topic_children": N_("children"),
    "topic_transit": N_("public transport"),
    "topic_accessibility": N_("step-free access"),
    "topic_duration": N_("how long it takes"),
    "topic_contact": N_("how to reach us"),
    "handover": N_("One moment please, I am putting you through to a colleague."),
    # An offline German bot hears nothing (integrations/speech/no_recognition.py).
    "cannot_hear": N_(
        "Sorry, I cannot understand spoken questions. Please press zero and I will put "
        "you through to a colleague."
    ),
    "cannot_hear_call_back": N_(
        "Sorry, I cannot understand spoken questions. Please call again during our "
        "opening hours and a colleague will be glad to help you."
    ),
    "no_handover": N_(
        "Sorry, nobody is available to take your call right now. Please call again later."
    ),
    "goodbye": N_("Thank you for calling. Goodbye!"),
    "silence_goodbye": N_("I cannot hear you any more. Goodbye!"),
    "max_length_goodbye": N_(
        "We have reached the time limit for this call. Thank you for calling, goodbye!"
    ),
    "apology": N_("Sorry, just a moment please."),
    "unavailable": N_(
        "This number is not available at the moment. Please try again later. Goodbye."
    ),
    "busy": N_("All our lines are busy right now. Please try again in a few minutes. Goodbye."),
    # ---- the appointment book (booking_dialogue.py) ----------------------------------
    # A question's acknowledgement ("Gern.") is a phrase of its own: said before the
    # question when the caller has just asked for something, never after "pardon" or an
    # answer, where the question is asked again on its own.
    "sure": N_("Sure."),
    "sure_of": N_("Sure, {service}."),
    "ask_service": N_("What would you like to book? We offer {services}."),
    "ask_day": N_("Which day would suit you?"),
    "offer_times": N_("{day} I have {times} free. Which time suits you?"),
    "offer_elsewhere": N_(
        "Sorry, {day} is fully booked. I could offer {times}. Does one of them suit you?"
    ),
    "closed_elsewhere": N_(
        "Sorry, we are closed {day}. I could offer {times}. Does one of them suit you?"
    ),
    "time_taken": N_(
        "Sorry, there is nothing free {time}. I could offer {times}. Which time suits you?"
    ),
    "pardon": N_("Sorry, I did not catch that."),
    "nothing_free": N_("Sorry, I cannot find a free time for {service} in the coming weeks."),
    "which_time": N_("Which time suits you: {times}?"),
    "ask_name": N_("What name shall I put the booking under?"),
    "confirm_booking": N_(
        "So that is {service}, {when}, under the name {name}. Shall I book that?"
    ),
    "booked": N_(
        "You are booked: {service}, {when}. We look forward to seeing you! Is there "
        "anything else I can do for you?"
    ),
    "slot_gone": N_(
        "Sorry, somebody else has just taken that time. I could still offer {times}. "
        "Which time suits you?"
    ),
    "not_bookable": N_("Sorry, I cannot book that time. I could offer {times}."),
    "what_to_change": N_("What would you like to change: the day, the time, or the name?"),
    "booking_dropped": N_("All right, I have not booked anything. What else can I do for you?"),
    "ask_booking_name": N_("What name is your booking under?"),
    "no_booking_found": N_(
        "I cannot find a booking under the name {name} for the number you are calling from."
    ),
    "leave_a_message": N_("Would you like to leave a message?"),
    "which_booking": N_("I can see several bookings: {bookings}. Which one do you mean?"),
    "confirm_cancel": N_("Your booking: {service}, {when}. Shall I cancel it?"),
    "cancelled": N_(
        "Your booking for {service}, {when}, is cancelled. Is there anything else I can do for you?"
    ),
    "ask_new_day": N_("Your booking: {service}, {when}. Which day would you like to move it to?"),
    # {when} says its own preposition ("on Tuesday, December 8 at 11 am", "am Dienstag, …"):
    # "to {when}" / "auf {when}" said "auf am Dienstag".
    "confirm_move": N_("So your {service} will be {when}. Is that right?"),
    # How long a service takes and what it costs (service_facts.py).
    "service_takes": N_("The {service} takes about {duration}."),
    "service_costs": N_("The {service} costs {price}."),
    "service_takes_and_costs": N_("The {service} takes about {duration} and costs {price}."),
    "moved": N_("Done: {service} is now {when}. Is there anything else I can do for you?"),
    "kept": N_("All right, your booking stays as it is. What else can I do for you?"),
    "offer_message": N_(
        "Nobody can take your call right now. Would you like to leave a message? Then we "
        "will call you back."
    ),
    "no_information": N_("Sorry, I have no information on that. Shall I take a message?"),
    "offer_message_unanswered": N_(
        "Sorry, I cannot answer that one. Would you like to leave a message? Then "
        "somebody will get back to you."
    ),
    # A booking asked for where the bot books nothing: the request goes on as a message.
    "cannot_book": N_("I cannot book that myself, I'm afraid."),
    "offer_pass_on": N_("Shall I pass your request on? Then somebody will get back to you."),
    "ask_message": N_("What is it about?"),
    "ask_message_name": N_("Thank you. And what is your name?"),
    "ask_message_name_again": N_("What name shall I put on the message?"),
    "message_dropped": N_("All right, I have not noted anything. What else can I do for you?"),
    "message_taken": N_(
        "Thank you, I have taken your message. We will get back to you as soon as "
        "possible. Is there anything else I can do for you?"
    ),
    "or": N_("or"),
    "today": N_("today"),
    "tomorrow": N_("tomorrow"),
    "on_day": N_("on {weekday}, {month} {day}"),
    "clock": N_("{hour} {noon}"),
    "clock_minutes": N_("{hour}:{minute} {noon}"),
    "day_at_clock": N_("{day} at {clock}"),
    # Opening hours (spoken_hours.py). A time of day without "at": "von 9 Uhr bis 17 Uhr".
    "hours_week": N_("Our opening hours are {listing}."),
    "open_now": N_("We are open right now."),
    "closed_now": N_("We are closed right now."),
    "open_on_day": N_("{day} we are open {times}."),
    "closed_on_day": N_("{day} we are closed."),
    "on_weekday": N_("on {weekday}"),
    "days_span": N_("{first} to {last}"),
    "from_to": N_("from {start} to {end}"),
    "and": N_("and"),
    "by_appointment": N_("by appointment"),
    "time_of_day": N_("{hour}\u00a0{noon}"),
    "time_of_day_minutes": N_("{hour}:{minute}\u00a0{noon}"),
    "error": N_("Sorry, something went wrong on our side. Goodbye."),
    # A yes to "Is there anything else I can do for you?" with nothing else said.
    "what_else": N_("Sure. What can I do for you?"),
}

# The phrases that end "Is there anything else I can do for you?" (or "What else can I do
# for you?"): the caller's "Nein, danke" next is a goodbye and their "Ja" a wish to go on.
ASK_WHAT_ELSE = frozenset(
    {
        "declined",
        "booked",
        "moved",
        "cancelled",
        "kept",
        "booking_dropped",
        "message_taken",
        "message_dropped",
    }
)


# Names of days and months as Babel (CLDR) has them: Austrian German says "Jänner".
BABEL_LOCALES = {"de": "de_AT", "en": "en"}
WEEKDAYS = {  # Monday first, as date.weekday() counts
    lang: tuple(get_day_names("wide", locale=locale)[index] for index in range(7))
    for lang, locale in BABEL_LOCALES.items()
}
MONTHS = {
    lang: tuple(get_month_names("wide", locale=locale)[number] for number in range(1, 13))
    for lang, locale in BABEL_LOCALES.items()
}


def phrase(key: str, language: str, **values: str) -> str:
    return translate(language, PHRASES[key], values)


def in_turn(*keys: str, language: str, **values: str) -> str:
    """Phrases said one after the other: "pardon" and then a question, "sure" and then one.
    Each is a sentence and begins with a capital, also where a value opens it in one
    language and not in the other ("Heute ist leider nichts mehr frei", "Sorry, today is
    fully booked")."""
    sentences = (phrase(key, language, **values) for key in keys if key)
    return " ".join(text[:1].upper() + text[1:] for text in sentences)


def spoken(*keys: str, language: str, **values: str) -> DialogueReply:
    """The bot's reply of these phrases, in turn; one whose last phrase asks "Anything else?"
    says so (ASK_WHAT_ELSE), wherever it is said."""
    return DialogueReply(
        in_turn(*keys, language=language, **values), asks_what_else=keys[-1] in ASK_WHAT_ELSE
    )


def spoken_day(day: date, today: date, language: str) -> str:
    """ "heute", "morgen", "am Freitag, 4. Dezember" / "on Friday, December 4"."""
    if day == today:
        return phrase("today", language)
    if day == today + timedelta(days=1):
        return phrase("tomorrow", language)
    lang = "de" if language.startswith("de") else "en"
    weekday, month = WEEKDAYS[lang][day.weekday()], MONTHS[lang][day.month - 1]
    return phrase("on_day", language, weekday=weekday, day=str(day.day), month=month)


def spoken_clock(moment: time, language: str, *, at: bool = True) -> str:
    """ "um 15 Uhr 30" (espeak-ng reads it as words) / "3:30 pm"; without `at` the time of
    day alone, for "von 9 Uhr bis 17 Uhr 30"."""
    german = language.startswith("de")
    hour = moment.hour if german else (moment.hour % 12 or 12)
    noon = "am" if moment.hour < 12 else "pm"
    whole, minutes = ("clock", "clock_minutes") if at else ("time_of_day", "time_of_day_minutes")
    if moment.minute == 0:
        return phrase(whole, language, hour=str(hour), noon=noon)
    minute = f"{moment.minute:02d}"
    return phrase(minutes, language, hour=str(hour), minute=minute, noon=noon)


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
