"""The German half of the held-out set (see bench/understanding_heldout.py): a Viennese
Heuriger and a dental practice in Graz, callers speaking Austrian dialect. Tune nothing on it."""

from __future__ import annotations

from bench.understanding_heldout import Business, open_on

HEURIGER = Business(
    name="Heuriger Brandl",
    language="de-AT",
    hours=open_on("thu fri", "15:00", "23:00")
    | open_on("sat", "12:00", "23:00")
    | open_on("sun", "12:00", "22:00"),
    hours_said=(
        "Habt's ihr am Sonntag offen?",
        "Bis wann habt's heut offen?",
        "Ab wann kann ma am Donnerstag kommen?",
        "Wann sperrt's auf?",
        "Seid's am Montag da?",
    ),
    faq=(
        (
            "Kann man einen Tisch reservieren?",
            (
                "Ja, Tische ab 6 Personen können Sie telefonisch oder per E-Mail reservieren. "
                "Kleinere Gruppen setzen sich einfach dazu, solange Platz ist."
            ),
            ("Tischreservierung", "Kann ich einen Platz reservieren?"),
            (
                "Kann i für Samstag an Platz für acht Leut' vormerken lassen?",
                "Muss ma vorher anrufen, wenn wir zu zehnt kommen?",
                "Tisch buchen",
                "I hätt gern für morgen Abend was für vier Personen, geht des?",
                "Kann ma bei eich was freihalten lassen?",
            ),
        ),
        (
            "Wann ist bei euch ausg'steckt?",
            (
                "Heuer haben wir von 1. bis 20. März, 10. Mai bis 2. Juni, 15. August bis 7. "
                "September und 20. Oktober bis 15. November ausg'steckt."
            ),
            ("Wann habt ihr geöffnet im Jahr?", "Ausschank Termine"),
            (
                "Welche Wochen habt's heuer offen?",
                "Seid's im August offen?",
                "Wann is die nächste Ausschankzeit?",
                "Habt's ihr im Herbst auch?",
                "In welchen Monaten kann ma zu eich kommen?",
            ),
        ),
        (
            "Gibt es vegetarische Speisen am Buffet?",
            (
                "Ja, wir haben täglich Liptauer, Kürbiskernaufstrich, Erdäpfelkas, Gemüsestrudel "
                "und Käse. Fleisch gibt es natürlich auch."
            ),
            ("Gibt es etwas ohne Fleisch?", "Vegetarisch essen"),
            (
                "Habt's ihr auch was ohne Fleisch?",
                "Meine Frau isst ka Fleisch, gibt's für die was?",
                "Was gibt's für Vegetarier?",
                "Gibt's bei eich was Veganes?",
                "Was kann ma bei eich essen, wenn ma ka Wurst mag?",
            ),
        ),
        (
            "Kann man bei euch Wein kaufen und mitnehmen?",
            (
                "Ja, alle unsere Weine gibt es ab Hof in der Flasche zu kaufen, auch außerhalb "
                "der Öffnungszeiten nach telefonischer Vereinbarung. Grüner Veltliner ab 7,50 "
                "Euro."
            ),
            ("Ab-Hof-Verkauf", "Verkaufen Sie Flaschenwein?"),
            (
                "Verkauft's ihr Flaschen ab Hof?",
                "Kann i a Kisterl Veltliner für daheim bei eich holen?",
                "Gibt's den Gemischten Satz auch in der Bouteille?",
                "Wo krieg i eiren Wein für z'haus?",
                "Kann ma bei eich a paar Flaschen einpacken lassen?",
            ),
        ),
        (
            "Sind Hunde erlaubt?",
            "Gut erzogene Hunde an der Leine sind im Garten willkommen, in der Stube leider nicht.",
            ("Darf ich meinen Hund mitnehmen?", "Hunde"),
            (
                "Derf i mein Hunderl mitbringen?",
                "Kann ma mit'm Dackel kommen?",
                "Nehm ma unsern Vierbeiner mit, passt des?",
                "Wie schaut's aus mit Haustieren?",
                "Is a Hund bei eich okay?",
            ),
        ),
        (
            "Wo kann man parken?",
            "Gratis Parkplätze gibt es direkt vor dem Haus und in der Stammersdorfer Kellergasse.",
            ("Gibt es Parkplätze?", "Parken"),
            (
                "Wo stell i mei Auto ab?",
                "Kann i mit'm Auto kommen, is da Platz?",
                "Wo kann i des Auto hinstellen?",
                "Parkmöglichkeit?",
                "Gibt's bei eich an Parkplatz?",
            ),
        ),
        (
            "Wie komme ich mit den Öffis zu euch?",
            (
                "Mit der Straßenbahnlinie 31 bis zur Endstation Stammersdorf, von dort sind es "
                "fünf Minuten zu Fuß die Kellergasse hinauf."
            ),
            ("Öffentliche Anreise", "Welche Straßenbahn fährt zu euch?"),
            (
                "Welche Bim fahrt zu eich?",
                "Wie kumm i ohne Auto hin?",
                "Was is die nächste Station?",
                "Wie weit is es von der Endstation vom 31er?",
                "Kann ma mit da U-Bahn hinfahren?",
            ),
        ),
        (
            "Kann man bei euch mit Karte zahlen?",
            "Ja, wir nehmen Bankomat- und Kreditkarten, natürlich auch Bargeld.",
            ("Kartenzahlung", "Nehmt ihr Kreditkarten?"),
            (
                "Nehmt's ihr Bankomat?",
                "Muss i Bargeld mitnehmen?",
                "Kann i mit'm Handy zahlen?",
                "Akzeptiert's ihr Visa?",
                "Geht bei eich nur bar?",
            ),
        ),
        (
            "Kann man bei euch eine Feier machen?",
            (
                "Ja, für Geburtstage, Firmenfeiern und Taufen vermieten wir unser Extrastüberl "
                "für bis zu 40 Personen, mit Buffet nach Wunsch."
            ),
            ("Geburtstagsfeier", "Kann man das Stüberl mieten?"),
            (
                "I möcht mein Fuchzigsten bei eich feiern, geht des?",
                "Habt's ihr an Raum für a Weihnachtsfeier von da Firma?",
                "Vermietet's ihr was für Gesellschaften?",
                "Mach ma a Taufe bei eich, is des möglich?",
                "Kann ma an Extraraum für a Party haben?",
            ),
        ),
        (
            "Habt ihr einen Spielplatz für Kinder?",
            (
                "Ja, im Garten gibt es eine Sandkiste, eine Schaukel und eine Rutsche. "
                "Kinderportionen gibt es auch."
            ),
            ("Ist es kinderfreundlich?", "Spielplatz"),
            (
                "Is bei eich was für die Kleinen zum Spielen?",
                "Habt's a Schaukel oder so?",
                "Kann ma mit Kleinkindern kommen?",
                "Gibt's a Sandkistn für die Kids?",
                "Is des was für Familien mit Bub und Mädl?",
            ),
        ),
        (
            "Was kostet ein Viertel Wein?",
            "Ein Viertel Grüner Veltliner kostet 3,80 Euro, ein Gespritzter 3,20 Euro.",
            ("Weinpreise", "Was kostet ein Glas Wein?"),
            (
                "Was kost' a Vierterl?",
                "Wie teuer is a Gspritzter?",
                "Was zahlt ma für a Achterl Weiß?",
                "Wie san die Preise fürs Glaserl?",
                "Was kostet bei eich a Roter?",
            ),
        ),
        (
            "Ist der Heurige barrierefrei?",
            "Ja, der Garten und die Stube sind ebenerdig, es gibt ein barrierefreies WC.",
            ("Rollstuhl", "Gibt es ein Behinderten-WC?"),
            (
                "Kommt ma mit'm Rollstuhl eini?",
                "Gibt's Stufen beim Eingang?",
                "Mei Oma geht mit'm Rollator, geht des bei eich?",
                "Is des rollstuhlgerecht?",
                "Habt's a WC für Behinderte?",
            ),
        ),
    ),
    out_of_scope=(
        "Habt's ihr WLAN?",
        "Gibt's bei eich a Mittagsmenü?",
        "Kann ma bei eich übernachten?",
        "Macht's ihr Catering?",
        "Spielt bei eich a Musik?",
        "Sucht's ihr a Kellnerin?",
        "Verkauft's ihr Gutscheine?",
        "Derf ma bei eich rauchen?",
    ),
)

DENTAL_PRACTICE = Business(
    name="Zahnarztpraxis Dr. Huber",
    language="de-AT",
    hours=open_on("mon tue wed thu", "08:00", "17:00") | open_on("fri", "08:00", "12:00"),
    hours_said=(
        "Haben Sie am Freitag Nachmittag offen?",
        "Wann sind Sie heute da?",
        "Bis wann kann ma anrufen?",
        "Ordinationszeiten?",
        "Seid's am Samstag da?",
    ),
    faq=(
        (
            "Nehmen Sie neue Patienten auf?",
            (
                "Ja, wir nehmen derzeit neue Patientinnen und Patienten auf. Für den ersten "
                "Termin bitte e-card und eventuelle Röntgenbilder mitbringen."
            ),
            ("Neue Patienten", "Kann ich Patient werden?"),
            (
                "Ich bin neu in Graz und such an Zahnarzt, haben Sie noch Platz?",
                "Nehmen's no wen?",
                "Kann i zu Ihnen wechseln?",
                "Sind Sie voll oder geht no was?",
                "Kann mei ganze Familie zu Ihnen kommen?",
            ),
        ),
        (
            "Haben Sie einen Kassenvertrag?",
            (
                "Wir haben Verträge mit allen Kassen (ÖGK, BVAEB, SVS). Manche Leistungen wie "
                "Mundhygiene sind Privatleistungen."
            ),
            ("Alle Kassen?", "Sind Sie Wahlarzt?"),
            (
                "Zahlt des die Kasse?",
                "Bin bei der ÖGK, geht des?",
                "Nehmen Sie die e-card?",
                "Übernimmt des die Versicherung?",
                "Seid's ihr a Kassenzahnarzt?",
            ),
        ),
        (
            "Was kostet eine Mundhygiene?",
            (
                "Eine professionelle Mundhygiene kostet bei uns 95 Euro und dauert etwa eine "
                "Stunde. Die ÖGK zahlt einen Zuschuss."
            ),
            ("Preis Mundhygiene", "Zahnreinigung Kosten"),
            (
                "Was kostet's, die Zähne reinigen lassen?",
                "Wie teuer is a Zahnreinigung?",
                "Was zahl i fürs Zahnstein entfernen?",
                "Preis für professionelle Reinigung?",
                "Was verlangt's ihr fürs Zähne putzen?",
            ),
        ),
        (
            "Was mache ich bei akuten Zahnschmerzen?",
            (
                "Rufen Sie bitte gleich in der Früh an, Schmerzpatienten nehmen wir am selben Tag"
                " dran. Am Wochenende hilft der zahnärztliche Notdienst unter 141."
            ),
            ("Notfall", "Ich habe Schmerzen"),
            (
                "Mir tut a Zahn so weh, kann i heut no kommen?",
                "Ich hab furchtbares Zahnweh, was soll ich tun?",
                "Mir is a Stück vom Zahn abgebrochen",
                "Wer hilft am Wochenende, wenn's dringend is?",
                "Mei Backe is ganz geschwollen, können's mich heut no drannehmen?",
            ),
        ),
        (
            "Wie vereinbare ich einen Termin?",
            (
                "Termine vereinbaren Sie telefonisch zu unseren Öffnungszeiten oder online über "
                "unsere Website."
            ),
            ("Termin ausmachen", "Terminvereinbarung"),
            (
                "I bräucht an Termin",
                "Wann hätten's was frei?",
                "Kann ich online buchen?",
                "Geht nächste Woche no was?",
                "Ich möcht mich für a Kontrolle anmelden.",
            ),
        ),
        (
            "Wie kann ich einen Termin absagen?",
            (
                "Bitte sagen Sie Termine mindestens 24 Stunden vorher telefonisch oder per E-Mail"
                " ab, sonst verrechnen wir 40 Euro."
            ),
            ("Termin stornieren", "Termin verschieben"),
            (
                "I kann morgen ned kommen, was jetzt?",
                "Ich muss meinen Termin leider canceln",
                "Kann ich den Termin auf nächste Woche legen?",
                "Was passiert, wenn i ned erschein?",
                "Ich bin krank und schaff's am Donnerstag nicht.",
            ),
        ),
        (
            "Wo ist die Praxis?",
            "Unsere Praxis ist in der Annenstraße 24, 8020 Graz, im 2. Stock mit Lift.",
            ("Adresse", "Wo finde ich Sie?"),
            (
                "Wie lautet Ihre Anschrift?",
                "Wo san Sie genau?",
                "In welchem Stock sind Sie?",
                "Welche Hausnummer in der Annenstraße?",
                "Wie komm ich zu Ihnen?",
            ),
        ),
        (
            "Behandeln Sie auch Kinder?",
            (
                "Ja, Kinder sind bei uns herzlich willkommen, wir nehmen uns für die Kleinen "
                "extra Zeit. Die erste Kontrolle empfehlen wir ab dem ersten Zahn."
            ),
            ("Kinderzahnarzt", "Kann ich mit meinem Kind kommen?"),
            (
                "Kann i mit meiner Tochter kommen, die is vier?",
                "Ab wann soll ma mit am Baby zum Zahnarzt?",
                "Mein Bua hat a Loch, schauen Sie sich das an?",
                "Seid's ihr auch für die Kleinen da?",
                "Nehmen Sie Volksschüler?",
            ),
        ),
        (
            "Bieten Sie Bleaching an?",
            (
                "Ja, wir machen professionelles Bleaching in der Praxis um 350 Euro, nach einer "
                "Mundhygiene."
            ),
            ("Zähne aufhellen", "Bleaching Preis"),
            (
                "Können's meine Zähne weißer machen?",
                "Machen Sie Zahnaufhellung?",
                "Was kostet Blieching?",
                "Ich hätt gern hellere Zähne",
                "Macht's ihr Zähne bleichen?",
            ),
        ),
        (
            "Sprechen Sie auch Englisch oder andere Sprachen?",
            "Dr. Huber spricht Englisch und Kroatisch, unsere Assistentin auch Türkisch.",
            ("Fremdsprachen", "Sprechen Sie Kroatisch?"),
            (
                "Mein Mann spricht kaum Deutsch, geht des?",
                "Spricht wer Bosnisch bei Ihnen?",
                "Kann der Doktor Englisch?",
                "Do you speak English?",
                "Gibt's bei Ihnen wen, der Türkisch kann?",
            ),
        ),
        (
            "Setzen Sie Implantate?",
            (
                "Ja, Dr. Huber setzt Implantate. Nach einem Beratungsgespräch bekommen Sie einen "
                "Kostenvoranschlag."
            ),
            ("Implantat", "Zahnersatz"),
            (
                "Mir fehlt a Zahn, was kann ma da machen?",
                "Machen Sie Schrauben in den Kiefer?",
                "Was kostet a Implantat ungefähr?",
                "Ich brauch an Ersatz für an Backenzahn",
                "Machen Sie künstliche Zahnwurzeln?",
            ),
        ),
        (
            "Was tun Sie bei Angst vor dem Zahnarzt?",
            (
                "Wir nehmen uns Zeit, erklären jeden Schritt, und bei Bedarf behandeln wir mit "
                "Lachgas-Sedierung."
            ),
            ("Angstpatienten", "Lachgas"),
            (
                "I fürcht mi furchtbar vorm Bohren",
                "Ich hab Panik beim Zahnarzt, könnt's ihr mich betäuben?",
                "Gibt's Lachgas bei Ihnen?",
                "Mei Frau traut sich ned zum Zahnarzt, was kann ma machen?",
                "Machen Sie Vollnarkose?",
            ),
        ),
    ),
    out_of_scope=(
        "Machen Sie auch Hausbesuche?",
        "Wie lang wart ma im Wartezimmer?",
        "Machen Sie Zahnspangen für Erwachsene?",
        "Kann ich bei Ihnen parken?",
        "Stellen Sie eine Krankenstandsbestätigung aus?",
        "Verkaufen's elektrische Zahnbürsten?",
        "Suchen Sie eine Assistentin?",
    ),
)
