"""The single words of each concept the matcher knows (integrations.dialogue.concepts), in
German (de) and English (en): concept → language → its words, apart by spaces. Written as a
caller's words are folded (lower case, umlauts as ae/oe/ue, ß as ss); the matcher stems them
when it builds its tables.
"""

from __future__ import annotations

CONCEPTS: dict[str, dict[str, str]] = {
    "price": {
        "en": "price prices cost costs charge fee expensive cheap rate rates tariff euro euros "
        "much pricing pricelist afford discount spend budget",
        "de": "preis preise kosten kostet teuer guenstig billig gebuehr tarif euro preisliste "
        "kostenpunkt wieviel verlangen rabatt ermaessigung kost verrechnen betrag "
        "gesamtbetrag",
    },
    "payment": {
        "en": "pay paying payment card cards credit debit visa mastercard maestro amex cash "
        "contactless paypal bancomat invoice transfer",
        "de": "zahlen bezahlen bezahlung zahlung karte kreditkarte bankomat bankomatkarte "
        "bar bargeld kontaktlos maestro visa mastercard paypal ec rechnung begleichen "
        "ueberweisung ueberweisen",
    },
    "location": {
        "en": "address located location street find situated directions road whereabouts where "
        "district floor neighbourhood neighborhood area",
        "de": "adresse wo strasse gasse finden befinden liegen lage anfahrt hausnummer "
        "standort weg bezirk stadtteil stock stockwerk gegend viertel",
    },
    # The business itself, whatever the trade calls it: "where is the shop" asks the same
    # as "where is the salon".
    "premises": {
        "en": "shop store salon practice office studio clinic surgery business place premises",
        "de": "geschaeft laden salon praxis buero studio ordination lokal friseur betrieb",
    },
    "parking": {
        "en": "park parking garage",
        "de": "parken parkplatz parkplaetze garage tiefgarage stellplatz parkhaus "
        "parkmoeglichkeit abstellen",
    },
    # A car is what a garage repairs and a driving school drives; it asks for parking only
    # where nothing else is about cars (RELATED).
    "vehicle": {
        "en": "car cars vehicle vehicles auto",
        "de": "auto autos wagen fahrzeug fahrzeuge pkw kfz",
    },
    "transit": {
        "en": "bus tram train subway underground metro station stop transport",
        "de": "bus strassenbahn bim ubahn sbahn zug station haltestelle oeffi oeffis "
        "verkehrsmittel",
    },
    "booking": {
        "en": "book booking appointment appointments slot reserve reservation schedule "
        "available availability spot enrol enroll register registration table tables",
        "de": "termin termine buchen buchung reservieren reservierung vereinbaren ausmachen "
        "frei verfuegbar anmeldung anmelden einschreiben einschreibung tisch tische",
    },
    "cancel": {
        "en": "cancel cancellation reschedule postpone move miss",
        "de": "absagen absage stornieren storno stornierung verschieben verlegen umbuchen "
        "verpassen verpasse",
    },
    "hours": {
        "en": "open opening hours close closed closing shut early late",
        "de": "offen geoeffnet oeffnungszeiten oeffnungszeit geschlossen aufsperren "
        "zusperren oeffnen frueh spaet erreichbar besetzt",
    },
    # When: the days and times a caller names, which opening hours and bookings speak of.
    "day": {
        "en": "monday tuesday wednesday thursday friday saturday sunday weekday today "
        "tomorrow tonight morning afternoon evening noon night overnight week date time calendar",
        "de": "montag dienstag mittwoch donnerstag freitag samstag sonntag werktag heute "
        "morgen frueh vormittag nachmittag abend feierabend mittag nacht nachts woche datum "
        "zeit uhrzeit kalender",
    },
    "weekend": {
        "en": "saturday sunday weekend weekends holiday holidays",
        "de": "samstag sonntag wochenende feiertag feiertage samstags sonntags",
    },
    "children": {
        "en": "child children kid kids son daughter boy girl baby toddler",
        "de": "kind kinder sohn tochter bub buben maedchen baby",
    },
    "duration": {
        "en": "long duration minutes quick fast ready",
        "de": "dauer dauert lange minuten schnell fertig",
    },
    "voucher": {
        "en": "voucher vouchers gift present certificate coupon coupons",
        "de": "gutschein gutscheine geschenk geschenkgutschein schenken verschenken",
    },
    "contact": {
        "en": "phone email mail contact reach number call",
        "de": "telefon telefonnummer email mail kontakt erreichen nummer anrufen",
    },
    "accessibility": {
        "en": "wheelchair accessible accessibility stairs step steps lift elevator disabled",
        "de": "rollstuhl barrierefrei stufe stufen treppe lift aufzug behindert ebenerdig",
    },
    "pets": {
        "en": "dog dogs doggy pet pets animal animals puppy puppies cat cats kitten rabbit "
        "rabbits bird birds hamster tortoise horse horses pony",
        "de": "hund hunde huendin haustier haustiere tier tiere welpe welpen katze katzen kater "
        "hase hasen kaninchen vogel voegel meerschweinchen schildkroete schildkroeten pferd "
        "pferde pony",
    },
    # What is eaten, by people or animals: a diet, a menu, food.
    "food": {
        "en": "food foods diet feed",
        "de": "futter essen nahrung diaet schonkost trockenfutter nassfutter",
    },
    # What a kitchen is asked about.
    "vegetarian": {
        "en": "vegetarian vegetarians vegan vegans veggie meat meatless plant",
        "de": "vegetarisch vegetarier vegan veganer veggie fleisch fleischlos",
    },
    "allergy": {
        "en": "allergy allergies allergic allergen allergens gluten lactose coeliac celiac "
        "dairy intolerance intolerant nut nuts",
        "de": "allergie allergien allergiker allergisch allergen allergene gluten glutenfrei "
        "laktose laktosefrei unvertraeglichkeit zoeliakie nuss nuesse",
    },
    "outdoors": {
        "en": "outside outdoor outdoors garden terrace patio",
        "de": "draussen garten gastgarten schanigarten terrasse freien",
    },
    # Occasions people call about: a party, a wedding, a funeral.
    "celebration": {
        "en": "party parties celebrate celebration birthday wedding weddings married event "
        "events reception christmas anniversary",
        "de": "feier feiern fest geburtstag hochzeit heiraten veranstaltung event "
        "weihnachtsfeier firmenfeier jubilaeum",
    },
    "group": {
        "en": "group groups people guests persons team",
        "de": "gruppe gruppen personen leute gaeste gast",
    },
    "funeral": {
        "en": "funeral funerals burial memorial died death sympathy condolence grave",
        "de": "begraebnis beerdigung trauer trauerfeier verstorben gestorben grab",
    },
    "online": {
        "en": "online internet website web webshop app smartphone",
        "de": "online internet website webseite homepage webshop app handy smartphone",
    },
    "delivery": {
        "en": "deliver delivery deliveries send sent ship shipping courier",
        "de": "liefern lieferung zustellen zustellung schicken versenden versand lieferservice",
    },
    "takeaway": {
        "en": "takeaway collect pickup",
        "de": "abholen abholung",
    },
    "age": {
        "en": "age old aged",
        "de": "alter alt jahre mindestalter",
    },
    "trial": {
        "en": "trial try taster test",
        "de": "probe probestunde probetraining schnuppern schnupperstunde ausprobieren testen",
    },
    "beginner": {
        "en": "beginner beginners newbie novice newcomer intro introduction introductory basics",
        "de": "anfaenger anfaengerin einsteiger neuling einfuehrung einfuehrungskurs grundkurs",
    },
    "start": {
        "en": "start starts begin begins beginning",
        "de": "anfangen beginnen beginnt start starten startet einsteigen",
    },
    # Just for one: a private lesson, a room of one's own.
    "private": {
        "en": "private personal individual individually",
        "de": "privat privatstunde einzeln einzelstunde einzeltraining persoenlich",
    },
    "pregnancy": {
        "en": "pregnant pregnancy prenatal expecting trimester",
        "de": "schwanger schwangere schwangerschaft",
    },
    # A look-over, whatever is looked over: a car's service, a check-up, an inspection.
    "inspection": {
        "en": "inspection inspect service servicing maintenance checkup assessment",
        "de": "inspektion service wartung durchsicht ueberpruefung kontrolle check "
        "begutachtung begutachten gutachten",
    },
    "rent": {
        "en": "borrow rent rental hire lend loan",
        "de": "ausborgen borgen leihen ausleihen mieten miete verleih leih",
    },
    # How many or how often, which is not what it costs: "wie viele Stunden brauche ich".
    "amount": {
        "en": "",
        "de": "",
    },
    "membership": {
        "en": "membership member subscription contract term notice commitment tied",
        "de": "mitgliedschaft mitglied abo abonnement vertrag laufzeit mindestlaufzeit bindung "
        "gebunden kuendigungsfrist",
    },
    "installments": {
        "en": "installment installments instalment instalments monthly",
        "de": "rate raten ratenzahlung teilzahlung monatlich abstottern",
    },
    "clothing": {
        "en": "wear clothes clothing dress outfit shoes changed changing locker lockers",
        "de": "anziehen kleidung gewand tragen schuhe umziehen umkleide umkleiden garderobe",
    },
    "home": {
        "en": "home house",
        "de": "hause daheim zuhause hausbesuch",
    },
    "documents": {
        "en": "documents document papers paperwork passport certificate",
        "de": "unterlagen dokumente dokument papiere ausweis nachweis attest formular",
    },
    "equipment": {
        "en": "equipment gear mat mats",
        "de": "ausruestung matte matten",
    },
    "near": {
        "en": "near nearby closeby nearest closest",
        "de": "naehe nahe umgebung naechstgelegen",
    },
    "urgent": {
        "en": "urgent urgently emergency emergencies acute pain asap immediately accident "
        "bleeding injured injury poisoned poison",
        "de": "dringend notfall notfaelle notdienst akut schmerzen sofort unfall blutet bluten "
        "verletzt verletzung vergiftet giftig giftiges",
    },
    "insurance": {
        "en": "insurance insured insurer",
        "de": "versicherung versichert krankenkasse kasse oegk",
    },
    "bring": {
        "en": "bring",
        "de": "mitbringen mitnehmen",
    },
    "walkin": {
        "en": "walkin walkins spontaneous spontaneously",
        "de": "spontan laufkundschaft",
    },
    # What a garage, a vet, a dentist or a driving school is asked about in other words.
    "brand": {
        "en": "brand brands model models manufacturer volkswagen vw skoda tesla bmw audi "
        "toyota mercedes opel ford renault peugeot fiat hyundai kia mazda",
        "de": "marke marken modell modelle hersteller fabrikat volkswagen vw skoda tesla bmw "
        "audi toyota mercedes opel ford renault peugeot fiat hyundai kia mazda",
    },
    "breakdown": {
        "en": "breakdown broken tow towing towed stranded",
        "de": "panne pannenhilfe liegengeblieben liegengebliebene abschleppen abschleppdienst "
        "abschleppwagen",
    },
    "motorcycle": {
        "en": "motorcycle motorcycles motorbike motorbikes moped mopeds scooter",
        "de": "motorrad motorraeder moped mopeds roller zweirad zweiraeder",
    },
    "tyres": {
        "en": "tyre tyres tire tires wheel wheels rims",
        "de": "reifen rad raeder felgen patschen winterreifen sommerreifen",
    },
    "vaccination": {
        "en": "vaccine vaccines vaccination vaccinations vaccinate jab jabs shot shots booster "
        "rabies",
        "de": "impfung impfungen impfen impft spritze grundimmunisierung auffrischung "
        "tollwut heimtierausweis",
    },
    "teeth": {
        "en": "tooth teeth dental tartar gums mouth breath",
        "de": "zahn zaehne zahnstein zahnfleisch mund maul mundgeruch",
    },
    "estimate": {
        "en": "estimate quote quotation",
        "de": "kostenvoranschlag schaetzung voranschlag",
    },
}
