"""The words of saying when, per language, that integrations.dialogue.spoken_time reads: the
weekdays and months, the cues before an hour ("um", "at"), the parts of a day, the ways of
saying "as soon as possible", and the words a caller says around a time. Folded as
lexicon.words folds a caller's words (lower case, umlauts as ae/oe/ue)."""

from __future__ import annotations

from integrations.dialogue.lexicon import words

MORNING, AFTERNOON, EVENING = "morning", "afternoon", "evening"

WEEKDAY_WORDS = {
    "de": ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
}
MONTH_WORDS = {
    "de": "januar februar maerz april mai juni juli august september oktober november dezember",
    "en": "january february march april may june july august september october november december",
}
TIME_CUES = {
    "de": {"um", "gegen", "ab", "so", "zirka", "circa", "etwa", "nach"},
    "en": {"at", "around", "about", "after", "from", "by"},
}
PARTS = {
    "de": {"vormittag": MORNING, "vormittags": MORNING, "frueh": MORNING, "morgens": MORNING,
           "nachmittag": AFTERNOON, "nachmittags": AFTERNOON, "mittags": AFTERNOON,
           "abend": EVENING, "abends": EVENING},
    "en": {"morning": MORNING, "afternoon": AFTERNOON, "evening": EVENING, "tonight": EVENING},
}  # fmt: skip
SOONEST = {
    "de": ("so bald wie", "so schnell wie", "moeglichst bald", "schnellstmoeglich",
           "fruehestmoeglich", "naechsten freien", "naechste freie", "naechster freier",
           "erstbeste", "egal wann", "wann immer"),
    "en": ("as soon as", "asap", "earliest", "next available", "next free", "soonest",
           "first available", "any time", "anytime", "whenever", "next possible"),
}  # fmt: skip

# The words of saying when besides numbers and weekdays, for spoken_time.beyond_when.
WHEN_WORDS = {
    lang: {
        *words(MONTH_WORDS[lang]),
        *TIME_CUES[lang],
        *PARTS[lang],
        *words(" ".join(SOONEST[lang])),
    }
    for lang in ("de", "en")
}
WHEN_WORDS["de"] |= set(
    words(
        """halb viertel dreiviertel uhr mittag heute morgen uebermorgen tag tagen woche wochenende
    naechste naechsten naechster kommende kommenden uebernaechste uebernaechsten diese diesen
    dieser"""
    )
)
WHEN_WORDS["en"] |= set(
    words(
        """half quarter past pass passed to oclock noon midday today tomorrow tonight day days
    week weekend next coming this"""
    )
)

# What a caller says around a time given on its own ("um zehn bitte", "yes, at ten"), for
# spoken_time.clock_alone: anything else said with the time is more than a time.
ALONE_FILLERS = set(
    [
        "um",
        "uhr",
        "gegen",
        "so",
        "bitte",
        "gerne",
        "gern",
        "den",
        "die",
        "das",
        "ja",
        "dann",
        "at",
        "the",
        "please",
        "yes",
        "oclock",
        "around",
        "ok",
        "okay",
        "then",
        # Whisper's hearing of a clipped "at" ("and four", "I'm 10"), and "it's", "that's".
        "and",
        "i",
        "am",
        "it",
        "that",
        "is",
        # Taking a time: "Ten is fine", "ten o'clock works for me", "Zehn passt mir gut",
        # "lieber um elf", "how about eleven".
        "fine",
        "good",
        "great",
        "perfect",
        "works",
        "work",
        "suits",
        "suit",
        "would",
        "be",
        "me",
        "for",
        "sounds",
        "lets",
        "say",
        "o",
        "clock",
        "how",
        "about",
        "rather",
        "maybe",
        "best",
        "passt",
        "waere",
        "gut",
        "super",
        "perfekt",
        "geht",
        "mir",
        "ich",
        "nehme",
        "lieber",
        "vielleicht",
        "ist",
        "es",
        "auch",
    ]
)
# "past" as Whisper hears it in "half past two": "half by 2", "half pass two", "half passed 2".
PAST_WORDS = {"past", "after", "by", "pass", "passed"}
