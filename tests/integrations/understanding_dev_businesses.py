"""A second development set for the offline matcher: six more small Austrian businesses of
kinds the matcher had not seen (a car repair shop, a driving school and a vet in German, a
restaurant, a yoga studio and a florist in English), each with the FAQ its owner would write,
a phrasing or two the owner added in the portal, and what callers say, avoiding the question's
words (German callers in Austrian everyday speech); their opening hours asked after, and
questions the FAQ does not cover (a right bot asks back instead of answering some entry).

Each entry is (question, answer, phrasings the owner added, what callers say). Written to find
what kinds of question the matcher misses, and tuned on; the held-out set
(bench/understanding_heldout.py) stays unread.
"""

from __future__ import annotations

from bench.understanding_heldout import Business, open_on

CAR_REPAIR = Business(
    "Autowerkstatt Huber",
    "de-AT",
    open_on("mon tue wed thu fri", "07:30", "17:00"),
    (
        "wann habt's offen",
        "seid ihr am Samstag da",
        "bis wie viel Uhr kann ich heute noch kommen",
        "wann sperrt ihr in der Früh auf",
    ),
    (
        (
            "Macht ihr das Pickerl?",
            "Ja, die Paragraf-57a-Begutachtung machen wir für Autos und Motorräder um 65 Euro, "
            "am Vormittag meistens auch ohne Termin.",
            ("57a Begutachtung",),
            (
                "kann ich bei euch die jährliche Überprüfung machen lassen",
                "mein Auto braucht eine neue Plakette",
                "die Plakette läuft im März ab, übernehmt ihr das",
                "macht ihr die Überprüfung auch fürs Motorrad",
                "wo kann ich mein Auto begutachten lassen",
            ),
        ),
        (
            "Was kostet ein Service?",
            "Ein kleines Service kostet ab 149 Euro, ein großes ab 289 Euro, je nach Modell; "
            "Material wird extra verrechnet.",
            ("Inspektion Preis",),
            (
                "mit wie viel muss ich für die Inspektion rechnen",
                "wie teuer ist so eine Wartung ungefähr",
                "was verlangt ihr für Ölwechsel und Durchsicht",
                "was zahl ich für das große Service bei einem Golf",
                "was kost' bei euch die jährliche Wartung",
            ),
        ),
        (
            "Wechselt ihr Reifen?",
            "Ja, der Räderwechsel kostet 30 Euro, die Einlagerung 60 Euro pro Saison. Bitte "
            "vorher einen Termin ausmachen.",
            ("Räderwechsel",),
            (
                "ich brauch die Winterpatschen drauf",
                "könnt ihr meine Sommerräder montieren",
                "kann ich meine Räder bei euch lagern",
                "macht ihr das Umstecken auf Sommerreifen",
                "habt ihr Platz für meine Winterreifen über den Sommer",
            ),
        ),
        (
            "Habt ihr einen Ersatzwagen?",
            "Ja, für die Dauer der Reparatur leihen wir Ihnen ein Auto um 25 Euro pro Tag; "
            "bitte gleich beim Termin sagen.",
            ("Leihauto",),
            (
                "bekomme ich ein Auto, solange meins bei euch steht",
                "wie komm ich in die Arbeit, wenn mein Wagen in der Werkstatt ist",
                "kann ich mir während der Reparatur ein Fahrzeug ausborgen",
                "gibt's einen Leihwagen",
                "stellt ihr mir ein Auto zur Verfügung",
            ),
        ),
        (
            "Wie lange dauert eine Reparatur?",
            "Kleine Reparaturen sind meist am selben Tag fertig, größere in zwei bis drei "
            "Werktagen; Ersatzteile bekommen wir über Nacht.",
            ("wann ist mein Auto fertig",),
            (
                "wann krieg ich meinen Wagen zurück",
                "wie viele Tage steht das Auto bei euch",
                "geht sich das noch heute aus",
                "schafft ihr das bis morgen",
                "wie schnell seid ihr mit einer Reparatur",
            ),
        ),
        (
            "Kann ich mein Auto am Abend abgeben?",
            "Ja, den Schlüssel können Sie rund um die Uhr in den Schlüsselkasten beim Tor "
            "werfen, mit einem Zettel mit Namen und Telefonnummer.",
            ("Schlüsselkasten",),
            (
                "gibt es einen Schlüsseleinwurf",
                "kann ich den Wagen nach Feierabend vorbeibringen",
                "wohin mit dem Schlüssel, wenn keiner da ist",
                "kann ich das Auto über Nacht bei euch hinstellen",
                "ich kann erst um acht am Abend, geht das trotzdem",
            ),
        ),
        (
            "Repariert ihr alle Marken?",
            "Ja, wir sind eine freie Werkstatt für alle Marken, auch für Elektro- und Hybridautos.",
            ("Elektroauto",),
            (
                "ich fahr einen Tesla, könnt ihr den herrichten",
                "kümmert ihr euch auch um E-Autos",
                "nehmt ihr auch einen Skoda an",
                "ist das nur für VW oder für jedes Auto",
                "schaut ihr euch auch Hybridfahrzeuge an",
            ),
        ),
        (
            "Macht ihr einen Kostenvoranschlag?",
            "Ja, vor jeder größeren Reparatur bekommen Sie kostenlos einen Voranschlag; wir "
            "reparieren erst, wenn Sie zustimmen.",
            ("Angebot vorher",),
            (
                "sagt ihr mir vorher, was es ungefähr kostet",
                "kann ich vorher ein Angebot kriegen",
                "bekomme ich eine Schätzung, bevor ihr anfangt",
                "ruft ihr an, bevor es teuer wird",
                "macht ihr nur, was ich freigebe",
            ),
        ),
        (
            "Wo ist die Werkstatt?",
            "Wir sind in der Industriezeile 14 in Linz, gleich neben der Tankstelle.",
            ("Adresse",),
            (
                "wie ist eure Adresse",
                "wo genau seid ihr in Linz",
                "wie find ich zu euch",
                "in welcher Straße seid's",
                "wo muss ich hinfahren",
            ),
        ),
        (
            "Kann ich mit Karte zahlen?",
            "Ja, mit Bankomat- und Kreditkarte, bar, und Firmen auch auf Rechnung.",
            ("Bezahlung",),
            (
                "nehmt ihr Bankomat",
                "geht auch eine Überweisung",
                "muss ich bar zahlen",
                "kann ich auf Rechnung zahlen",
                "wie kann ich die Rechnung begleichen",
            ),
        ),
        (
            "Schleppt ihr ab?",
            "Ja, unser Abschleppdienst fährt im Raum Linz von 7 bis 20 Uhr; rund um die Uhr "
            "über den Pannendienst.",
            ("Abschleppdienst",),
            (
                "mein Auto springt nicht an, könnt ihr es holen",
                "ich hab eine Panne auf der Autobahn",
                "habt ihr einen Abschleppwagen",
                "der Motor ist abgestorben und geht nicht mehr, was tun",
                "holt ihr liegengebliebene Autos",
            ),
        ),
    ),
    (
        "verkauft ihr auch Gebrauchtwagen",
        "kann ich bei euch mein Auto waschen lassen",
        "repariert ihr auch Fahrräder",
        "wie wird das Wetter am Wochenende",
        "sucht ihr einen Lehrling",
        "könnt ihr mir eine Autoversicherung empfehlen",
    ),
)

DRIVING_SCHOOL = Business(
    "Fahrschule Alpin",
    "de-AT",
    open_on("mon tue wed thu", "09:00", "18:00") | open_on("fri", "09:00", "13:00"),
    (
        "wann ist das Büro besetzt",
        "habt's am Freitag Nachmittag offen",
        "bis wann kann ich heute vorbeikommen",
        "wann seid ihr erreichbar",
    ),
    (
        (
            "Was kostet der B-Führerschein?",
            "Der Kurs für den B-Führerschein kostet komplett 1.690 Euro, mit Theorie, 18 "
            "Fahrstunden und Prüfungsfahrt.",
            ("Preis Autoführerschein",),
            (
                "mit wie viel muss ich für den Autoführerschein rechnen",
                "wie teuer ist die Ausbildung fürs Auto",
                "was zahl ich für den ganzen Kurs",
                "was verlangt ihr für den Schein",
                "gibt's ein Komplettpaket und was kommt das",
            ),
        ),
        (
            "Wann beginnt der nächste Kurs?",
            "Theoriekurse beginnen jeden ersten Montag im Monat; in den Ferien gibt es einen "
            "Kompaktkurs in einer Woche.",
            ("Kursbeginn",),
            (
                "wann kann ich anfangen",
                "wann startet die nächste Theorie",
                "gibt's einen Intensivkurs in den Sommerferien",
                "wann geht's wieder los mit einem neuen Kurs",
                "ab wann kann ich in die Theorie einsteigen",
            ),
        ),
        (
            "Ab welchem Alter kann ich anfangen?",
            "Mit 17 für L17, sonst mit 17 und einem halben Jahr für B; die Ausbildung kann "
            "ein halbes Jahr vorher beginnen.",
            ("Mindestalter",),
            (
                "mein Sohn ist 16, darf er schon",
                "wie alt muss man sein",
                "ich werd bald 17, kann ich mich schon einschreiben",
                "geht L17 bei euch",
                "ab wann darf meine Tochter den Schein machen",
            ),
        ),
        (
            "Kann ich einzelne Fahrstunden buchen?",
            "Ja, eine Fahrstunde mit 50 Minuten kostet 72 Euro; auch zum Auffrischen, wenn "
            "Sie schon lange nicht gefahren sind.",
            ("Auffrischungsstunden",),
            (
                "ich hab den Schein schon, brauch aber Übung",
                "kann ich nur ein paar Stunden nehmen",
                "was kostet eine Stunde im Auto",
                "ich möcht nach langer Pause wieder sicherer fahren",
                "bietet ihr Perfektionsstunden an",
            ),
        ),
        (
            "Macht ihr den Motorradführerschein?",
            "Ja, A1, A2 und A; Motorrad und Schutzausrüstung können Sie bei uns ausborgen.",
            ("Motorrad",),
            (
                "ich will Motorradfahren lernen",
                "kann ich bei euch den A2 machen",
                "habt ihr auch Mopedkurse",
                "brauch ich eine eigene Maschine",
                "bildet ihr auch für Zweiräder aus",
            ),
        ),
        (
            "Kann ich auf Raten zahlen?",
            "Ja, den Kurs können Sie ohne Aufpreis in drei Monatsraten zahlen.",
            ("Ratenzahlung",),
            (
                "muss ich alles auf einmal zahlen",
                "geht eine Teilzahlung",
                "kann ich das monatlich abstottern",
                "kann ich in Teilbeträgen zahlen",
                "muss ich den ganzen Betrag gleich hinlegen",
            ),
        ),
        (
            "Gibt es die Theorie online?",
            "Ja, Sie lernen mit unserer App und dem Online-Kurs; dazu kommen die "
            "Pflichteinheiten im Lehrsaal.",
            ("Lern-App",),
            (
                "kann ich von zu Hause lernen",
                "muss ich jeden Tag in den Kurs kommen",
                "gibt's eine App zum Üben",
                "kann ich die Prüfungsfragen am Handy üben",
                "muss ich persönlich anwesend sein",
            ),
        ),
        (
            "Was brauche ich für die Anmeldung?",
            "Einen Ausweis, ein Passfoto, das ärztliche Gutachten und den Erste-Hilfe-Kurs "
            "mit sechs Stunden.",
            ("Unterlagen",),
            (
                "welche Papiere muss ich mitbringen",
                "brauch ich einen Erste-Hilfe-Kurs",
                "brauch ich ein ärztliches Attest",
                "was muss ich zum Einschreiben mitnehmen",
                "welche Dokumente braucht ihr von mir",
            ),
        ),
        (
            "Wie viele Fahrstunden brauche ich?",
            "Vorgeschrieben sind 18 Fahrstunden für B; die meisten brauchen ein paar mehr, im "
            "Schnitt 22.",
            ("Mindestfahrstunden",),
            (
                "wie oft muss ich fahren bis zur Prüfung",
                "wie viel Praxis ist Pflicht",
                "reicht das Minimum normalerweise",
                "wie viele Einheiten im Auto sind vorgeschrieben",
                "wie viel muss ich üben bevor ich antreten darf",
            ),
        ),
        (
            "Wo ist die Fahrschule?",
            "Wir sind in der Museumstraße 22 in Innsbruck, fünf Minuten vom Hauptbahnhof.",
            ("Adresse",),
            (
                "wie ist eure Adresse",
                "wo seid's denn genau",
                "wie komm ich vom Bahnhof zu euch",
                "in welcher Straße seid ihr",
                "wo ist euer Lehrsaal",
            ),
        ),
    ),
    (
        "verkauft ihr auch Autos",
        "kann ich bei euch den Bootsführerschein machen",
        "wie wird das Wetter morgen",
        "sucht ihr Fahrlehrer",
        "wo kann ich einen Reisepass beantragen",
        "macht ihr auch einen Staplerschein",
    ),
)

VET = Business(
    "Tierarztpraxis Dr. Berger",
    "de-AT",
    open_on("mon tue wed thu fri", "08:00", "18:00") | open_on("sat", "09:00", "12:00"),
    (
        "wann habt's Ordination",
        "seid ihr am Samstag da",
        "bis wann kann ich heute noch mit dem Hund kommen",
        "wann macht ihr auf",
    ),
    (
        (
            "Impft ihr Hunde und Katzen?",
            "Ja, alle Impfungen für Hund, Katze und Kaninchen, samt EU-Heimtierpass.",
            ("Impfung",),
            (
                "mein Welpe braucht die erste Spritze",
                "wann muss meine Katze zur Auffrischung",
                "könnt ihr gegen Tollwut impfen",
                "ich brauch einen Heimtierausweis für den Urlaub",
                "macht ihr die Grundimmunisierung",
            ),
        ),
        (
            "Was kostet eine Kastration?",
            "Kater 90 Euro, Katze 160 Euro, Hunde je nach Gewicht ab 250 Euro, mit Narkose.",
            ("Kastration Preis",),
            (
                "wie teuer ist das Sterilisieren bei einer Katze",
                "mit wie viel muss ich fürs Kastrieren rechnen",
                "was zahlt man, wenn der Kater kastriert wird",
                "meine Hündin soll keine Welpen mehr kriegen, was kommt das",
                "wie viel verlangt ihr für den Eingriff beim Kater",
            ),
        ),
        (
            "Habt ihr einen Notdienst?",
            "Außerhalb der Ordinationszeiten erreichen Sie den tierärztlichen Notdienst "
            "Salzburg unter 0662 123456.",
            ("Notfall",),
            (
                "mein Hund hat was Giftiges gefressen, was soll ich tun",
                "wer hilft mir am Sonntag in der Nacht",
                "meine Katze blutet stark",
                "ist nachts wer erreichbar",
                "wohin, wenn am Wochenende was passiert",
            ),
        ),
        (
            "Kann ich ohne Termin kommen?",
            "Vormittags ist offene Sprechstunde von 8 bis 11 Uhr; am Nachmittag nur mit Termin.",
            ("offene Sprechstunde",),
            (
                "muss ich mich vorher anmelden",
                "kann ich einfach vorbeischauen",
                "braucht man eine Terminvereinbarung",
                "kann ich spontan mit meinem Kater kommen",
                "kann man sich am Vormittag einfach ins Wartezimmer setzen",
            ),
        ),
        (
            "Macht ihr Hausbesuche?",
            "Ja, im Stadtgebiet Salzburg, die Anfahrt kostet 40 Euro; bitte einen Tag vorher "
            "ausmachen.",
            ("Hausbesuch",),
            (
                "könnt ihr zu mir nach Hause kommen",
                "meine alte Katze verträgt das Autofahren nicht, kommt ihr vorbei",
                "behandelt ihr auch daheim",
                "kommt der Tierarzt auch ins Haus",
                "ich kann mit dem Hund nicht zu euch, geht das bei mir",
            ),
        ),
        (
            "Behandelt ihr auch Kleintiere?",
            "Ja, Kaninchen, Meerschweinchen, Vögel und Reptilien; Pferde und Rinder nicht.",
            ("Kaninchen",),
            (
                "mein Meerschweinchen frisst nicht mehr",
                "schaut ihr euch auch Hasen an",
                "kennt ihr euch mit Schildkröten aus",
                "behandelt ihr Wellensittiche",
                "nehmt ihr auch Pferde",
            ),
        ),
        (
            "Kann ich mit Karte zahlen?",
            "Ja, mit Bankomat- oder Kreditkarte, oder bar.",
            ("Bezahlung",),
            (
                "nehmt ihr Kreditkarten",
                "geht Bankomat",
                "muss ich Bargeld mitnehmen",
                "kann ich kontaktlos zahlen",
                "wie kann ich bezahlen",
            ),
        ),
        (
            "Wo ist die Praxis?",
            "In der Ignaz-Harrer-Straße 30 in Lehen; Parkplätze gibt es im Hof.",
            ("Adresse",),
            (
                "wie ist die Adresse",
                "wo find ich euch",
                "wo seid ihr genau",
                "kann ich irgendwo parken",
                "in welchem Stadtteil seid ihr",
            ),
        ),
        (
            "Verkauft ihr Futter?",
            "Ja, Diät- und Spezialfutter für Hunde und Katzen, auch zum Bestellen.",
            ("Diätfutter",),
            (
                "habt ihr Nierendiät für Katzen",
                "kann ich bei euch Hundefutter kaufen",
                "mein Hund braucht Schonkost, habt ihr was",
                "bestellt ihr mir das Spezialfutter",
                "gibt's bei euch Trockenfutter",
            ),
        ),
        (
            "Macht ihr Zahnbehandlungen?",
            "Ja, Zahnsteinentfernung und Zahnziehen unter Narkose, nach einer Kontrolle.",
            ("Zahnstein",),
            (
                "mein Hund riecht aus dem Maul",
                "macht ihr Zahnstein weg bei Katzen",
                "mein Kater hat einen kaputten Zahn",
                "putzt ihr Hundezähne",
                "muss man zum Zahnreinigen eine Narkose machen",
            ),
        ),
    ),
    (
        "verkauft ihr auch Hundeleinen",
        "könnt ihr meinen Hund während dem Urlaub nehmen",
        "wie wird das Wetter",
        "sucht ihr eine Assistentin",
        "macht ihr auch Hundetraining",
        "gibt es bei euch einen Hundefriseur",
    ),
)

RESTAURANT = Business(
    "Gasthaus zur Linde",
    "en-GB",
    open_on("wed thu fri sat", "11:30", "23:00") | open_on("sun", "11:30", "16:00"),
    (
        "what time do you open for dinner",
        "are you open on sunday",
        "until when does the kitchen serve",
        "when do you close tonight",
    ),
    (
        (
            "Can I reserve a table?",
            "Yes, tell me the day, time and number of people and I will note it; for groups "
            "over eight please call us.",
            ("table booking",),
            (
                "I'd like to book for four people on friday night",
                "do you have room for two tonight",
                "can you hold a spot for us at seven",
                "we're a party of six, can we come on saturday",
                "is it possible to get a booking for dinner",
            ),
        ),
        (
            "Do you have vegetarian dishes?",
            "Yes, there are always three meatless main courses on the menu, and vegan dishes "
            "on request.",
            ("vegan",),
            (
                "I don't eat meat, is there something for me",
                "do you cater for vegans",
                "anything without meat on the menu",
                "my daughter is veggie, what can she eat",
                "are there plant based options",
            ),
        ),
        (
            "What does the lunch menu cost?",
            "The weekday lunch menu, soup and main course, is 11.90 euros from 11:30 to 2 pm.",
            ("set lunch",),
            (
                "how much is the set lunch",
                "what's the price of the midday meal",
                "is the daily special cheap",
                "how much for soup and a main at noon",
                "what do you charge at lunchtime",
            ),
        ),
        (
            "Do you deliver?",
            "We do not deliver ourselves, but you can order on Lieferando or pick up your "
            "food; takeaway is 10 percent cheaper.",
            ("takeaway",),
            (
                "can I order food to my home",
                "can I get it to take away",
                "are you on lieferando",
                "can I collect a schnitzel",
                "do you bring food to the office",
            ),
        ),
        (
            "Do you have a garden?",
            "Yes, our shady garden under the linden tree is open from May to September when "
            "the weather is good.",
            ("terrace",),
            (
                "can we sit outside",
                "do you have outdoor seating",
                "is there a terrace",
                "can we eat outdoors in summer",
                "any tables in the open air",
            ),
        ),
        (
            "Can you cater for allergies?",
            "Yes, our menu lists the 14 allergens and the kitchen cooks gluten or lactose "
            "free on request.",
            ("gluten free",),
            (
                "I'm coeliac, can I eat at your place",
                "is there gluten in the schnitzel",
                "my son has a nut allergy",
                "do you have lactose free food",
                "can the chef leave out the dairy",
            ),
        ),
        (
            "Do you host parties?",
            "Yes, our side room seats up to 40 guests for birthdays, weddings or company "
            "dinners; we put a set menu together with you.",
            ("private room",),
            (
                "we want to celebrate a birthday with 30 people",
                "can we rent a room just for us",
                "are you good for a christmas dinner with my team",
                "do you do wedding receptions",
                "is there space for a big group event",
            ),
        ),
        (
            "Where are you?",
            "We are at Linzer Strasse 120 in the 14th district; tram 49 stops right outside.",
            ("address",),
            (
                "what's your address",
                "how do I get to you by tram",
                "which district are you in",
                "how do I find the restaurant",
                "what street is it on",
            ),
        ),
        (
            "Can I bring my dog?",
            "Dogs are welcome in the garden and in the bar room; we have water bowls.",
            ("pets",),
            (
                "are pets allowed",
                "can my puppy come along",
                "is it ok to have the doggy with us",
                "do you allow animals inside",
                "we have a labrador, is that a problem",
            ),
        ),
        (
            "Do you take cards?",
            "Yes, all major cards and Apple Pay, with no minimum amount.",
            ("card payment",),
            (
                "can I pay with visa",
                "do you accept contactless",
                "is it cash only",
                "can I pay with my phone",
                "do you take american express",
            ),
        ),
        (
            "Do you sell vouchers?",
            "Yes, gift vouchers for any amount, at the bar or sent by post.",
            ("gift voucher",),
            (
                "I'd like to give someone a meal as a present",
                "can I buy a gift card",
                "do you have gift certificates",
                "can I buy a dinner for two as a gift",
                "do you do those coupons for a birthday present",
            ),
        ),
    ),
    (
        "do you have wifi",
        "is there a cinema nearby",
        "who won the match last night",
        "are you hiring waiters",
        "can you recommend a hotel",
        "do you sell christmas trees",
    ),
)

YOGA = Business(
    "Prana Yoga",
    "en-GB",
    open_on("mon tue wed thu fri", "07:00", "21:00") | open_on("sat", "09:00", "14:00"),
    (
        "when are you open",
        "is the studio open on sundays",
        "how late are you open",
        "are you open at the weekend",
    ),
    (
        (
            "Do you have classes for beginners?",
            "Yes, our Yoga Basics class on Monday and Thursday at 6 pm is made for people who "
            "have never done yoga.",
            ("yoga basics",),
            (
                "I've never done yoga, is there something for me",
                "is it ok if I'm a complete newbie",
                "I'm not flexible at all, can I join",
                "which class is good to start with",
                "is there an intro course",
            ),
        ),
        (
            "How much is a class?",
            "A drop-in class is 18 euros, a 10-class card 150 euros, unlimited monthly 89 euros.",
            ("prices",),
            (
                "what's the price of a single session",
                "how much is the monthly membership",
                "do you have a ten pass and what does it cost",
                "is it expensive to come once",
                "what are your rates",
            ),
        ),
        (
            "Do I need to bring a mat?",
            "No, mats, blocks and blankets are free to use; bring a towel and water.",
            ("equipment",),
            (
                "should I bring my own equipment",
                "do you provide yoga mats",
                "what do I need with me",
                "do I have to buy a mat first",
                "can I borrow a mat",
            ),
        ),
        (
            "Is there a trial class?",
            "Your first class is free of charge; just sign up online or by phone.",
            ("free first class",),
            (
                "can I try it out once for free",
                "is the first lesson free",
                "can I come and see if I like it",
                "do you do a free taster",
                "can I test a class before I pay",
            ),
        ),
        (
            "What should I wear?",
            "Comfortable clothes you can move in; we practise barefoot, and there are changing "
            "rooms and showers.",
            ("clothes",),
            (
                "is there a dress code",
                "do I need special clothing",
                "can I wear my gym leggings",
                "are there showers",
                "where do I get changed",
            ),
        ),
        (
            "Do you offer prenatal yoga?",
            "Yes, pregnancy yoga runs on Wednesday at 10 am, from the 13th week with your "
            "doctor's ok.",
            ("pregnancy yoga",),
            (
                "I'm pregnant, can I still practise",
                "is there a class for expecting mothers",
                "I'm in my second trimester, which class can I take",
                "do you do yoga for moms to be",
                "is it safe while I'm expecting",
            ),
        ),
        (
            "How do I cancel a class?",
            "Cancel in the app up to 4 hours before; later cancellations count as a class.",
            ("cancel booking",),
            (
                "I can't come tonight, what do I do",
                "can I get out of a session I signed up for",
                "what happens if I miss my class",
                "how late can I drop out",
                "I need to take myself off tomorrow's session",
            ),
        ),
        (
            "Can I cancel my membership?",
            "The monthly membership can be ended with one month's notice, by e-mail.",
            ("end membership",),
            (
                "how do I quit my subscription",
                "is there a minimum term",
                "how do I end my contract",
                "am I tied in for a year",
                "I'm moving away, can I stop my monthly plan",
            ),
        ),
        (
            "Do you have private lessons?",
            "Yes, one-to-one sessions are 70 euros for 60 minutes, at the studio or at your home.",
            ("one to one",),
            (
                "can I book a one on one",
                "do you do personal sessions",
                "could a teacher come to my house",
                "I'd like an individual session just for me",
                "do you offer personal training",
            ),
        ),
        (
            "Where is the studio?",
            "We are at Lendplatz 8, first floor, in Graz; trams 1, 3, 6 and 7 stop at "
            "Suedtiroler Platz.",
            ("address",),
            (
                "what's the address",
                "how do I get there by tram",
                "which floor are you on",
                "where exactly in graz",
                "what's the closest stop",
            ),
        ),
        (
            "Is there parking?",
            "There is no parking at the studio; the Lendplatz garage is a three-minute walk.",
            ("car park",),
            (
                "where can I leave the car",
                "can I come by car",
                "is there a garage near you",
                "can I park on the street",
                "where do I put my car",
            ),
        ),
    ),
    (
        "do you sell protein shakes",
        "do you offer massages",
        "what's the weather tomorrow",
        "do you have a sauna",
        "are you hiring instructors",
        "can I buy a bicycle",
    ),
)

FLORIST = Business(
    "Blumen Koller",
    "en-GB",
    open_on("mon tue wed thu fri", "08:00", "18:30") | open_on("sat", "08:00", "13:00"),
    (
        "when are you open",
        "are you open on sunday mornings",
        "how late can I pick up flowers today",
        "what time do you close on saturdays",
    ),
    (
        (
            "Do you deliver flowers?",
            "Yes, we deliver in Vienna on the same day if you order by 1 pm; delivery costs 9 "
            "euros.",
            ("delivery",),
            (
                "can you send a bouquet to my mother",
                "can you bring the flowers to a hospital",
                "can the roses be sent to an address in the third district",
                "do you ship",
                "can someone drop off flowers at my office",
            ),
        ),
        (
            "How much is a bouquet?",
            "Hand-tied bouquets start at 25 euros; tell us your budget and we make one to suit it.",
            ("prices",),
            (
                "what does a bunch of roses cost",
                "how much would I spend on a nice arrangement",
                "what are your prices",
                "can I get something for 30 euros",
                "are your flowers expensive",
            ),
        ),
        (
            "Do you do wedding flowers?",
            "Yes, bridal bouquets, buttonholes and table decorations; we meet you for a free "
            "consultation first.",
            ("bridal bouquet",),
            (
                "I'm getting married in june, can you do the bouquet",
                "we need decorations for our reception tables",
                "do you decorate churches",
                "can we meet to plan the flowers for our big day",
                "do you do bridal bouquets",
            ),
        ),
        (
            "Do you make funeral wreaths?",
            "Yes, wreaths and sprays for funerals, with a ribbon and your text; please order "
            "two days ahead.",
            ("wreath",),
            (
                "my grandfather died, I need flowers for the service",
                "can I order a wreath",
                "I need something for a burial",
                "do you do sympathy arrangements",
                "I need flowers for a memorial",
            ),
        ),
        (
            "Can I order online?",
            "Yes, in our web shop, or by phone and e-mail.",
            ("web shop",),
            (
                "do you have a website where I can buy",
                "is there a web shop",
                "can I buy flowers from home on the internet",
                "do you have an app",
                "can I order by email",
            ),
        ),
        (
            "Do you have potted plants?",
            "Yes, indoor and balcony plants, orchids and herbs; in spring also vegetable "
            "seedlings.",
            ("house plants",),
            (
                "do you sell orchids",
                "I'm looking for something for my balcony",
                "do you have houseplants",
                "do you sell herbs in pots",
                "something green for my office that lasts",
            ),
        ),
        (
            "How long do cut flowers last?",
            "With fresh water every two days most of our flowers last 7 to 10 days; we add "
            "flower food.",
            ("care tips",),
            (
                "how do I keep my roses fresh",
                "how many days will the bouquet stay nice",
                "my tulips are drooping already, what do I do",
                "any tips to make them last longer",
                "do your flowers keep for a week",
            ),
        ),
        (
            "Which payment methods do you take?",
            "Cash, all debit and credit cards, and invoices for companies.",
            ("card payment",),
            (
                "can I pay with my bank card",
                "do you accept visa",
                "can my company get an invoice",
                "is apple pay ok",
                "can I pay on account",
            ),
        ),
        (
            "Do you do flowers for companies?",
            "Yes, weekly flowers for offices, hotels and restaurants; we bring fresh "
            "arrangements every Monday.",
            ("office flowers",),
            (
                "we'd like fresh flowers in our reception every week",
                "do you have a subscription for businesses",
                "can you supply our hotel lobby",
                "regular flowers for my office",
                "do you have corporate clients",
            ),
        ),
        (
            "Where is your shop?",
            "We are at Landstrasser Hauptstrasse 52 in the third district, next to the U3 "
            "station Rochusgasse.",
            ("address",),
            (
                "what's your address",
                "which underground station is closest",
                "how do I find you",
                "where are you located",
                "what street are you on",
            ),
        ),
    ),
    (
        "do you sell chocolates",
        "can you recommend a good restaurant",
        "do you have garden furniture",
        "what's the weather like",
        "are you hiring",
        "do you repair lawnmowers",
    ),
)

BUSINESSES = (CAR_REPAIR, DRIVING_SCHOOL, VET, RESTAURANT, YOGA, FLORIST)
