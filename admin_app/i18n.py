"""German and English, by the staff member's preference (User.locale).

Flask-Babel picks the language, which also switches Flask-Admin's and WTForms' own texts
(they ship German catalogues). Our texts are English and looked up in GERMAN below: a dict is
all a back office of this size needs, and a missing entry simply shows the English.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import Babel, LazyString, get_locale
from flask_login import current_user

SUPPORTED = ("de", "en")

babel = Babel()


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, default_timezone="Europe/Vienna")
    app.jinja_env.globals["t"] = t
    app.jinja_env.globals["current_language"] = current_language


def select_locale() -> str:
    if current_user.is_authenticated:
        return current_user.locale.split("-")[0]
    default = current_app.config["VOICEAGENT_SETTINGS"].default_locale.split("-")[0]
    return request.accept_languages.best_match(SUPPORTED) or default


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale else "en"


def lazy(text: str) -> LazyString:
    """`t(text)` evaluated when shown: for menu entries and labels made at start-up."""
    return LazyString(t, text)


def t(text: str, **values: object) -> str:
    """`text` in the current language; `{name}` placeholders filled from `values`."""
    if current_language() == "de":
        text = GERMAN.get(text, text)
    return text.format(**values) if values else text


GERMAN: dict[str, str] = {
    # Login and account
    "Staff login": "Anmeldung für Mitarbeiter",
    "E-mail address": "E-Mail-Adresse",
    "Password": "Passwort",
    "Log in": "Anmelden",
    "Log out": "Abmelden",
    "Log out everywhere": "Überall abmelden",
    "My account": "Mein Konto",
    "Please log in to continue.": "Bitte melden Sie sich an, um fortzufahren.",
    "E-mail address or password is wrong.": "E-Mail-Adresse oder Passwort ist falsch.",
    "This account is disabled. Please contact your administrator.": (
        "Dieses Konto ist deaktiviert. Bitte wenden Sie sich an Ihre Administration."
    ),
    "Too many failed attempts. Please wait 15 minutes and try again.": (
        "Zu viele Fehlversuche. Bitte warten Sie 15 Minuten und versuchen Sie es dann erneut."
    ),
    "This is the back office for VoiceAgent staff. Customers log in at the customer portal:": (
        "Dies ist der Verwaltungsbereich für VoiceAgent-Mitarbeiter. Kunden melden sich im"
        " Kundenportal an:"
    ),
    "You have been logged out.": "Sie wurden abgemeldet.",
    "You have been logged out on every device.": "Sie wurden auf allen Geräten abgemeldet.",
    "Your session has ended. Please log in again.": (
        "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."
    ),
    "Change password": "Passwort ändern",
    "Current password": "Aktuelles Passwort",
    "New password": "Neues Passwort",
    "Repeat the new password": "Neues Passwort wiederholen",
    "The current password is wrong.": "Das aktuelle Passwort ist falsch.",
    "The two new passwords differ.": "Die beiden neuen Passwörter sind verschieden.",
    "The password needs at least 10 characters.": "Das Passwort braucht mindestens 10 Zeichen.",
    # services/text_input.py: what any form field may hold
    "This text is too long.": "Dieser Text ist zu lang.",
    "Please remove the invisible control characters from this text.": (
        "Bitte entfernen Sie die unsichtbaren Steuerzeichen aus diesem Text."
    ),
    "This text contains a broken character. Please type it again.": (
        "Dieser Text enthält ein ungültiges Zeichen. Bitte geben Sie ihn neu ein."
    ),
    "Your password was changed. Every other session has been ended.": (
        "Ihr Passwort wurde geändert. Alle anderen Sitzungen wurden beendet."
    ),
    "Language": "Sprache",
    "Save": "Speichern",
    "Your language was saved.": "Ihre Sprache wurde gespeichert.",
    "Ends every session of yours, on every device, this one included.": (
        "Beendet alle Ihre Sitzungen auf allen Geräten, auch diese."
    ),
    "The form has expired. Please try again.": (
        "Das Formular ist abgelaufen. Bitte versuchen Sie es erneut."
    ),
    "You may not do this.": "Das dürfen Sie nicht.",
    "Something went wrong. Please try again; if it keeps happening, tell the platform team.": (
        "Etwas ist schiefgegangen. Bitte versuchen Sie es erneut; wenn es wieder passiert,"
        " melden Sie es dem Plattform-Team."
    ),
    # Home
    "Home": "Start",
    "Active tenants": "Aktive Kunden",
    "Calls today": "Anrufe heute",
    "Minutes this month": "Minuten diesen Monat",
    "Invoiced this month": "Verrechnet diesen Monat",
    "Open tickets": "Offene Tickets",
    "Failed jobs": "Fehlgeschlagene Aufträge",
    "Call minutes per day, last 30 days": "Gesprächsminuten pro Tag, letzte 30 Tage",
    # Menu
    "Customers": "Kunden",
    "Tenants": "Kunden",
    "Users": "Benutzer",
    "Bots": "Bots",
    "Phone numbers": "Rufnummern",
    "Calls": "Anrufe",
    "Call turns": "Gesprächsbeiträge",
    "Usage": "Verbrauch",
    "Billing": "Abrechnung",
    "Invoices": "Rechnungen",
    "Invoice lines": "Rechnungsposten",
    "Price plans": "Tarife",
    "Support": "Support",
    "Tickets": "Tickets",
    "Ticket messages": "Ticket-Nachrichten",
    "Operations": "Betrieb",
    "Provisioning jobs": "Bereitstellungsaufträge",
    "Credentials": "Zugangsdaten",
    "Audit log": "Änderungsprotokoll",
    "E-mails": "E-Mails",
    "Webhook events": "Webhook-Ereignisse",
    "Queues": "Warteschlangen",
    # Tenant page
    "Tenant": "Kunde",
    "Status": "Status",
    "Price plan": "Tarif",
    "Concurrent-call limit": "Gleichzeitige Anrufe (Limit)",
    "Suspend": "Sperren",
    "Reactivate": "Entsperren",
    "Suspend this tenant? Its bots stop taking calls at once.": (
        "Diesen Kunden sperren? Seine Bots nehmen sofort keine Anrufe mehr an."
    ),
    "Change": "Ändern",
    "Set": "Setzen",
    "No plan": "Kein Tarif",
    "This month": "Dieser Monat",
    "Minutes": "Minuten",
    "Cost so far": "Kosten bisher",
    "Profile": "Profil",
    "Actions": "Aktionen",
    "Name": "Name",
    "Role": "Rolle",
    "Active": "Aktiv",
    "Number": "Nummer",
    "Period": "Zeitraum",
    "Total": "Summe",
    "Subject": "Betreff",
    "Priority": "Priorität",
    "Assignee": "Zuständig",
    "Age": "Alter",
    "None": "Keine",
    "The tenant was suspended. Its bots no longer take calls.": (
        "Der Kunde wurde gesperrt. Seine Bots nehmen keine Anrufe mehr an."
    ),
    "The tenant was reactivated.": "Der Kunde wurde entsperrt.",
    "The price plan was changed.": "Der Tarif wurde geändert.",
    "The concurrent-call limit was set.": "Das Limit für gleichzeitige Anrufe wurde gesetzt.",
    "Please enter a whole number from 0 to 1000.": (
        "Bitte geben Sie eine ganze Zahl von 0 bis 1000 ein."
    ),
    "This tenant does not exist.": "Diesen Kunden gibt es nicht.",
    "Phone numbers in Austria": "Telefonnummern in Österreich",
    "Twilio sells Austrian numbers only with a business address and an approved bundle.": (
        "Twilio verkauft eine österreichische Nummer nur mit der Geschäftsadresse und einem "
        "genehmigten Regulierungs-Bundle."
    ),
    "Business address": "Geschäftsadresse",
    "None yet: the customer enters it under Settings (billing address).": (
        "Noch keine: Der Kunde trägt sie unter Einstellungen (Rechnungsadresse) ein."
    ),
    "Regulatory bundle": "Regulierungs-Bundle",
    "The platform's own": "Das der Plattform",
    "None: Austrian numbers cannot be bought": (
        "Keines: Österreichische Nummern können nicht gekauft werden"
    ),
    "The tenant's bundle": "Bundle des Kunden",
    "The regulatory bundle was saved.": "Das Regulierungs-Bundle wurde gespeichert.",
    "A bundle's id starts with BU and has 34 characters (Twilio console).": (
        "Die Kennung eines Bundles beginnt mit BU und hat 34 Zeichen (Twilio-Konsole)."
    ),
    # Support desk
    "Thread": "Verlauf",
    "Reply to the customer": "Antwort an den Kunden",
    "Internal note (the customer never sees it)": "Interne Notiz (der Kunde sieht sie nie)",
    "Send": "Senden",
    "internal note": "interne Notiz",
    "Assign": "Zuweisen",
    "Unassigned": "Niemand",
    "Open": "Offen",
    "Waiting on customer": "Wartet auf Kunden",
    "Resolved": "Gelöst",
    "Closed": "Geschlossen",
    "Your reply was sent.": "Ihre Antwort wurde gesendet.",
    "Your internal note was saved.": "Ihre interne Notiz wurde gespeichert.",
    "The status was changed.": "Der Status wurde geändert.",
    "The ticket was assigned.": "Das Ticket wurde zugewiesen.",
    "This ticket does not exist.": "Dieses Ticket gibt es nicht.",
    "Please write a message.": "Bitte schreiben Sie eine Nachricht.",
    "This ticket is closed. Please open a new one.": (
        "Dieses Ticket ist geschlossen. Bitte eröffnen Sie ein neues."
    ),
    "Open the thread": "Verlauf öffnen",
    "customer": "Kunde",
    "staff": "Team",
    # Credentials
    "Add or replace a credential": "Zugangsdaten hinzufügen oder ersetzen",
    "Provider": "Anbieter",
    "Key name": "Schlüsselname",
    "Value": "Wert",
    "Platform-wide": "Plattformweit",
    "Delete": "Löschen",
    "Delete this credential?": "Diese Zugangsdaten löschen?",
    "The credential was saved.": "Die Zugangsdaten wurden gespeichert.",
    "The credential was deleted.": "Die Zugangsdaten wurden gelöscht.",
    "Stored values are shown masked: only their last four characters.": (
        "Gespeicherte Werte werden maskiert gezeigt: nur die letzten vier Zeichen."
    ),
    "This does not look like a complete key.": (
        "Das sieht nicht nach einem vollständigen Schlüssel aus."
    ),
    "Please choose a provider.": "Bitte wählen Sie einen Anbieter.",
    "Please choose a status.": "Bitte wählen Sie einen Status.",
    "Please choose an active price plan.": "Bitte wählen Sie einen aktiven Tarif.",
    "This tenant is already suspended.": "Dieser Kunde ist bereits gesperrt.",
    "This tenant is already active.": "Dieser Kunde ist bereits aktiv.",
    "This page does not exist.": "Diese Seite gibt es nicht.",
    "Leave empty to keep the current password.": "Leer lassen, um das Passwort zu behalten.",
    "This clashes with existing data (a duplicate, or a missing reference).": (
        "Das widerspricht vorhandenen Daten (ein Duplikat oder ein fehlender Verweis)."
    ),
    "This credential does not exist.": "Diese Zugangsdaten gibt es nicht.",
    # Users and roles
    "Grant platform-admin rights": "Plattform-Adminrechte vergeben",
    "Platform admins may change everything, for every tenant. Tick this to make this person one.": (
        "Plattform-Admins dürfen alles ändern, bei jedem Kunden. Ankreuzen, um diese Person zu"
        " einem zu machen."
    ),
    "To make someone a platform admin, also tick “Grant platform-admin rights”.": (
        "Um jemanden zum Plattform-Admin zu machen, kreuzen Sie auch"
        " „Plattform-Adminrechte vergeben“ an."
    ),
    "Staff (platform admin, support) belong to no tenant: leave it empty.": (
        "Mitarbeiter (Plattform-Admin, Support) gehören zu keinem Kunden: bitte leer lassen."
    ),
    "A customer account needs a tenant: please choose one.": (
        "Ein Kundenkonto braucht einen Kunden: bitte wählen Sie einen."
    ),
    # Stored values in words (admin_app/labels.py)
    "Platform admin": "Plattform-Admin",
    "Customer administrator": "Kunden-Administrator",
    "Customer user": "Kunden-Benutzer",
    "Payment overdue": "Zahlung überfällig",
    "Suspended": "Gesperrt",
    "Draft": "Entwurf",
    "Getting a number": "Nummer wird besorgt",
    "Live": "Live",
    "Paused": "Pausiert",
    "Failed": "Fehlgeschlagen",
    "Deleted": "Gelöscht",
    "Released": "Freigegeben",
    "Queued": "Eingereiht",
    "Running": "Läuft",
    "Succeeded": "Erledigt",
    "Pending": "Ausstehend",
    "Sent": "Gesendet",
    "Delivered": "Zugestellt",
    "Paid": "Bezahlt",
    "Void": "Storniert",
    "Uncollectible": "Uneinbringlich",
    "Ringing": "Läutet",
    "In progress": "Im Gespräch",
    "Completed": "Beendet",
    "Busy": "Besetzt",
    "No answer": "Keine Antwort",
    "Canceled": "Abgebrochen",
    "Handed over": "Weitergeleitet",
    "Caller hung up": "Anrufer hat aufgelegt",
    "Silence": "Stille",
    "Too long": "Zu lang",
    "Rejected": "Abgewiesen",
    "Error": "Fehler",
    "Connection lost": "Verbindung abgebrochen",
    "VoiceAgent is unavailable for a moment. Please try again in a minute.": (
        "VoiceAgent ist kurz nicht erreichbar. Bitte versuchen Sie es in einer Minute noch einmal."
    ),
    "Caller": "Anrufer",
    "Bot": "Bot",
    "German (Austria)": "Deutsch (Österreich)",
    "English (US)": "Englisch (USA)",
    "Base fee": "Grundgebühr",
    "Call minutes": "Gesprächsminuten",
    "Phone number fee": "Rufnummerngebühr",
    "Adjustment": "Korrektur",
    "Call seconds": "Gesprächssekunden",
    "Number days": "Rufnummern-Tage",
    "Speech output characters": "Zeichen Sprachausgabe",
    "Speech recognition seconds": "Sekunden Spracherkennung",
    "Low": "Niedrig",
    "Normal": "Normal",
    "High": "Hoch",
    "Urgent": "Dringend",
    "Buy a number": "Nummer kaufen",
    "Release a number": "Nummer freigeben",
    "Stripe": "Stripe",
    "OpenAI": "OpenAI",
    "Twilio": "Twilio",
    "Google": "Google",
    "ElevenLabs": "ElevenLabs",
    "Heroku": "Heroku",
    "Read": "Lesen",
    "Read and write": "Lesen und schreiben",
    "Yes": "Ja",
    "Our own server (no cloud)": "Unser eigener Server (ohne Cloud)",
    "API key": "API-Schlüssel",
    "Secret key": "Geheimer Schlüssel",
    "Webhook signing secret": "Signaturgeheimnis für Webhooks",
    "Account SID": "Konto-SID",
    "Auth token": "Auth-Token",
    "Business address missing": "Geschäftsadresse fehlt",
    "Business address refused": "Geschäftsadresse abgelehnt",
    "Regulatory bundle missing": "Regulierungs-Bundle fehlt",
    "Regulatory bundle refused": "Regulierungs-Bundle abgelehnt",
    "Payment method added": "Zahlungsmittel hinterlegt",
    "Reason for the failure": "Grund des Fehlschlags",
    "No": "Nein",
    # Column names (admin_app/labels.py)
    "No.": "Nr.",
    "Short name": "Kurzname",
    "Created": "Angelegt",
    "Changed": "Geändert",
    "Billing e-mail": "Rechnungs-E-Mail",
    "Country": "Land",
    "Currency": "Währung",
    "Stripe customer": "Stripe-Kunde",
    "Overdue since": "Überfällig seit",
    "Suspended at": "Gesperrt am",
    "Last login": "Letzte Anmeldung",
    "Sessions ended (count)": "Beendete Sitzungen (Anzahl)",
    "Voice": "Stimme",
    "Speech recognition": "Spracherkennung",
    "Speech output": "Sprachausgabe",
    "Dialogue engine": "Dialog-Engine",
    "Greeting": "Begrüßung",
    "Instructions": "Anweisungen",
    "Hand-over number": "Weiterleitungsnummer",
    "Questions and answers": "Fragen und Antworten",
    "Opening hours": "Öffnungszeiten",
    "Longest call (seconds)": "Längster Anruf (Sekunden)",
    "SMS to callers about their bookings": "SMS an Anrufer zu ihren Terminen",
    "Silence timeout (seconds)": "Stille bis Auflegen (Sekunden)",
    "Deleted at": "Gelöscht am",
    "Provider id": "Anbieter-Kennung",
    "Provider account": "Anbieter-Konto",
    "Released at": "Freigegeben am",
    "Call": "Anruf",
    "Call SID": "Anruf-SID",
    "From": "Von",
    "To": "An",
    "Outcome": "Ergebnis",
    "Started": "Beginn",
    "Answered": "Angenommen",
    "Ended": "Ende",
    "Duration (seconds)": "Dauer (Sekunden)",
    "Transcript": "Gesprächsverlauf",
    (
        "Not shown: the customer has not given our staff access to transcripts and has no "
        "open support ticket."
    ): (
        "Nicht angezeigt: Der Kunde hat unseren Mitarbeitern keinen Zugriff auf "
        "Gesprächsverläufe gegeben und hat kein offenes Support-Ticket."
    ),
    "Order": "Reihenfolge",
    "Speaker": "Sprecher",
    "Text": "Text",
    "Starts at (ms)": "Beginnt bei (ms)",
    "Ends at (ms)": "Endet bei (ms)",
    "Recognition (ms)": "Erkennung (ms)",
    "Dialogue (ms)": "Dialog (ms)",
    "First audio (ms)": "Erster Ton (ms)",
    "Reply time (ms)": "Antwortzeit (ms)",
    "Interrupted": "Unterbrochen",
    "Opened by": "Eröffnet von",
    "Last message": "Letzte Nachricht",
    "Closed at": "Geschlossen am",
    "Ticket": "Ticket",
    "Author": "Verfasser",
    "Internal note": "Interne Notiz",
    "Message": "Nachricht",
    "Kind": "Art",
    "Quantity": "Menge",
    "Occurred": "Zeitpunkt",
    "Idempotency key": "Idempotenz-Schlüssel",
    "Invoice number": "Rechnungsnummer",
    "Invoice": "Rechnung",
    "Period from": "Zeitraum von",
    "Period to": "Zeitraum bis",
    "Net": "Netto",
    "Tax rate (basis points)": "Steuersatz (Basispunkte)",
    "Tax": "Steuer",
    "Stripe invoice": "Stripe-Rechnung",
    "Invoice page": "Rechnungsseite",
    "Issued": "Ausgestellt",
    "Due": "Fällig",
    "Position": "Position",
    "Description": "Beschreibung",
    "Longest call": "Längster Anruf",
    "Silence timeout": "Stille bis Auflegen",
    "Duration": "Dauer",
    "Starts at": "Beginnt bei",
    "Ends at": "Endet bei",
    "Recognition": "Erkennung",
    "Dialogue": "Dialog",
    "First audio": "Erster Ton",
    "Reply time": "Antwortzeit",
    "Unit price": "Stückpreis",
    "Amount": "Betrag",
    "Monthly fee": "Monatsgebühr",
    "Per minute": "Pro Minute",
    "Number fee per month": "Rufnummerngebühr pro Monat",
    "Unit price (cents)": "Stückpreis (Cent)",
    "Amount (cents)": "Betrag (Cent)",
    "Code": "Code",
    "Monthly fee (cents)": "Monatsgebühr (Cent)",
    "Included minutes": "Inklusivminuten",
    "Per minute (cents)": "Pro Minute (Cent)",
    "Number fee per month (cents)": "Rufnummerngebühr pro Monat (Cent)",
    "Attempts": "Versuche",
    "Last error": "Letzter Fehler",
    "Phone number": "Rufnummer",
    "Finished": "Abgeschlossen",
    "By": "Von",
    "Action": "Aktion",
    "Kind of record": "Art des Eintrags",
    "Record": "Eintrag",
    "Before": "Vorher",
    "After": "Nachher",
    "IP address": "IP-Adresse",
    "Event id": "Ereignis-Kennung",
    "Event type": "Ereignisart",
    "Received": "Empfangen",
    "Processed": "Verarbeitet",
    "Queue job": "Warteschlangen-Auftrag",
    "Steps begun": "Begonnene Schritte",
    # Paging the big tables
    "Call SID (CA…, complete)": "Anruf-SID (CA…, vollständig)",
    "First page": "Erste Seite",
    "Newer": "Neuer",
    "Older": "Älter",
    "Pages this deep are reached with the “Older” button or a filter "
    "(tenant, date). Showing the first page.": (
        "So tiefe Seiten erreichen Sie mit „Älter“ oder einem Filter (Kunde, Datum). "
        "Hier ist die erste Seite."
    ),
    "“{value}” does not fit this filter (numbers in digits 0-9, days from 2000 to 2100 as "
    "YYYY-MM-DD), so the filter was left out.": (
        "„{value}“ passt nicht zu diesem Filter (Zahlen mit den Ziffern 0-9, Tage von 2000 bis "
        "2100 als JJJJ-MM-TT); der Filter wurde weggelassen."
    ),
    # Provisioning
    "Retry": "Erneut versuchen",
    "Invoice a month": "Monat abrechnen",
    "Run now": "Jetzt starten",
    "The invoice run for {period} has started.": "Die Abrechnung für {period} läuft.",
    "The job was queued again.": "Der Auftrag wurde erneut eingereiht.",
    "{n} jobs were queued again.": "{n} Aufträge wurden erneut eingereiht.",
    "Job queues": "Warteschlangen",
    "This job no longer exists.": "Diesen Auftrag gibt es nicht mehr.",
}

# The appointment book (issue 13): bookings and services, read-only for staff.
GERMAN |= {
    "Bookings": "Termine",
    "Services": "Leistungen",
    "Service": "Leistung",
    "Starts": "Beginn",
    "Ends": "Ende",
    "Booked for": "Gebucht für",
    "Phone number": "Telefonnummer",
    "Party size": "Personen",
    "Booked through": "Gebucht über",
    "Cancelled at": "Storniert am",
    "Duration (minutes)": "Dauer (Minuten)",
    "Price": "Preis",
    "Bookings at once": "Termine gleichzeitig",
    "Offered by bots": "Angeboten von Bots",
    "Offered": "Angeboten",
    "Booked": "Gebucht",
    "Moved": "Verschoben",
    "Cancelled": "Storniert",
    "No-show": "Nicht erschienen",
    "Phone bot": "Telefon-Bot",
    "Portal": "Portal",
    "API": "API",
}

# Sign-up → trial → paying (issue 16): the default price plan.
GERMAN |= {
    "Default for new sign-ups": "Standard für neue Anmeldungen",
    "Make the default for new sign-ups": "Zum Standard für neue Anmeldungen machen",
    "Please tick exactly one price plan.": "Bitte wählen Sie genau einen Tarif aus.",
    "There is no such price plan.": "Diesen Tarif gibt es nicht.",
    "Only an active price plan can be the default.": (
        "Nur ein aktiver Tarif kann der Standard sein."
    ),
    "New sign-ups now start on {plan}.": "Neue Anmeldungen beginnen jetzt mit dem Tarif {plan}.",
}

# Messages the phone bot takes (issue 13), read-only for staff.
GERMAN |= {
    "Messages": "Nachrichten",
    "Caller's number": "Nummer des Anrufers",
    "About": "Anliegen",
    "Done by": "Erledigt von",
    "Done at": "Erledigt am",
    "New": "Neu",
    "Done": "Erledigt",
}

# Terms and privacy policy accepted at sign-up (issue 16): the user detail.
GERMAN |= {
    "Terms accepted (version)": "AGB akzeptiert (Fassung)",
    "Trial ends": "Testphase endet",
    "Trial reminder sent": "Erinnerung zur Testphase gesendet",
    "Billing street": "Rechnungsadresse: Straße",
    "Billing postal code": "Rechnungsadresse: Postleitzahl",
    "Billing city": "Rechnungsadresse: Ort",
    "VAT number": "UID-Nummer",
    "Monthly spending limit (cents)": "Monatliches Ausgabenlimit (Cent)",
    "Monthly spending limit": "Monatliches Ausgabenlimit",
    "Staff may read transcripts until": "Mitarbeiter dürfen Gespräche lesen bis",
    "EU processing only": "Nur Verarbeitung in der EU",
    "Data processing agreement version": "Version der Auftragsverarbeitungsvereinbarung",
    "Data processing agreement accepted": "Auftragsverarbeitungsvereinbarung angenommen",
    "Stripe sync started": "Abgleich mit Stripe begonnen",
    "Reverse charge": "Steuerschuldnerschaft des Leistungsempfängers",
    "Seller on the invoice": "Verkäufer auf der Rechnung",
    "Customer on the invoice": "Kunde auf der Rechnung",
    "Transcripts kept (days)": "Gesprächsprotokolle aufbewahrt (Tage)",
    "Call details kept (months)": "Anrufdaten aufbewahrt (Monate)",
    "Bookings kept (months)": "Termine aufbewahrt (Monate)",
    "Messages kept (days)": "Nachrichten aufbewahrt (Tage)",
    "Terms accepted at": "AGB akzeptiert am",
    "Privacy policy accepted (version)": "Datenschutzerklärung akzeptiert (Fassung)",
    "Privacy policy accepted at": "Datenschutzerklärung akzeptiert am",
}
