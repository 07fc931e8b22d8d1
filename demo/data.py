"""Demo data: three small businesses with two months of history, for development and demos.

`voiceagent seed-demo` (and so `make run`) loads it, so that every screen of the back office
and the customer portal has something true-looking to show: price plans, a user of every
role, bots in German and English, phone numbers, calls with transcripts and latencies, usage,
invoices and support tickets.

- Deterministic for a given `today`: every tenant draws from its own `random.Random` with a
  fixed seed, and names, e-mail addresses and numbers are fixed. Only the salted password
  hashes and bookkeeping `updated_at` stamps differ from one database to the next.
- Idempotent by natural keys: price plans by code, staff by e-mail, tenants by slug. What
  already exists is left alone, so a second run inserts nothing and the report says so.
- Accounts are made by services.accounts and usage recorded by services.usage, the same rules
  the product runs on; everything else is added in bulk, a few flushes per tenant.

Phone numbers are in the fictional +43 1 5550 range; callers come from Austrian mobile
ranges and the fictional UK (+44 7700 900) and US (555-01xx) ranges.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from demo.content import (
    BOOKING_NAMES,
    DIALOGUE_MS,
    PHRASES,
    PLANS,
    STAFF,
    STT_MS,
    TENANTS,
    TTS_FIRST_AUDIO_MS,
    WEEKDAYS,
    BotSpec,
    TenantSpec,
)
from models import (
    Booking,
    BookingSource,
    BookingStatus,
    Bot,
    BotLanguage,
    Call,
    CallOutcome,
    CallStatus,
    CallTurn,
    InvoiceStatus,
    Message,
    MessageStatus,
    PhoneNumber,
    PricePlan,
    ProvisioningJob,
    ProvisioningKind,
    ProvisioningStatus,
    Role,
    Service,
    Speaker,
    SupportTicket,
    Tenant,
    TicketMessage,
    UsageKind,
    User,
)
from services.accounts import create_customer_user, create_staff_user, create_tenant
from services.availability import opening_windows, peak_overlap, starts_in
from services.billing import Period, bills, invoice_for
from services.call_summary import summarise_stored_call
from services.invoice_numbers import next_invoice_number
from services.legal_documents import DPA_VERSION, PRIVACY_VERSION, TERMS_VERSION
from services.price_plans import default_price_plan
from services.seller import Seller
from services.support import add_reply, assign, open_ticket, set_status
from services.usage import UsageRecord, record_usage

VIENNA = ZoneInfo("Europe/Vienna")
SEED = "voiceagent-demo-v1"


_LOGINS = (*STAFF, *(person for tenant in TENANTS for person in (tenant.admin, tenant.user)))
# (role, e-mail, password) of every demo user: `seed-demo` and `voiceagent dev` print them.
DEMO_LOGINS: list[tuple[str, str, str]] = [(x.role.value, x.email, x.password) for x in _LOGINS]


# --- The report and the time window -----------------------------------------------------------


@dataclass
class SeedReport:
    """How many rows of each kind the run created; all zero when the demo was already there."""

    created: Counter[str] = field(default_factory=Counter)

    @property
    def created_anything(self) -> bool:
        return any(self.created.values())

    def summary(self) -> str:
        if not self.created_anything:
            return "Demo data is already there: nothing created."
        parts = [f"{count} {what}" for what, count in self.created.items() if count]
        return "Demo data created: " + ", ".join(parts) + "."


@dataclass(frozen=True)
class Window:
    """The demo's history: calls from the first day of the month two months back until
    yesterday, invoices for the two complete months among them."""

    today: date
    first_day: date
    invoice_months: tuple[date, date]

    @classmethod
    def ending(cls, today: date) -> Window:
        first_day = add_months(today.replace(day=1), -2)
        return cls(today, first_day, (first_day, add_months(first_day, 1)))

    def days(self) -> list[date]:
        return [self.first_day + timedelta(n) for n in range((self.today - self.first_day).days)]


def add_months(first_of_month: date, months: int) -> date:
    years, month_index = divmod(first_of_month.month - 1 + months, 12)
    return date(first_of_month.year + years, month_index + 1, 1)


# --- Seeding -----------------------------------------------------------------------------------


def seed_demo(*, session: Session, today: date, seller: Seller) -> SeedReport:
    """Load the demo through a staff session; the caller commits. Existing parts are kept.
    `seller` is the platform's company, on the demo invoices as on real ones."""
    report = SeedReport()
    _ensure_price_plans(session, report)
    staff = _ensure_staff(session, report)
    slugs = [spec.slug for spec in TENANTS]
    existing = set(session.scalars(select(Tenant.slug).where(Tenant.slug.in_(slugs))))
    window = Window.ending(today)
    for spec in TENANTS:
        if spec.slug not in existing:
            _seed_tenant(session, spec, staff[Role.SUPPORT], window, seller, report)
    return report


def _ensure_price_plans(session: Session, report: SeedReport) -> dict[str, PricePlan]:
    codes = [plan.code for plan in PLANS]
    plans = {p.code: p for p in session.scalars(select(PricePlan).where(PricePlan.code.in_(codes)))}
    for spec in PLANS:
        if spec.code not in plans:
            plans[spec.code] = PricePlan(**asdict(spec), currency="EUR")
            session.add(plans[spec.code])
            report.created["price plans"] += 1
    session.flush()
    if default_price_plan(session) is None:  # sign-ups start on "start" unless staff chose
        plans["start"].is_default = True
        session.flush()
    return plans


def _ensure_staff(session: Session, report: SeedReport) -> dict[Role, User]:
    emails = [login.email for login in STAFF]
    users = {u.email: u for u in session.scalars(select(User).where(User.email.in_(emails)))}
    for login in STAFF:
        if login.email not in users:
            new = create_staff_user(session=session, account=login.account(), role=login.role)
            users[login.email] = new
            report.created["users"] += 1
    return {login.role: users[login.email] for login in STAFF}


def _seed_tenant(
    session: Session,
    spec: TenantSpec,
    support: User,
    window: Window,
    seller: Seller,
    report: SeedReport,
) -> None:
    # One generator per tenant: a tenant's data does not depend on which others were seeded.
    rng = random.Random(f"{SEED}:{spec.slug}")
    tenant, admin, user = _create_tenant(session, spec, window, report)
    lines = _create_bots(session, tenant, spec, window, report)
    calls = _create_calls(session, rng, tenant, spec, lines, window, report)
    _record_call_usage(session, spec, calls, report)
    _create_invoices(session, rng, tenant, window, seller, report)
    authors = {"admin": admin, "user": user, "staff": support}
    _create_tickets(session, rng, spec, authors, window.today, report)
    _create_bookings(session, rng, tenant, spec, lines, window.today, report)
    _create_messages(session, spec, calls, admin, report)
    session.flush()
    for call in calls:  # as finish_call writes it for a real call
        summarise_stored_call(
            session=session, call=call, turns=[(t.speaker, t.text) for t in call.turns]
        )
    session.flush()


def _create_tenant(
    session: Session, spec: TenantSpec, window: Window, report: SeedReport
) -> tuple[Tenant, User, User]:
    tenant, admin = create_tenant(
        session=session,
        company_name=spec.name,
        admin=spec.admin.account(),
        locale=spec.locale,
        price_plan_code=spec.plan_code,
        created_at=_at(window.first_day - timedelta(days=21), 10),
    )
    user = create_customer_user(session=session, tenant_id=tenant.id, account=spec.user.account())
    signed_up = tenant.created_at
    tenant.slug = spec.slug  # create_tenant derives one from the name; the demo's is fixed
    tenant.billing_email = spec.admin.email
    for person in (admin, user):
        person.locale = spec.locale
        person.created_at = signed_up
    # Signed up as a customer does (services/signup.py): the terms and the privacy policy
    # accepted, and the processing agreement for the company, so the demo nags for nothing.
    admin.terms_version, admin.privacy_version = TERMS_VERSION, PRIVACY_VERSION
    admin.terms_accepted_at = admin.privacy_accepted_at = signed_up
    tenant.dpa_version, tenant.dpa_accepted_at = DPA_VERSION, signed_up
    report.created["tenants"] += 1
    report.created["users"] += 2
    return tenant, admin, user


BotLine = tuple[BotSpec, Bot, PhoneNumber | None]


def _create_bots(
    session: Session, tenant: Tenant, spec: TenantSpec, window: Window, report: SeedReport
) -> list[BotLine]:
    created_at = _at(window.first_day - timedelta(days=14), 11)
    lines = []
    for bot_spec in spec.bots:
        bot = _bot(tenant, spec, bot_spec, created_at)
        number = None
        if bot_spec.phone_number:
            number = PhoneNumber(
                tenant_id=tenant.id,
                bot=bot,
                e164=bot_spec.phone_number,
                provider="local",
                provider_sid=f"local-{bot_spec.phone_number.lstrip('+')}",
                country="AT",
                created_at=created_at + timedelta(minutes=2),
            )
        lines.append((bot_spec, bot, number))
    session.add_all([row for _, *rows in lines for row in rows if row is not None])
    session.flush()
    jobs = [_provisioning_job(bot, number) for _, bot, number in lines if number is not None]
    session.add_all(jobs)
    report.created["bots"] += len(lines)
    report.created["phone numbers"] += len(jobs)
    report.created["provisioning jobs"] += len(jobs)
    return lines


def _bot(tenant: Tenant, spec: TenantSpec, bot: BotSpec, created_at: datetime) -> Bot:
    if bot.language is BotLanguage.DE_AT:
        instructions = f"Du bist der freundliche Telefonassistent von {spec.name}. Sprich Deutsch."
    else:
        instructions = f"You are the friendly phone assistant of {spec.name}."
    stt_engine, tts_engine, dialogue_engine = bot.engines
    return Bot(
        tenant_id=tenant.id,
        name=bot.name,
        status=bot.status,
        language=bot.language,
        greeting=bot.greeting,
        instructions=instructions,
        faq=[{"question": question, "answer": answer} for question, answer in bot.faq],
        handover_number=bot.handover_number,
        business_hours=bot.business_hours,
        stt_engine=stt_engine,
        tts_engine=tts_engine,
        dialogue_engine=dialogue_engine,
        created_at=created_at,
    )


def _provisioning_job(bot: Bot, number: PhoneNumber) -> ProvisioningJob:
    """The finished job that bought the number, as the worker leaves it."""
    return ProvisioningJob(
        tenant_id=bot.tenant_id,
        bot_id=bot.id,
        phone_number_id=number.id,
        kind=ProvisioningKind.BUY_NUMBER,
        status=ProvisioningStatus.SUCCEEDED,
        attempts=1,
        intent={"e164": number.e164, "provider": "local", "bot_id": bot.id},
        created_at=number.created_at - timedelta(seconds=5),
        finished_at=number.created_at,
    )


# --- Calls and transcripts ---------------------------------------------------------------------


def _create_calls(
    session: Session,
    rng: random.Random,
    tenant: Tenant,
    spec: TenantSpec,
    lines: list[BotLine],
    window: Window,
    report: SeedReport,
) -> list[Call]:
    answering = [(bot_spec, bot, number) for bot_spec, bot, number in lines if number]
    starts = []
    for index, (bot_spec, _bot, _number) in enumerate(answering):
        until = window.today - timedelta(days=bot_spec.calls_stop_days_ago)
        for day in (day for day in window.days() if day < until):
            starts += [(at, index, is_open) for at, is_open in _call_starts(rng, day, bot_spec)]
    calls = [
        _call(rng, tenant, spec, *answering[index], started_at, is_open)
        for started_at, index, is_open in sorted(starts)
    ]
    session.add_all(calls)
    session.flush()
    report.created["calls"] += len(calls)
    report.created["call turns"] += sum(len(call.turns) for call in calls)
    return calls


def _call_starts(rng: random.Random, day: date, bot: BotSpec) -> list[tuple[datetime, bool]]:
    """When callers rang on `day`, and whether the business was open then."""
    ranges = bot.business_hours.get(WEEKDAYS[day.weekday()], [])
    if not ranges:  # closed all day, and now and then somebody tries anyway
        if rng.random() < 0.3:
            return [(_at(day, rng.randint(8, 19), rng.randint(0, 59)), False)]
        return []
    starts = []
    for _ in range(rng.randint(0, round(2 * bot.calls_per_open_day))):
        opens, closes = (_minutes(hhmm) for hhmm in rng.choice(ranges))
        minute = rng.randint(opens, closes - 5)
        starts.append((_at(day, minute // 60, minute % 60, rng.randint(0, 59)), True))
    return starts


def _call(
    rng: random.Random,
    tenant: Tenant,
    spec: TenantSpec,
    bot_spec: BotSpec,
    bot: Bot,
    number: PhoneNumber,
    started_at: datetime,
    is_open: bool,
) -> Call:
    script, outcome = _conversation(rng, bot_spec, spec.handover_share, is_open)
    turns, talk_ms = _timed_turns(rng, tenant, script, bot_spec.engines)
    # A handed-over call goes on with a person, and its minutes count too.
    with_person = rng.randint(120, 480) if outcome is CallOutcome.HANDED_OVER else 0
    duration = math.ceil(talk_ms / 1000) + with_person
    answered_at = started_at + timedelta(seconds=rng.randint(1, 4))
    ended_at = answered_at + timedelta(seconds=duration)
    return Call(
        tenant_id=tenant.id,
        bot_id=bot.id,
        phone_number_id=number.id,
        provider_call_sid=f"CA{rng.getrandbits(128):032x}",
        from_number=_caller_number(rng, spec.caller_numbers),
        to_number=number.e164,
        status=CallStatus.COMPLETED,
        outcome=outcome,
        language=bot_spec.language.value,
        started_at=started_at,
        answered_at=answered_at,
        ended_at=ended_at,
        duration_seconds=duration,
        created_at=started_at,
        updated_at=ended_at,
        turns=turns,
    )


def _caller_number(rng: random.Random, patterns: tuple[str, ...]) -> str:
    return "".join(rng.choice("0123456789") if c == "#" else c for c in rng.choice(patterns))


def _conversation(
    rng: random.Random, bot: BotSpec, handover_share: float, is_open: bool
) -> tuple[list[tuple[Speaker, str]], CallOutcome]:
    """Who said what, bot and caller taking turns, and how the call ended."""
    phrases = PHRASES[bot.language]
    outcomes = [CallOutcome.HANDED_OVER, CallOutcome.RESOLVED, CallOutcome.CALLER_HUNG_UP,
                CallOutcome.SILENCE_TIMEOUT]  # fmt: skip
    weights = [handover_share, 0.85 - handover_share, 0.1, 0.05]
    outcome = rng.choices(outcomes, weights)[0]
    # Satisfied callers ask a second question; the others stop after one.
    questions = rng.sample(
        bot.faq, k=min(len(bot.faq), 2 if outcome is CallOutcome.RESOLVED else 1)
    )
    script = [(Speaker.BOT, bot.greeting)]
    for n, (question, answer) in enumerate(questions):
        opener = rng.choice(phrases.openers) if n == 0 else ""
        script += [(Speaker.CALLER, opener + question), (Speaker.BOT, answer)]
    if outcome is CallOutcome.HANDED_OVER:
        reply = phrases.handing_over if is_open else phrases.closed_now
        script += [(Speaker.CALLER, rng.choice(phrases.ask_person)), (Speaker.BOT, reply)]
        outcome = outcome if is_open else CallOutcome.RESOLVED
    elif outcome is CallOutcome.RESOLVED:
        script += [(Speaker.CALLER, rng.choice(phrases.thanks)), (Speaker.BOT, phrases.goodbye)]
    elif outcome is CallOutcome.SILENCE_TIMEOUT:
        script[-1] = (Speaker.BOT, f"{script[-1][1]} {phrases.anything_else}")
    return script, outcome


def _timed_turns(
    rng: random.Random,
    tenant: Tenant,
    script: list[tuple[Speaker, str]],
    engines: tuple[str, str, str],
) -> tuple[list[CallTurn], int]:
    """Transcript rows with offsets and latencies, and the call's talk time in ms."""
    cursor = rng.randint(200, 600)
    turns = []
    for seq, (speaker, text) in enumerate(script):
        latencies = _latencies(rng, engines, greeting=seq == 0) if speaker is Speaker.BOT else {}
        cursor += latencies.get("turn_latency_ms", 0)
        can_be_cut = speaker is Speaker.BOT and 0 < seq < len(script) - 1
        heard, interrupted = _barge_in(rng, text) if can_be_cut else (text, False)
        ended = cursor + _speaking_ms(rng, heard, speaker)
        turns.append(
            CallTurn(
                tenant_id=tenant.id,
                seq=seq,
                speaker=speaker,
                text=heard,
                started_ms=cursor,
                ended_ms=ended,
                interrupted=interrupted,
                **latencies,
            )
        )
        cursor = ended + (rng.randint(300, 900) if speaker is Speaker.BOT else 0)
    return turns, cursor


def _latencies(
    rng: random.Random, engines: tuple[str, str, str], *, greeting: bool
) -> dict[str, int]:
    """What each engine took for one bot turn, and how long the caller waited for it."""
    stt, tts, dialogue = engines
    tts_first_audio_ms = rng.randint(*TTS_FIRST_AUDIO_MS[tts])
    if greeting:  # nobody spoke before it: nothing to transcribe or answer
        return {"tts_first_audio_ms": tts_first_audio_ms}
    stt_ms = rng.randint(*STT_MS[stt])
    dialogue_ms = rng.randint(*DIALOGUE_MS[dialogue])
    end_of_turn_ms = rng.randint(450, 700)  # the silence that tells us the caller is done
    network_ms = rng.randint(20, 80)
    return {
        "stt_ms": stt_ms,
        "dialogue_ms": dialogue_ms,
        "tts_first_audio_ms": tts_first_audio_ms,
        "turn_latency_ms": end_of_turn_ms + stt_ms + dialogue_ms + tts_first_audio_ms + network_ms,
    }


def _barge_in(rng: random.Random, text: str) -> tuple[str, bool]:
    """Now and then a caller cuts the bot off: the transcript keeps what they heard."""
    words = text.split()
    if len(words) < 12 or rng.random() > 0.08:
        return text, False
    return " ".join(words[: len(words) // 2]), True


def _speaking_ms(rng: random.Random, text: str, speaker: Speaker) -> int:
    if speaker is Speaker.CALLER:
        return len(text.split()) * rng.randint(300, 420) + rng.randint(200, 600)
    return len(text) * rng.randint(58, 72)


def _record_call_usage(
    session: Session, spec: TenantSpec, calls: list[Call], report: SeedReport
) -> None:
    records = [
        UsageRecord(
            tenant_id=call.tenant_id,
            kind=UsageKind.CALL_SECONDS,
            quantity=call.duration_seconds or 0,
            occurred_at=call.ended_at or call.started_at,
            idempotency_key=f"demo:call:{spec.slug}:{n}:seconds",
            bot_id=call.bot_id,
            call_id=call.id,
        )
        for n, call in enumerate(calls, start=1)
    ]
    report.created["usage events"] += record_usage(session=session, records=records)


# --- Invoices ----------------------------------------------------------------------------------


def _create_invoices(
    session: Session,
    rng: random.Random,
    tenant: Tenant,
    window: Window,
    seller: Seller,
    report: SeedReport,
) -> None:
    """One invoice per complete month, as that month's invoice run makes it from the usage
    and numbers above (services.billing): the older paid, the latest open."""
    session.flush()  # the usage events and numbers the bills count
    latest = window.invoice_months[-1]
    for month in window.invoice_months:
        period = Period.month(month.year, month.month)
        [bill] = bills(session=session, period=period, tenant_id=tenant.id)
        issued_at = _at(period.end, 6)
        number = next_invoice_number(session=session, issued_at=issued_at)
        invoice = invoice_for(
            bill, period=period, number=number, issued_at=issued_at, seller=seller
        )
        paid = month != latest
        paid_at = issued_at + timedelta(days=rng.randint(2, 12), hours=rng.randint(1, 9))
        invoice.status = InvoiceStatus.PAID if paid else InvoiceStatus.OPEN
        # Due at the end of the month it is issued in, so the open one is never overdue
        # and no dunning run suspends a demo tenant.
        invoice.due_at = _at(add_months(period.end, 1), 0)
        invoice.paid_at = paid_at if paid else None
        invoice.created_at = issued_at
        session.add(invoice)
        report.created["invoices"] += 1
        report.created["invoice lines"] += len(invoice.lines)


# --- Support -----------------------------------------------------------------------------------


def _create_tickets(
    session: Session,
    rng: random.Random,
    spec: TenantSpec,
    authors: dict[str, User],
    today: date,
    report: SeedReport,
) -> None:
    """Each ticket's thread goes through services.support, then gets its dates in the past."""
    for ticket_spec in spec.tickets:
        (first_author, _, first_body), *replies = ticket_spec.thread
        ticket = open_ticket(
            session=session,
            author=authors[first_author],
            subject=ticket_spec.subject,
            body=first_body,
            priority=ticket_spec.priority,
        )
        for author, internal, body in replies:
            add_reply(
                session=session, ticket=ticket, author=authors[author], body=body, internal=internal
            )
        if ticket.status is not ticket_spec.status:
            set_status(
                session=session, ticket=ticket, status=ticket_spec.status, actor=authors["staff"]
            )
        assign(session=session, ticket=ticket, assignee=authors["staff"], actor=authors["staff"])
        first_at = _at(today - timedelta(days=ticket_spec.days_ago), 9, rng.randint(0, 59))
        _backdate_thread(session, rng, ticket, first_at)
        report.created["support tickets"] += 1
        report.created["ticket messages"] += len(ticket_spec.thread)


def _backdate_thread(
    session: Session, rng: random.Random, ticket: SupportTicket, first_at: datetime
) -> None:
    query = select(TicketMessage).where(TicketMessage.ticket_id == ticket.id)
    at = first_at
    for message in session.scalars(query.order_by(TicketMessage.id)):
        message.created_at = message.updated_at = at
        if not message.is_internal:
            ticket.last_message_at = at
        at += timedelta(hours=rng.randint(1, 3), minutes=rng.randint(0, 59))
    ticket.created_at = first_at
    if ticket.closed_at is not None:
        ticket.closed_at = ticket.last_message_at


# --- The appointment book ---------------------------------------------------------------------

# The calendar runs from a week back to two weeks ahead, so `make run` shows a busy week.
BOOKING_DAYS_BACK, BOOKING_DAYS_AHEAD = 7, 14


def _create_bookings(
    session: Session,
    rng: random.Random,
    tenant: Tenant,
    spec: TenantSpec,
    lines: list[BotLine],
    today: date,
    report: SeedReport,
) -> None:
    """The tenant's services, and bookings that respect their opening hours and capacity:
    most by phone, some by hand, a few cancelled, moved or missed."""
    if not spec.services:
        return
    hours = [bot.business_hours for _spec, bot, _number in lines]
    services = [
        Service(
            tenant_id=tenant.id,
            name=offer.name,
            duration_minutes=offer.duration_minutes,
            price_cents=offer.price_cents,
            capacity=offer.capacity,
            bot_ids=[],
            active=True,
        )
        for offer in spec.services
    ]
    session.add_all(services)
    session.flush()
    made = []
    for offset in range(-BOOKING_DAYS_BACK, BOOKING_DAYS_AHEAD + 1):
        day = today + timedelta(days=offset)
        windows = opening_windows(day, hours)
        for offer, service in zip(spec.services, services, strict=True):
            duration = timedelta(minutes=offer.duration_minutes)
            held: list[tuple[datetime, datetime]] = []
            starts = [s for s in starts_in(windows, duration) if s.start.minute % 30 == 0]
            wanted = rng.randint(0, round(2 * offer.bookings_per_open_day)) if windows else 0
            for slot in rng.sample(starts, min(wanted, len(starts))):
                if peak_overlap(held, slot.start, slot.end) >= service.capacity:
                    continue
                held.append((slot.start, slot.end))
                made.append(_booking(rng, tenant, service, slot.start, slot.end, offset))
    session.add_all(made)
    report.created["services"] += len(services)
    report.created["bookings"] += len(made)


def _booking(
    rng: random.Random,
    tenant: Tenant,
    service: Service,
    start: datetime,
    end: datetime,
    offset: int,
) -> Booking:
    source = BookingSource.PHONE if rng.random() < 0.7 else BookingSource.PORTAL
    status = BookingStatus.BOOKED
    roll = rng.random()
    if roll < 0.08:
        status = BookingStatus.CANCELLED
    elif roll < 0.15:
        status = BookingStatus.MOVED
    elif offset < 0 and roll < 0.18:
        status = BookingStatus.NO_SHOW
    booked_at = start - timedelta(days=rng.randint(1, 10), minutes=rng.randint(0, 600))
    return Booking(
        tenant_id=tenant.id,
        service_id=service.id,
        starts_at=start,
        ends_at=end,
        caller_name=rng.choice(BOOKING_NAMES),
        caller_phone=f"+43664{rng.randint(1000000, 9999999)}",
        party_size=None,
        status=status,
        source=source,
        cancelled_at=booked_at + timedelta(days=1) if status is BookingStatus.CANCELLED else None,
        created_at=booked_at,
    )


def _create_messages(
    session: Session, spec: TenantSpec, calls: list[Call], admin: User, report: SeedReport
) -> None:
    """Messages taken on the tenant's latest answered calls, some handled already. Stored
    directly: the demo sends no e-mails and queues no webhooks."""
    answered = [call for call in calls if call.turns]
    # Oldest first, so ids follow the time they were taken (lists are newest id first).
    for wanted in sorted(spec.messages, key=lambda m: -m.calls_back):
        if wanted.calls_back > len(answered):
            continue
        call = answered[-wanted.calls_back]
        taken_at = call.ended_at or call.started_at
        session.add(
            Message(
                tenant_id=call.tenant_id,
                bot_id=call.bot_id,
                call_id=call.id,
                caller_name=wanted.caller_name,
                caller_phone=call.from_number,
                about=wanted.about,
                status=MessageStatus.DONE if wanted.done else MessageStatus.NEW,
                handled_by_id=admin.id if wanted.done else None,
                handled_at=taken_at + timedelta(hours=1) if wanted.done else None,
                created_at=taken_at,
            )
        )
        report.created["messages"] += 1


# --- Time --------------------------------------------------------------------------------------


def _at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A wall-clock time in Vienna, as an aware UTC datetime."""
    return datetime.combine(day, time(hour, minute, second), tzinfo=VIENNA).astimezone(UTC)


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)
