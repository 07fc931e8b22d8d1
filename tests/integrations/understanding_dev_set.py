"""The set the offline matcher is tuned on: a dental practice (English) and a physiotherapy
practice (German), each FAQ entry with ways callers ask it that avoid the question's words.

bench/understanding.py measures on a hair salon (whose phrases the word lists were later tuned
on as well) and on a held-out set (bench/understanding_heldout.py): never take a phrase from
the held-out set into this one or into a word list, so its figure stays honest.
"""

from __future__ import annotations

# (question, answer, [what callers say])
DENTIST_EN: list[tuple[str, str, list[str]]] = [
    (
        "When are you open?",
        "We are open Monday to Friday from 8 to 6.",
        [
            "what are your hours",
            "are you open on friday afternoon",
            "until what time can I come",
            "when do you close today",
        ],
    ),
    (
        "How much does a check-up cost?",
        "A check-up is 60 euros, cleaning included.",
        [
            "what do you charge for an examination",
            "what's the price of a checkup",
            "is a check up expensive",
            "how much do I pay for a routine exam",
        ],
    ),
    (
        "Where is the practice?",
        "We are at Mariahilfer Strasse 45, second floor.",
        [
            "what's your address",
            "how do I find you",
            "which street are you on",
            "where are you located",
        ],
    ),
    (
        "Can I pay by card?",
        "Yes, we take debit and credit cards, and cash.",
        [
            "do you accept visa",
            "is cash the only option",
            "can I use my mastercard",
            "what payment methods do you take",
        ],
    ),
    (
        "Is there parking nearby?",
        "There is a public garage around the corner in Stiftgasse.",
        [
            "where can I leave my car",
            "I'm coming by car, where do I park",
            "is there a garage close by",
            "can I park in front of the building",
        ],
    ),
    (
        "Can I make an appointment?",
        "Yes, tell me a day and I will check our calendar.",
        [
            "I'd like to book a visit",
            "do you have a free slot next week",
            "I need to see the dentist",
            "can I schedule a cleaning",
        ],
    ),
    (
        "What if I need to cancel?",
        "Please cancel at least 24 hours ahead, otherwise we charge 30 euros.",
        [
            "I can't make it tomorrow",
            "how do I reschedule my visit",
            "is there a fee for not showing up",
            "I want to call off my appointment",
        ],
    ),
    (
        "Do you treat children?",
        "Yes, children are welcome from the age of three.",
        [
            "can my daughter come too",
            "do you see kids",
            "is there a pediatric dentist",
            "my son is five, can you look at his teeth",
        ],
    ),
    (
        "Do you handle emergencies?",
        "For acute pain we keep slots free every morning; call us at 8.",
        [
            "I have a terrible toothache",
            "my tooth broke, can you help today",
            "what do I do if I'm in pain",
            "is there an urgent service",
        ],
    ),
    (
        "Is the practice wheelchair accessible?",
        "Yes, there is a lift and no steps.",
        [
            "can I come in a wheelchair",
            "are there stairs",
            "do you have an elevator",
            "is it accessible for disabled people",
        ],
    ),
]

PHYSIO_DE: list[tuple[str, str, list[str]]] = [
    (
        "Wann haben Sie geöffnet?",
        "Wir haben Montag bis Freitag von 7 bis 19 Uhr offen.",
        [
            "bis wann kann ich heute kommen",
            "habt ihr am Freitag Nachmittag offen",
            "wie sind eure Öffnungszeiten",
            "ab wann seid ihr in der Früh da",
        ],
    ),
    (
        "Was kostet eine Behandlung?",
        "Eine Einheit mit 45 Minuten kostet 70 Euro.",
        [
            "wie teuer ist eine Einheit",
            "was verlangen Sie für eine Stunde",
            "wie viel muss ich zahlen für eine Therapie",
            "was ist der Preis",
        ],
    ),
    (
        "Wo ist die Praxis?",
        "Die Praxis ist in der Neubaugasse 12 im Erdgeschoss.",
        [
            "wie ist die Adresse",
            "wo finde ich euch",
            "in welcher Straße seid ihr",
            "wie komme ich zu Ihnen",
        ],
    ),
    (
        "Kann ich mit Karte zahlen?",
        "Ja, mit Bankomatkarte, Kreditkarte oder bar.",
        [
            "nehmt ihr Bankomat",
            "geht auch Kreditkarte",
            "muss ich bar bezahlen",
            "welche Zahlungsmöglichkeiten gibt es",
        ],
    ),
    (
        "Gibt es Parkplätze?",
        "Im Hof gibt es zwei Stellplätze für Patienten.",
        [
            "wo kann ich mein Auto abstellen",
            "ich komme mit dem Auto, wo parke ich",
            "gibt es eine Garage in der Nähe",
            "kann man vor der Tür parken",
        ],
    ),
    (
        "Kann ich einen Termin vereinbaren?",
        "Gerne, nennen Sie mir einen Tag und ich schaue in den Kalender.",
        [
            "ich hätte gern einen Termin",
            "habt ihr nächste Woche was frei",
            "ich möchte eine Behandlung buchen",
            "wann wäre der nächste freie Termin",
        ],
    ),
    (
        "Was ist, wenn ich absagen muss?",
        "Bitte sagen Sie mindestens 24 Stunden vorher ab, sonst verrechnen wir die Einheit.",
        [
            "ich kann morgen nicht kommen",
            "kann ich meinen Termin verschieben",
            "was passiert wenn ich nicht erscheine",
            "ich muss leider stornieren",
        ],
    ),
    (
        "Zahlt die Krankenkasse?",
        "Mit ärztlicher Verordnung bekommen Sie einen Teil von der ÖGK zurück.",
        [
            "bekomme ich das Geld von der Kasse zurück",
            "brauche ich eine Überweisung vom Arzt",
            "übernimmt die Versicherung was",
            "gibt es einen Zuschuss von der ÖGK",
        ],
    ),
    (
        "Was muss ich mitbringen?",
        "Bitte bringen Sie bequeme Kleidung, ein Handtuch und Ihre Befunde mit.",
        [
            "brauche ich ein Handtuch",
            "was soll ich anziehen",
            "soll ich meine Befunde mitnehmen",
            "welche Unterlagen brauche ich",
        ],
    ),
    (
        "Ist die Praxis barrierefrei?",
        "Ja, die Praxis ist ebenerdig und hat keine Stufen.",
        [
            "komme ich mit dem Rollstuhl hinein",
            "gibt es Stufen beim Eingang",
            "gibt es einen Lift",
            "ist das rollstuhlgerecht",
        ],
    ),
]

# Questions neither business answers: the bot must not answer them as if it knew.
OUT_OF_SCOPE_EN = [
    "do you sell toothbrushes",
    "can I bring my dog",
    "is there wifi in the waiting room",
    "what's the weather going to be like",
    "do you do teeth whitening",
    "who won the football yesterday",
    "can you give me a sick note for work",
    "do you sell mouthwash",
    "is there a pharmacy in the building",
    "do you do braces for adults",
    "can I charge my phone while I wait",
    "do you have magazines in the waiting room",
    "can you recommend a good restaurant nearby",
    "are you looking for staff",
    "do you do botox",
    "what do you think about electric toothbrushes",
]
OUT_OF_SCOPE_DE = [
    "verkauft ihr auch Massagegeräte",
    "darf ich meinen Hund mitnehmen",
    "gibt es WLAN im Wartezimmer",
    "wie wird das Wetter morgen",
    "macht ihr auch Akupunktur",
    "wer hat gestern das Spiel gewonnen",
    "kann ich bei euch eine Krankmeldung bekommen",
    "verkauft ihr Sportschuhe",
    "gibt es eine Apotheke im Haus",
    "macht ihr auch Ernährungsberatung",
    "kann ich mein Handy aufladen",
    "habt ihr Zeitschriften im Wartezimmer",
    "kennt ihr ein gutes Restaurant in der Nähe",
    "sucht ihr Personal",
    "bietet ihr Yoga-Kurse an",
    "was haltet ihr von Fitnessuhren",
]
