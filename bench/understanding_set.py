"""The bench's own test set: a hair salon's FAQ in German and English, and what callers say.

Written apart from tests/integrations/understanding_dev_set.py (a dental and a physiotherapy
practice), on which the matcher was developed; but the matcher's word lists were later tuned
until this set came out right, so it is no longer held out — bench/understanding_heldout.py is.
Each entry is (question, answer, phrasings the owner added in the portal ("Other
ways callers ask this"), what callers say). What callers say avoids the question's words.
"""

from __future__ import annotations

Entry = tuple[str, str, tuple[str, ...], tuple[str, ...]]

SALON_EN: list[Entry] = [
    (
        "When are you open?",
        "We are open Tuesday to Friday from 9 to 6, Thursday until 8, and Saturday from 8 to 1. "
        "Mondays we are closed.",
        ("opening times",),
        (
            "what are your hours",
            "are you around on saturdays",
            "until what time can I come in on thursday",
            "is the salon closed on mondays",
            "what time do you shut",
            "can I come by early in the morning",
        ),
    ),
    (
        "How much is a haircut?",
        "Wash, cut and blow-dry for women starts at 58 euros, a men's cut at 32 euros.",
        ("price list",),
        (
            "what do you charge for a cut",
            "what's the price for a men's trim",
            "is a women's haircut expensive",
            "how much would a wash and blow dry be",
            "what does it cost to get my hair cut",
            "what are your prices",
        ),
    ),
    (
        "Do you do colouring?",
        "Yes, we colour, tint and do highlights. Colour advice is free, colouring starts at "
        "45 euros.",
        ("hair dye",),
        (
            "can I get highlights",
            "I want to go blonde",
            "do you dye hair",
            "how much are highlights",
            "could you cover my grey hair",
            "do you do balayage or tints",
        ),
    ),
    (
        "Can I book an appointment?",
        "Gladly! Tell me the day and time you would like and I will check the calendar.",
        ("make a booking",),
        (
            "I'd like to come in next week",
            "do you have anything free on friday",
            "can I reserve a slot for saturday",
            "I need a cut, when can you fit me in",
            "is there availability tomorrow",
            "can I schedule a visit",
        ),
    ),
    (
        "How do I cancel or move my appointment?",
        "Just call us at least 24 hours ahead; later cancellations are charged at half price.",
        ("change my booking",),
        (
            "I can't make it on thursday",
            "I need to reschedule",
            "can I call off my booking",
            "what happens if I don't show up",
            "is there a fee for cancelling late",
            "could I postpone to next week",
        ),
    ),
    (
        "Where is the salon?",
        "You find us at Zieglergasse 12 in the 7th district.",
        ("address",),
        (
            "what's your address",
            "where are you located",
            "which street are you on",
            "how do I find you",
            "where exactly is the shop",
            "what's the street number",
        ),
    ),
    (
        "Is there parking?",
        "There is a public garage in Stiftgasse, two minutes on foot, and short-term parking "
        "zones in the streets.",
        ("where do I leave my car",),
        (
            "can I park nearby",
            "I'm coming by car",
            "is there a garage close to you",
            "where can I put my car",
            "are there parking spaces in front",
            "is it easy to park around there",
        ),
    ),
    (
        "How do I get there by public transport?",
        "Take the U3 to Zieglergasse; from the station it is two minutes on foot. Tram 49 "
        "stops nearby too.",
        ("underground",),
        (
            "which subway station is nearest",
            "can I come by tram",
            "what bus goes to you",
            "how do I get to you without a car",
            "which stop do I get off at",
            "is there a train station close by",
        ),
    ),
    (
        "Can I pay by card?",
        "Yes, cash, debit card or credit card are all fine.",
        ("payment methods",),
        (
            "do you take visa",
            "is it cash only",
            "can I use my mastercard",
            "do you accept credit cards",
            "can I pay contactless",
            "what payment options do you have",
        ),
    ),
    (
        "Do you sell gift vouchers?",
        "Yes, vouchers for any amount or treatment, at the salon or by post.",
        ("gift card",),
        (
            "I'd like to buy a present for my wife",
            "can I get a voucher for a friend",
            "do you do gift certificates",
            "can I give a haircut as a gift",
            "do you have gift cards",
            "can you post a voucher to me",
        ),
    ),
    (
        "Do you cut children's hair?",
        "Yes, a children's cut up to 12 years is 22 euros.",
        ("kids haircut",),
        (
            "can I bring my son",
            "do you do kids",
            "my daughter needs a trim",
            "what's the price for a child",
            "is there a discount for children",
            "do you take little boys",
        ),
    ),
    (
        "Can I come without an appointment?",
        "Walk-ins are welcome on Tuesdays and Wednesdays if a chair is free; otherwise please "
        "book.",
        ("walk-in",),
        (
            "can I just walk in",
            "do I need to book ahead",
            "can I drop by spontaneously",
            "do you take walk-ins",
            "is it okay to just show up",
            "do I need a reservation",
        ),
    ),
    (
        "How long does an appointment take?",
        "A cut takes about 45 minutes, colouring about two hours.",
        ("duration",),
        (
            "how much time should I plan",
            "how many minutes is a haircut",
            "will it take long",
            "how long will I be there for highlights",
            "how long does a cut last",
            "is it quick",
        ),
    ),
    (
        "Is the salon wheelchair accessible?",
        "Yes, the entrance is level and there are no steps inside.",
        ("step-free",),
        (
            "can I get in with a wheelchair",
            "are there any stairs",
            "is the entrance accessible",
            "my mother uses a wheelchair, can she come",
            "do you have steps at the door",
            "is it barrier free",
        ),
    ),
]

SALON_DE: list[Entry] = [
    (
        "Wann haben Sie geöffnet?",
        "Wir haben Dienstag bis Freitag von 9 bis 18 Uhr offen, am Donnerstag bis 20 Uhr und "
        "am Samstag von 8 bis 13 Uhr. Montag ist Ruhetag.",
        ("Öffnungszeiten",),
        (
            "wie lange habt ihr heute offen",
            "seid ihr am Samstag da",
            "bis wann kann ich am Donnerstag kommen",
            "habt ihr am Montag zu",
            "ab wann sperrt ihr in der Früh auf",
            "um wie viel Uhr macht ihr zu",
        ),
    ),
    (
        "Was kostet ein Haarschnitt?",
        "Waschen, Schneiden und Föhnen für Damen ab 58 Euro, ein Herrenschnitt ab 32 Euro.",
        ("Preisliste",),
        (
            "wie teuer ist Schneiden bei euch",
            "was verlangt ihr für einen Herrenschnitt",
            "wie viel zahle ich für Waschen und Föhnen",
            "was sind eure Preise",
            "was muss ich für einen Damenschnitt bezahlen",
            "ist ein Haarschnitt bei euch günstig",
        ),
    ),
    (
        "Färben Sie auch?",
        "Ja, wir färben, tönen und machen Strähnen. Die Farbberatung ist gratis, Färben ab "
        "45 Euro.",
        ("Haarfarbe",),
        (
            "macht ihr auch Strähnen",
            "ich möchte blond werden",
            "könnt ihr meine grauen Haare abdecken",
            "was kosten Strähnchen",
            "macht ihr Balayage",
            "bietet ihr Tönungen an",
        ),
    ),
    (
        "Kann ich einen Termin ausmachen?",
        "Sehr gern! Sagen Sie mir Tag und Uhrzeit, dann schaue ich in den Kalender.",
        ("Termin buchen",),
        (
            "ich würde gern nächste Woche vorbeikommen zum Schneiden",
            "habt ihr am Freitag was frei",
            "kann ich für Samstag reservieren",
            "wann hättet ihr Zeit für mich",
            "ist morgen noch was verfügbar",
            "ich bräuchte einen Termin zum Haareschneiden",
        ),
    ),
    (
        "Wie kann ich einen Termin absagen oder verschieben?",
        "Rufen Sie bitte mindestens 24 Stunden vorher an; spätere Absagen verrechnen wir zur "
        "Hälfte.",
        ("Termin ändern",),
        (
            "ich schaffe es am Donnerstag nicht",
            "ich muss leider stornieren",
            "was passiert wenn ich nicht komme",
            "kostet eine kurzfristige Absage etwas",
            "kann ich auf nächste Woche umbuchen",
            "ich kann morgen doch nicht kommen",
        ),
    ),
    (
        "Wo finde ich den Salon?",
        "Sie finden uns in der Zieglergasse 12 im 7. Bezirk.",
        ("Adresse",),
        (
            "wie ist eure Adresse",
            "wo seid ihr genau",
            "in welcher Gasse ist das Geschäft",
            "wie finde ich zu euch",
            "welche Hausnummer habt ihr",
            "wo befindet sich der Friseur",
        ),
    ),
    (
        "Gibt es Parkplätze?",
        "In der Stiftgasse ist eine öffentliche Garage, zwei Minuten zu Fuß, und in den "
        "Straßen gibt es Kurzparkzonen.",
        ("wo stelle ich das Auto ab",),
        (
            "kann man in der Nähe parken",
            "ich komme mit dem Auto",
            "gibt es eine Garage bei euch",
            "wo kann ich mein Auto abstellen",
            "gibt es Stellplätze vor dem Geschäft",
            "ist das Parken dort schwierig",
        ),
    ),
    (
        "Wie komme ich mit den Öffis hin?",
        "Mit der U3 bis Zieglergasse, von der Station sind es zwei Minuten zu Fuß. Auch die "
        "Straßenbahn 49 hält in der Nähe.",
        ("U-Bahn",),
        (
            "welche U-Bahn Station ist am nächsten",
            "kann ich mit der Bim kommen",
            "welcher Bus fährt zu euch",
            "wie komme ich ohne Auto zu euch",
            "bei welcher Haltestelle steige ich aus",
            "fährt eine Straßenbahn in eure Nähe",
        ),
    ),
    (
        "Kann ich mit Karte zahlen?",
        "Ja, Sie können bar, mit Bankomatkarte oder mit Kreditkarte zahlen.",
        ("Zahlungsarten",),
        (
            "nehmt ihr Bankomat",
            "geht auch Kreditkarte",
            "muss ich bar bezahlen",
            "kann ich kontaktlos zahlen",
            "nehmt ihr Visa",
            "welche Zahlungsmöglichkeiten habt ihr",
        ),
    ),
    (
        "Gibt es Gutscheine?",
        "Ja, Gutscheine über jeden Betrag oder jede Behandlung, im Salon oder per Post.",
        ("Geschenk",),
        (
            "ich möchte meiner Frau was schenken",
            "kann ich einen Gutschein für eine Freundin kaufen",
            "verkauft ihr Geschenkgutscheine",
            "kann man einen Haarschnitt verschenken",
            "habt ihr Gutscheinkarten",
            "könnt ihr mir einen Gutschein schicken",
        ),
    ),
    (
        "Schneiden Sie auch Kinderhaare?",
        "Ja, ein Kinderhaarschnitt bis 12 Jahre kostet 22 Euro.",
        ("Kinderhaarschnitt",),
        (
            "kann ich meinen Sohn mitbringen",
            "macht ihr auch Kinder",
            "meine Tochter bräuchte einen neuen Schnitt",
            "was kostet es für ein Kind",
            "gibt es einen Preis für Kinder",
            "nehmt ihr auch kleine Buben",
        ),
    ),
    (
        "Kann ich ohne Termin kommen?",
        "Am Dienstag und Mittwoch gern, wenn ein Platz frei ist; sonst bitte vorher buchen.",
        ("spontan vorbeikommen",),
        (
            "kann ich einfach so vorbeischauen",
            "muss ich vorher reservieren",
            "geht es auch spontan",
            "kann ich einfach reinkommen",
            "ist eine Anmeldung nötig",
            "nehmt ihr Laufkundschaft",
        ),
    ),
    (
        "Wie lange dauert ein Termin?",
        "Ein Haarschnitt dauert etwa 45 Minuten, Färben etwa zwei Stunden.",
        ("Dauer",),
        (
            "wie viel Zeit soll ich einplanen",
            "wie viele Minuten braucht ein Haarschnitt",
            "dauert das lang",
            "wie lange bin ich bei Strähnen dort",
            "wie lange brauchst du für einen Schnitt",
            "geht das schnell",
        ),
    ),
    (
        "Ist der Salon barrierefrei?",
        "Ja, der Eingang ist ebenerdig und drinnen gibt es keine Stufen.",
        ("Rollstuhl",),
        (
            "komme ich mit dem Rollstuhl hinein",
            "gibt es Stufen",
            "ist der Eingang ebenerdig",
            "meine Mutter sitzt im Rollstuhl, kann sie kommen",
            "gibt es eine Treppe beim Eingang",
            "ist das rollstuhlgerecht",
        ),
    ),
]
