"""What the demo consists of: price plans, staff, three tenants with their bots, FAQ, callers,
tickets and the phrases their calls are made of. demo/data.py and the modules it
names turn this into rows."""

from __future__ import annotations

from dataclasses import dataclass

from models import BotLanguage, BotStatus, Role, TicketPriority, TicketStatus
from services.accounts import NewAccount

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


# --- What the demo consists of ----------------------------------------------------------------


@dataclass(frozen=True)
class PlanSpec:
    code: str
    name: str
    monthly_fee_cents: int
    included_minutes: int
    per_minute_cents: int
    number_monthly_fee_cents: int


@dataclass(frozen=True)
class Login:
    role: Role
    name: str
    email: str
    password: str

    def account(self) -> NewAccount:
        return NewAccount(email=self.email, name=self.name, password=self.password)


@dataclass(frozen=True)
class BotSpec:
    name: str
    status: BotStatus
    language: BotLanguage
    greeting: str
    faq: tuple[tuple[str, str], ...]  # (question, answer)
    business_hours: dict[str, list[list[str]]]
    handover_number: str
    phone_number: str | None = None  # a draft bot has none yet
    calls_per_open_day: float = 0.0
    calls_stop_days_ago: int = 0  # a paused bot stopped answering a while ago
    engines: tuple[str, str, str] = ("offline", "offline", "offline")  # stt, tts, dialogue


@dataclass(frozen=True)
class TicketSpec:
    subject: str
    priority: TicketPriority
    status: TicketStatus  # after the thread
    days_ago: int
    thread: tuple[tuple[str, bool, str], ...]  # (author: admin | user | staff, internal, body)


@dataclass(frozen=True)
class ServiceOffer:
    """Something the tenant's callers can book; the demo fills its calendar around today."""

    name: str
    duration_minutes: int
    price_cents: int
    capacity: int = 1
    bookings_per_open_day: float = 0.0


@dataclass(frozen=True)
class MessageSpec:
    """A message the bot took on one of the tenant's latest calls (`calls_back`: 1 is the
    newest call); `done` ones were handled by the administrator an hour later."""

    calls_back: int
    caller_name: str
    about: str
    done: bool = False


@dataclass(frozen=True)
class TenantSpec:
    slug: str
    name: str
    locale: str
    plan_code: str
    admin: Login
    user: Login
    caller_numbers: tuple[str, ...]  # patterns, `#` is a random digit
    handover_share: float  # how many callers ask for a person
    bots: tuple[BotSpec, ...]
    tickets: tuple[TicketSpec, ...]
    services: tuple[ServiceOffer, ...] = ()
    messages: tuple[MessageSpec, ...] = ()


@dataclass(frozen=True)
class Phrases:
    """What callers and bots say around the FAQ, per language."""

    openers: tuple[str, ...]
    thanks: tuple[str, ...]
    goodbye: str
    ask_person: tuple[str, ...]
    handing_over: str
    closed_now: str
    anything_else: str


# The content is hand-formatted: one entry per line or two reads better than the formatter's.
# fmt: off
PLANS = (
    PlanSpec("start", "Start", 2900, 100, 12, 300),
    PlanSpec("business", "Business", 9900, 500, 9, 300),
)

STAFF = (
    Login(Role.PLATFORM_ADMIN, "Andrea Berger", "admin@voiceagent.example.com", "demo-admin-2026"),
    Login(Role.SUPPORT, "Markus Winkler", "support@voiceagent.example.com", "demo-support-2026"),
)

_SALON_HOURS = {"mon": [], "tue": [["09:00", "18:00"]], "wed": [["09:00", "18:00"]],
                "thu": [["09:00", "20:00"]], "fri": [["09:00", "18:00"]],
                "sat": [["08:00", "13:00"]], "sun": []}
_HEURIGER_HOURS = {"mon": [], "tue": [], "wed": [["15:00", "23:00"]],
                   "thu": [["15:00", "23:00"]], "fri": [["15:00", "23:00"]],
                   "sat": [["12:00", "23:00"]], "sun": [["12:00", "22:00"]]}
_TOURS_HOURS = {day: [["08:00", "20:00"]] for day in WEEKDAYS}
# Austrian mobiles and Vienna landlines; the UK and US patterns are their fictional ranges.
_AUSTRIAN_CALLERS = ("+43664#######", "+43676#######", "+43699#######", "+43650#######",
                     "+431#######")

TENANTS = (
    TenantSpec(
        slug="salon-schoenhaar", name="Salon Schönhaar", locale="de-AT", plan_code="start",
        admin=Login(Role.CUSTOMER_ADMIN, "Sonja Huber", "sonja@salon-schoenhaar.example.com",
                    "demo-owner-2026"),
        user=Login(Role.CUSTOMER_USER, "Lena Pichler", "lena@salon-schoenhaar.example.com",
                   "demo-team-2026"),
        caller_numbers=_AUSTRIAN_CALLERS,
        handover_share=0.35,
        bots=(
            BotSpec(
                name="Rezeption", status=BotStatus.LIVE, language=BotLanguage.DE_AT,
                greeting="Grüß Gott im Salon Schönhaar! Wie kann ich Ihnen helfen?",
                faq=(
                    ("Wann haben Sie geöffnet?",
                     "Wir haben Dienstag bis Freitag von 9 bis 18 Uhr geöffnet, am Donnerstag "
                     "bis 20 Uhr, und am Samstag von 8 bis 13 Uhr. Montag ist Ruhetag."),
                    ("Was kostet ein Haarschnitt?",
                     "Waschen, Schneiden und Föhnen kostet ab 58 Euro, ein Herrenschnitt ab "
                     "32 Euro und ein Kinderhaarschnitt 22 Euro."),
                    ("Kann ich einen Termin ausmachen?",
                     "Sehr gern, gleich hier am Telefon: Sagen Sie mir einfach, wofür und wann "
                     "Sie kommen möchten."),
                    ("Wo finde ich den Salon?",
                     "Sie finden uns in der Zieglergasse 12 im 7. Bezirk, zwei Minuten von der "
                     "U3-Station Zieglergasse."),
                    ("Kann ich mit Karte zahlen?",
                     "Ja, Sie können bar, mit Bankomatkarte oder mit Kreditkarte zahlen."),
                    ("Färben Sie auch?",
                     "Ja, wir färben, tönen und machen Strähnen. Die Farbberatung ist gratis."),
                ),
                business_hours=_SALON_HOURS, handover_number="+436641234501",
                phone_number="+4315550101", calls_per_open_day=2.5,
            ),
        ),
        tickets=(
            TicketSpec(
                subject="Bot nennt am Samstag falsche Öffnungszeiten",
                priority=TicketPriority.NORMAL, status=TicketStatus.WAITING_ON_CUSTOMER,
                days_ago=4,
                thread=(
                    ("admin", False,
                     "Grüß Gott! Eine Kundin erzählt, dass unser Bot ihr am Samstag gesagt hat, "
                     "wir hätten geschlossen. Wir haben aber von 8 bis 13 Uhr offen. Können Sie "
                     "sich das bitte anschauen? Liebe Grüße, Sonja Huber"),
                    ("staff", True,
                     "Öffnungszeiten im Bot stimmen. Der Anruf kam Samstag um 13:20, also nach "
                     "Ladenschluss. Kundin zeigen, wo die Zeiten eingestellt werden."),
                    ("staff", False,
                     "Liebe Frau Huber, danke für den Hinweis! Der Anruf kam am Samstag um "
                     "13:20, kurz nach Ladenschluss, daher die Auskunft. Unter Bots → Rezeption "
                     "→ Öffnungszeiten können Sie die Zeiten jederzeit anpassen. Passt das so "
                     "für Sie? Viele Grüße, Markus vom VoiceAgent-Support"),
                ),
            ),
        ),
        services=(
            ServiceOffer("Waschen, Schneiden, Föhnen", 60, 5800, capacity=2,
                         bookings_per_open_day=4),
            ServiceOffer("Herrenschnitt", 30, 3200, capacity=2, bookings_per_open_day=3),
            ServiceOffer("Färben", 120, 8900, bookings_per_open_day=1),
            ServiceOffer("Kinderhaarschnitt", 30, 2200, bookings_per_open_day=1),
        ),
        messages=(
            MessageSpec(1, "Brigitte Lang",
                        "Möchte wissen, ob ein Gutschein über 50 Euro auch für Färben gilt. "
                        "Bitte um Rückruf am Nachmittag."),
            MessageSpec(3, "Herbert Koller",
                        "Hat seine Lesebrille am Dienstag im Salon liegen lassen."),
            MessageSpec(6, "Claudia Reiter",
                        "Fragt nach einem Termin für eine Brautfrisur im Juni, mit Probefrisur.",
                        done=True),
            MessageSpec(9, "", "Rückruf erbeten wegen einer Rechnung.", done=True),
        ),
    ),
    TenantSpec(
        slug="heuriger-gruener-baum", name="Heuriger Zum Grünen Baum", locale="de-AT",
        plan_code="business",
        admin=Login(Role.CUSTOMER_ADMIN, "Franz Gruber", "franz@gruener-baum.example.com",
                    "demo-owner-2026"),
        user=Login(Role.CUSTOMER_USER, "Maria Steiner", "maria@gruener-baum.example.com",
                   "demo-team-2026"),
        caller_numbers=(*_AUSTRIAN_CALLERS, "+49151########"),
        handover_share=0.2,
        bots=(
            BotSpec(
                name="Tischreservierung", status=BotStatus.LIVE, language=BotLanguage.DE_AT,
                greeting="Servus beim Heurigen Zum Grünen Baum! Was kann ich für Sie tun?",
                faq=(
                    ("Wann habt ihr ausg'steckt?",
                     "Wir haben Mittwoch bis Freitag ab 15 Uhr ausg'steckt, am Samstag ab 12 "
                     "Uhr und am Sonntag von 12 bis 22 Uhr."),
                    ("Kann ich einen Tisch reservieren?",
                     "Gern! Für Runden ab sechs Personen bitten wir um Reservierung. Kleinere "
                     "Gruppen finden meistens auch so einen Platz im Garten."),
                    ("Gibt es vegetarische Speisen?",
                     "Ja, am Buffet gibt's immer Liptauer, Erdäpfelkas, gebackene Champignons "
                     "und Gemüse aus der Saison."),
                    ("Wie komme ich zu euch?",
                     "Mit der Straßenbahn 38 bis zur Endstation Grinzing, dann sind es noch fünf "
                     "Minuten zu Fuß bergauf."),
                    ("Kann man bei euch Wein kaufen?",
                     "Ja, unseren Grünen Veltliner, den Gemischten Satz und den Zweigelt gibt's "
                     "auch ab Hof zum Mitnehmen."),
                ),
                business_hours=_HEURIGER_HOURS, handover_number="+436761234502",
                phone_number="+4315550201", calls_per_open_day=2.0,
                engines=("google", "elevenlabs", "openai"),
            ),
            BotSpec(
                name="Catering & Feiern", status=BotStatus.PAUSED, language=BotLanguage.DE_AT,
                greeting="Grüß Gott, hier ist das Catering vom Grünen Baum. Wie kann ich helfen?",
                faq=(
                    ("Macht ihr auch Catering?",
                     "Ja, wir liefern unser Heurigenbuffet ab 20 Personen im Raum Wien, Geschirr "
                     "und Gläser inklusive."),
                    ("Kann man den Heurigen für eine Feier mieten?",
                     "Für Feiern ab 30 Personen reservieren wir Ihnen gern das Stüberl, unter der "
                     "Woche auch den ganzen Garten."),
                    ("Was kostet das Buffet pro Person?",
                     "Das klassische Heurigenbuffet kostet 32 Euro pro Person, mit Braten 39."),
                ),
                business_hours=_HEURIGER_HOURS, handover_number="+436761234502",
                phone_number="+4315550202", calls_per_open_day=0.6, calls_stop_days_ago=35,
            ),
        ),
        tickets=(
            TicketSpec(
                subject="Rechnung: Rufnummer vom pausierten Bot verrechnet?",
                priority=TicketPriority.HIGH, status=TicketStatus.OPEN, days_ago=2,
                thread=(
                    ("admin", False,
                     "Servus! Auf der letzten Rechnung sind zwei Rufnummern verrechnet, unser "
                     "Catering-Bot ist aber pausiert. Zahlen wir die Nummer trotzdem? Franz"),
                    ("staff", False,
                     "Hallo Herr Gruber, die Nummer des pausierten Bots bleibt für Sie reserviert "
                     "und wird deshalb weiter verrechnet. Brauchen Sie sie nicht mehr, können Sie "
                     "sie unter Rufnummern freigeben. Viele Grüße, Markus"),
                    ("admin", False,
                     "Danke! Wir brauchen sie im Frühjahr wieder. Geht sich für die letzten "
                     "Monate eine Gutschrift aus?"),
                    ("staff", True,
                     "Nummer +43 1 5550202 ist aktiv, der Bot nur pausiert: Gebühr korrekt. "
                     "Kulanzgutschrift für zwei Monate mit der Buchhaltung klären."),
                ),
            ),
        ),
    ),
    TenantSpec(
        slug="danube-walking-tours", name="Danube Walking Tours", locale="en-US",
        plan_code="start",
        admin=Login(Role.CUSTOMER_ADMIN, "Emma Clarke", "emma@danube-tours.example.com",
                    "demo-owner-2026"),
        user=Login(Role.CUSTOMER_USER, "Jakob Moser", "jakob@danube-tours.example.com",
                   "demo-team-2026"),
        caller_numbers=("+447700900###", "+120255501##", *_AUSTRIAN_CALLERS),
        handover_share=0.15,
        bots=(
            BotSpec(
                name="Booking line", status=BotStatus.LIVE, language=BotLanguage.EN_US,
                greeting="Hello and welcome to Danube Walking Tours! How can I help you today?",
                faq=(
                    ("What tours do you offer?",
                     "We run a two-hour Old Town walk every morning, a Habsburg palaces tour in "
                     "the afternoon, and a Danube sunset walk on weekends."),
                    ("How much does a tour cost?",
                     "The Old Town walk is 29 euros per adult and 15 euros for children under "
                     "fourteen. Vienna Pass holders get ten percent off."),
                    ("Where do the tours start?",
                     "All tours start in front of the Albertina, at the foot of the big "
                     "staircase. Look for the green umbrella."),
                    ("Can I cancel my booking?",
                     "Yes, you can cancel free of charge up to 24 hours before your tour."),
                    ("Do you run tours in the rain?",
                     "Yes, we walk in any weather, so bring an umbrella. We only cancel in a "
                     "storm, and then you get a full refund."),
                ),
                business_hours=_TOURS_HOURS, handover_number="+436991234503",
                phone_number="+4315550301", calls_per_open_day=1.5,
            ),
            BotSpec(
                name="Deutschsprachige Führungen", status=BotStatus.DRAFT,
                language=BotLanguage.DE_AT,
                greeting="Grüß Gott bei Danube Walking Tours! Wie kann ich helfen?",
                faq=(("Gibt es Führungen auf Deutsch?",
                      "Ja, jeden Samstag um 10 Uhr führen wir auf Deutsch durch die Altstadt."),),
                business_hours=_TOURS_HOURS, handover_number="+436991234503",
            ),
        ),
        # What the booking line books: each tour is one walk a guide leads for a group.
        services=(
            ServiceOffer("Old Town walk", 120, 2900, capacity=12, bookings_per_open_day=3),
            ServiceOffer("Habsburg palaces tour", 150, 3900, capacity=12,
                         bookings_per_open_day=1.5),
            ServiceOffer("Danube sunset walk", 90, 2500, capacity=15, bookings_per_open_day=1),
        ),
        tickets=(
            TicketSpec(
                subject="Can the bot answer in German as well?",
                priority=TicketPriority.LOW, status=TicketStatus.RESOLVED, days_ago=12,
                thread=(
                    ("admin", False,
                     "Hi! Quite a few of our callers speak German. Can our booking line answer "
                     "in German too? Thanks, Emma"),
                    ("staff", True,
                     "Customer already has a draft de-AT bot. Suggest publishing it on a second "
                     "number rather than switching languages mid-call."),
                    ("staff", False,
                     "Hi Emma, each bot speaks one language, and you already have a German draft "
                     "bot. Once you publish it, it gets its own Vienna number that you can print "
                     "next to the English one. Best, Markus"),
                    ("user", False, "Perfect, thank you! We'll publish it next week. Jakob"),
                ),
            ),
        ),
    ),
)

PHRASES = {
    BotLanguage.DE_AT: Phrases(
        openers=("Grüß Gott! ", "Hallo! ", "Servus! ", "Guten Tag. ", ""),
        thanks=("Danke, das war's schon.", "Super, danke vielmals!", "Passt, danke. Baba!",
                "Alles klar, dankeschön."),
        goodbye="Sehr gern. Danke für Ihren Anruf und auf Wiederhören!",
        ask_person=("Kann ich bitte mit jemandem persönlich sprechen?",
                    "Können Sie mich bitte verbinden?",
                    "Ich würde gern mit einer Mitarbeiterin sprechen."),
        handing_over="Natürlich, einen Moment bitte, ich verbinde Sie.",
        closed_now="Gerade ist leider niemand erreichbar. Bitte rufen Sie während der "
                   "Öffnungszeiten wieder an.",
        anything_else="Kann ich sonst noch etwas für Sie tun?",
    ),
    BotLanguage.EN_US: Phrases(
        openers=("Hi! ", "Hello! ", "Good morning. ", ""),
        thanks=("Great, thanks!", "That's all, thank you.", "Perfect, thanks a lot. Bye!"),
        goodbye="You're welcome. Thanks for calling, and have a lovely day in Vienna!",
        ask_person=("Can I talk to a real person, please?",
                    "Could you put me through to someone?"),
        handing_over="Of course, one moment please, I'll put you through.",
        closed_now="Nobody is available right now. Please call again during our opening hours.",
        anything_else="Is there anything else I can help you with?",
    ),
}

# What each engine takes for one reply, (low, high) in milliseconds.
STT_MS = {"offline": (120, 420), "google": (150, 380)}
DIALOGUE_MS = {"offline": (3, 30), "openai": (450, 1400)}
TTS_FIRST_AUDIO_MS = {"offline": (8, 45), "elevenlabs": (180, 520)}

GERMAN_MONTHS = ("Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                 "September", "Oktober", "November", "Dezember")

# Who books at the salon and on the tours: the demo calendars' names.
BOOKING_NAMES = ("Maria Gruber", "Anna Wagner", "Thomas Bauer", "Julia Hofer", "Stefan Mayr",
                 "Katharina Leitner", "Lukas Berger", "Sophie Fuchs", "Elisabeth Moser",
                 "Michael Eder", "Laura Schwarz", "Florian Pichler")
# fmt: on
