# ruff: noqa: E501 — one translation per line reads best, however long it is
"""The portal's words in German and English: one dict per language, English as the key.

A text without a German entry shows in English, so a forgotten translation is visible but
never breaks a page. Service error messages (written in English) are translated the same way.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

VIENNA = ZoneInfo("Europe/Vienna")


class Texts:
    def __init__(self, locale: str) -> None:
        self.locale = "de-AT" if locale.startswith("de") else "en-US"
        self._words = LANGUAGES[self.locale[:2]]

    @property
    def german(self) -> bool:
        return self.locale == "de-AT"

    def __call__(self, text: str, **values: object) -> str:
        words = self._words.get(text, text)
        return words.format(**values) if values else words

    def money(self, cents: int, currency: str = "EUR") -> str:
        symbol = "€" if currency == "EUR" else currency
        amount = f"{cents / 100:,.2f}"
        if self.german:  # 1.234,56 €
            amount = amount.replace(",", "_").replace(".", ",").replace("_", ".")
            return f"{amount} {symbol}"
        return f"{symbol} {amount}"

    def number(self, value: float, digits: int = 0) -> str:
        text = f"{value:,.{digits}f}"
        if self.german:
            text = text.replace(",", "_").replace(".", ",").replace("_", ".")
        return text

    def when(self, moment: datetime | None) -> str:
        if moment is None:
            return "—"
        local = moment.astimezone(VIENNA)
        return local.strftime("%d.%m.%Y %H:%M" if self.german else "%Y-%m-%d %H:%M")

    def day(self, value: date) -> str:
        return value.strftime("%d.%m.%Y" if self.german else "%Y-%m-%d")

    def duration(self, seconds: int | None) -> str:
        if seconds is None:
            return "—"
        minutes, rest = divmod(int(seconds), 60)
        return f"{minutes}:{rest:02d}"


def texts(locale: str | None) -> Texts:
    return Texts(locale or "de-AT")


# Plain, friendly Austrian German ("Sie"), keyed by the English text.
GERMAN: dict[str, str] = {
    # Chrome and navigation
    "Dashboard": "Übersicht",
    "Bots": "Bots",
    "Calls": "Anrufe",
    "Usage": "Verbrauch",
    "Billing": "Rechnungen",
    "Support": "Hilfe",
    "Team": "Team",
    "Settings": "Einstellungen",
    "Log in": "Anmelden",
    "Log out": "Abmelden",
    "Log out everywhere": "Überall abmelden",
    "Back": "Zurück",
    "Not found": "Nicht gefunden",
    "Saved.": "Gespeichert.",
    "Cancel": "Abbrechen",
    "Delete": "Löschen",
    "Send": "Senden",
    "you": "Sie",
    "You": "Sie",
    "Your session has ended. Please log in again.": "Ihre Sitzung ist beendet. Bitte melden Sie sich neu an.",
    "Sorry, something went wrong.": "Das hat leider nicht geklappt.",
    "Sorry, something went wrong. Please try again.": "Das hat leider nicht geklappt. Bitte versuchen Sie es noch einmal.",
    "Please try again in a moment.": "Bitte versuchen Sie es gleich noch einmal.",
    "Back to the dashboard": "Zurück zur Übersicht",
    # Accounts
    "E-mail": "E-Mail",
    "Password": "Passwort",
    "Forgot your password?": "Passwort vergessen?",
    "Create an account": "Konto anlegen",
    "Create your account": "Ihr Konto anlegen",
    "Create account": "Konto anlegen",
    "I already have an account": "Ich habe schon ein Konto",
    "Company": "Firma",
    "Your name": "Ihr Name",
    "At least 10 characters.": "Mindestens 10 Zeichen.",
    "Language": "Sprache",
    "We will e-mail you a link to choose a new one.": "Wir schicken Ihnen einen Link für ein neues Passwort.",
    "Send link": "Link schicken",
    "Back to log in": "Zurück zur Anmeldung",
    "Choose a new password": "Neues Passwort wählen",
    "Ask for a new link": "Neuen Link anfordern",
    "New password": "Neues Passwort",
    "Repeat the password": "Passwort wiederholen",
    "Save password": "Passwort speichern",
    "Save password and log in": "Passwort speichern und anmelden",
    "The two passwords differ.": "Die beiden Passwörter sind nicht gleich.",
    "Welcome to VoiceAgent": "Willkommen bei VoiceAgent",
    "Hello {name}, please choose your password.": "Hallo {name}, bitte wählen Sie Ihr Passwort.",
    "This is a staff account. Please use the back office.": "Das ist ein Mitarbeiterkonto. Bitte verwenden Sie das Backoffice.",
    "E-mail address or password is wrong.": "E-Mail-Adresse oder Passwort ist falsch.",
    "This account is disabled. Please contact your administrator.": "Dieses Konto ist gesperrt. Bitte wenden Sie sich an Ihre Administration.",
    "Too many failed attempts. Please wait 15 minutes and try again.": "Zu viele Fehlversuche. Bitte warten Sie 15 Minuten und versuchen Sie es dann noch einmal.",
    "Please enter a valid e-mail address.": "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
    "Please enter a name.": "Bitte geben Sie einen Namen ein.",
    "The password needs at least 10 characters.": "Das Passwort braucht mindestens 10 Zeichen.",
    "Please enter your company's name.": "Bitte geben Sie den Namen Ihrer Firma ein.",
    "An account with this e-mail address already exists.": "Mit dieser E-Mail-Adresse gibt es schon ein Konto.",
    "If an account exists for this address, we have sent an e-mail with a link to choose a new password. The link works for one hour.": "Wenn es zu dieser Adresse ein Konto gibt, haben wir Ihnen eine E-Mail mit einem Link geschickt. Der Link gilt eine Stunde.",
    "This link is not valid any more. Please ask for a new one.": "Dieser Link gilt nicht mehr. Bitte fordern Sie einen neuen an.",
    "This invitation is not valid any more. Please ask for a new one.": "Diese Einladung gilt nicht mehr. Bitte lassen Sie sich neu einladen.",
    # Dashboard and calls
    "Minutes this month": "Minuten diesen Monat",
    "Calls this month": "Anrufe diesen Monat",
    "Cost so far": "Kosten bisher",
    "Bots live": "Aktive Bots",
    "Minutes per day, last 30 days": "Minuten pro Tag, letzte 30 Tage",
    "Minutes": "Minuten",
    "Latest calls": "Letzte Anrufe",
    "No calls yet. Once your bot is live, calls show up here.": "Noch keine Anrufe. Sobald Ihr Bot aktiv ist, sehen Sie sie hier.",
    "All calls": "Alle Anrufe",
    "Time": "Zeit",
    "Bot": "Bot",
    "Caller": "Anrufer",
    "Duration": "Dauer",
    "Outcome": "Ergebnis",
    "Call": "Anruf",
    "All bots": "Alle Bots",
    "All outcomes": "Alle Ergebnisse",
    "From (YYYY-MM-DD)": "Von (JJJJ-MM-TT)",
    "To (YYYY-MM-DD)": "Bis (JJJJ-MM-TT)",
    "Caller number": "Nummer des Anrufers",
    "Filter": "Filtern",
    "{count} calls": "{count} Anrufe",
    "No calls match.": "Keine passenden Anrufe.",
    "Please write dates as YYYY-MM-DD.": "Bitte Datum als JJJJ-MM-TT schreiben.",
    "The end date is before the start date.": "Das Enddatum liegt vor dem Anfangsdatum.",
    "This call does not exist.": "Diesen Anruf gibt es nicht.",
    "Conversation": "Gespräch",
    "No transcript for this call.": "Zu diesem Anruf gibt es kein Protokoll.",
    "Typical wait for an answer": "Übliche Wartezeit auf eine Antwort",
    "answered after {ms} ms": "Antwort nach {ms} ms",
    "interrupted": "unterbrochen",
    "Back to all calls": "Zurück zu allen Anrufen",
    "Resolved": "Erledigt",
    "Handed over": "Weiterverbunden",
    "Caller hung up": "Aufgelegt",
    "Silence": "Stille",
    "Too long": "Zu lang",
    "Rejected": "Abgewiesen",
    "Error": "Fehler",
    "Queued": "Wartet",
    "Ringing": "Läutet",
    "In progress": "Läuft",
    "Completed": "Beendet",
    "Busy": "Besetzt",
    "Failed": "Fehlgeschlagen",
    "No answer": "Keine Antwort",
    "Canceled": "Abgebrochen",
    # Bots
    "New bot": "Neuer Bot",
    "You have no bots yet. Create your first one!": "Sie haben noch keinen Bot. Legen Sie Ihren ersten an!",
    "no number yet": "noch keine Nummer",
    "Draft": "Entwurf",
    "Getting a number": "Nummer wird besorgt",
    "Live": "Aktiv",
    "Paused": "Pausiert",
    "Create bot": "Bot anlegen",
    "Bot created. We are getting a phone number for it.": "Bot angelegt. Wir besorgen jetzt eine Telefonnummer.",
    "This bot does not exist.": "Diesen Bot gibt es nicht.",
    "Pause": "Pausieren",
    "Resume": "Fortsetzen",
    "Delete bot": "Bot löschen",
    "Delete this bot? Its phone number will be released.": "Diesen Bot löschen? Seine Telefonnummer wird freigegeben.",
    "Bot deleted.": "Bot gelöscht.",
    "Bot paused.": "Bot pausiert.",
    "Bot resumed.": "Bot läuft wieder.",
    "Save changes": "Änderungen speichern",
    "Try it": "Ausprobieren",
    "Basics": "Grundlagen",
    "Name": "Name",
    "Greeting": "Begrüßung",
    "Instructions (what the bot should know and how it should behave)": "Anweisungen (was der Bot wissen und wie er sich verhalten soll)",
    "Hand-over number (a person takes over)": "Weiterleitungsnummer (ein Mensch übernimmt)",
    "Longest call (seconds)": "Längster Anruf (Sekunden)",
    "Questions and answers": "Fragen und Antworten",
    "Question": "Frage",
    "Answer": "Antwort",
    "Add a question": "Frage hinzufügen",
    "Opening hours": "Öffnungszeiten",
    "For example 09:00-12:00, 13:00-17:00. Empty means closed.": "Zum Beispiel 09:00-12:00, 13:00-17:00. Leer heißt geschlossen.",
    "Monday": "Montag",
    "Tuesday": "Dienstag",
    "Wednesday": "Mittwoch",
    "Thursday": "Donnerstag",
    "Friday": "Freitag",
    "Saturday": "Samstag",
    "Sunday": "Sonntag",
    "Voice and engines": "Stimme und Technik",
    "Voice": "Stimme",
    "Standard": "Standard",
    "Female": "Weiblich",
    "Male": "Männlich",
    "Listening": "Zuhören",
    "Speaking": "Sprechen",
    "Conversation engine": "Gesprächsführung",
    "Please give the bot a name.": "Bitte geben Sie dem Bot einen Namen.",
    "The name may have at most 120 characters.": "Der Name darf höchstens 120 Zeichen haben.",
    "Please choose German (de-AT) or English (en-US).": "Bitte wählen Sie Deutsch (de-AT) oder Englisch (en-US).",
    "The greeting may have at most 2000 characters.": "Die Begrüßung darf höchstens 2000 Zeichen haben.",
    "Please enter the number in international form, e.g. +43 1 234567.": "Bitte die Nummer international eingeben, z. B. +43 1 234567.",
    "Please choose a voice.": "Bitte wählen Sie eine Stimme.",
    "Please choose between 30 and 3600 seconds.": "Bitte wählen Sie zwischen 30 und 3600 Sekunden.",
    "Please write opening hours as 09:00-17:00.": "Bitte Öffnungszeiten als 09:00-17:00 schreiben.",
    "Opening hours must end after they start.": "Öffnungszeiten müssen nach ihrem Beginn enden.",
    "Only a live bot can be paused.": "Nur ein aktiver Bot kann pausiert werden.",
    "This bot is already running.": "Dieser Bot läuft bereits.",
    "Type what a caller would say. The bot answers with what you saved.": "Schreiben Sie, was ein Anrufer sagen würde. Der Bot antwortet mit dem, was Sie gespeichert haben.",
    "Your message": "Ihre Nachricht",
    "(Here the call would be handed over to a person.)": "(Hier würde der Anruf an einen Menschen weiterverbunden.)",
    "(Here the bot would end the call.)": "(Hier würde der Bot das Gespräch beenden.)",
    "Trying the bot in the page is not available yet.": "Das Ausprobieren im Browser gibt es noch nicht.",
    # Usage and billing
    "Month": "Monat",
    "Download CSV": "CSV herunterladen",
    "By bot": "Nach Bot",
    "By day": "Nach Tag",
    "Day": "Tag",
    "Cost": "Kosten",
    "No calls in this month.": "Keine Anrufe in diesem Monat.",
    "{price} per minute, billed by the second. {included} minutes a month are included.": "{price} pro Minute, sekundengenau abgerechnet. {included} Minuten im Monat sind inklusive.",
    "Your plan": "Ihr Tarif",
    "No plan yet. Our team will set one up with you.": "Noch kein Tarif. Unser Team richtet ihn mit Ihnen ein.",
    "{fee} a month, {included} minutes included, then {price} per minute.": "{fee} im Monat, {included} Minuten inklusive, danach {price} pro Minute.",
    "Manage payment": "Zahlung verwalten",
    "Your administrator manages payment details.": "Die Zahlungsdaten verwaltet Ihre Administration.",
    "Payment details can be managed here soon.": "Zahlungsdaten können Sie hier bald selbst verwalten.",
    "Invoices": "Rechnungen",
    "Invoice": "Rechnung",
    "No invoices yet.": "Noch keine Rechnungen.",
    "Number": "Nummer",
    "Period": "Zeitraum",
    "Status": "Status",
    "Total": "Gesamt",
    "Subtotal": "Zwischensumme",
    "VAT {rate} %": "USt. {rate} %",
    "Item": "Posten",
    "Quantity": "Menge",
    "Amount": "Betrag",
    "Open": "Offen",
    "Paid": "Bezahlt",
    "Void": "Storniert",
    "Unpaid": "Unbezahlt",
    "Download invoice": "Rechnung herunterladen",
    "Pay or view online": "Online ansehen oder bezahlen",
    "Back to billing": "Zurück zu den Rechnungen",
    "This invoice does not exist.": "Diese Rechnung gibt es nicht.",
    # Support
    "New ticket": "Neue Anfrage",
    "Subject": "Betreff",
    "Message": "Nachricht",
    "Priority": "Dringlichkeit",
    "Low": "Niedrig",
    "Normal": "Normal",
    "High": "Hoch",
    "Urgent": "Dringend",
    "Send ticket": "Anfrage senden",
    "Thank you! We will answer soon.": "Danke! Wir melden uns bald.",
    "No tickets yet.": "Noch keine Anfragen.",
    "Last message": "Letzte Nachricht",
    "Ticket": "Anfrage",
    "Waiting for your answer": "Wartet auf Ihre Antwort",
    "Closed": "Geschlossen",
    "VoiceAgent support": "VoiceAgent-Support",
    "Your reply": "Ihre Antwort",
    "Send reply": "Antwort senden",
    "Close ticket": "Anfrage schließen",
    "Ticket closed.": "Anfrage geschlossen.",
    "This ticket is closed. Please open a new one if you need more help.": "Diese Anfrage ist geschlossen. Bitte stellen Sie eine neue, wenn Sie mehr Hilfe brauchen.",
    "Back to support": "Zurück zur Hilfe",
    "This ticket does not exist.": "Diese Anfrage gibt es nicht.",
    "Please enter a subject.": "Bitte geben Sie einen Betreff ein.",
    "Please write a message.": "Bitte schreiben Sie eine Nachricht.",
    "This ticket is closed. Please open a new one.": "Diese Anfrage ist geschlossen. Bitte stellen Sie eine neue.",
    # Team
    "Invite someone": "Jemanden einladen",
    "Role": "Rolle",
    "Administrator": "Administration",
    "User": "Mitarbeit",
    "Send invitation": "Einladung schicken",
    "Invitation sent.": "Einladung verschickt.",
    "Only an administrator can change the team.": "Nur die Administration kann das Team ändern.",
    "invited, has not logged in yet": "eingeladen, noch nicht angemeldet",
    "last login: {when}": "zuletzt angemeldet: {when}",
    "Role changed.": "Rolle geändert.",
    "Remove from the team": "Aus dem Team entfernen",
    "Removed from the team.": "Aus dem Team entfernt.",
    "Only an administrator of your account can do this.": "Das kann nur die Administration Ihres Kontos.",
    "Please choose administrator or user.": "Bitte wählen Sie Administration oder Mitarbeit.",
    "You cannot remove yourself.": "Sie können sich nicht selbst entfernen.",
    "Your account needs at least one administrator.": "Ihr Konto braucht mindestens eine Administration.",
    "This person is not on your team.": "Diese Person ist nicht in Ihrem Team.",
    # Settings
    "Company name": "Firmenname",
    "E-mail for invoices": "E-Mail für Rechnungen",
    "Language of new bots and e-mails": "Sprache neuer Bots und E-Mails",
    "Save company": "Firma speichern",
    "Language of the portal": "Sprache des Portals",
    "Change password": "Passwort ändern",
    "Current password": "Aktuelles Passwort",
    "The current password is wrong.": "Das aktuelle Passwort ist falsch.",
    "Password changed. Other sessions have been logged out.": "Passwort geändert. Andere Sitzungen wurden abgemeldet.",
    "Sessions": "Sitzungen",
    "Logs you out on every device and browser, this one included.": "Meldet Sie auf allen Geräten und Browsern ab, auch hier.",
    "Your own provider keys": "Eigene Anbieter-Schlüssel",
    "Optional. Without your own keys, your bots use ours. Keys are stored encrypted and never shown again.": "Freiwillig. Ohne eigene Schlüssel verwenden Ihre Bots unsere. Schlüssel werden verschlüsselt gespeichert und nie wieder angezeigt.",
    "Provider": "Anbieter",
    "Kind of key": "Art des Schlüssels",
    "Key": "Schlüssel",
    "Save key": "Schlüssel speichern",
    "Key saved.": "Schlüssel gespeichert.",
    "Key deleted.": "Schlüssel gelöscht.",
    "This does not look like a complete key.": "Das sieht nicht nach einem vollständigen Schlüssel aus.",
    "Please choose a provider.": "Bitte wählen Sie einen Anbieter.",
    "Please choose German or English.": "Bitte wählen Sie Deutsch oder Englisch.",
    # API access
    "API access": "API-Zugang",
    "Tokens let your own software use the VoiceAgent API at {url}.": "Mit Tokens nutzt Ihre eigene Software die VoiceAgent-API unter {url}.",
    "Read only": "Nur lesen",
    "Read and write": "Lesen und schreiben",
    "never used": "noch nie verwendet",
    "Revoke": "Widerrufen",
    "Token revoked.": "Token widerrufen.",
    "Name of the token": "Name des Tokens",
    "Access": "Zugriff",
    "Create token": "Token erstellen",
    "Your new API token": "Ihr neues API-Token",
    "Copy it now: it is shown only this once.": "Kopieren Sie es jetzt: Es wird nur dieses eine Mal angezeigt.",
    "Done": "Fertig",
    "Please give the token a name.": "Bitte geben Sie dem Token einen Namen.",
    "Only the account's administrators can create API tokens.": "Nur die Administration des Kontos kann API-Tokens erstellen.",
    "This API token does not exist.": "Dieses API-Token gibt es nicht.",
}

LANGUAGES: dict[str, dict[str, str]] = {"de": GERMAN, "en": {}}
