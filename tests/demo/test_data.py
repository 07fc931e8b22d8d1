"""The demo seed: what it creates, that a second run adds nothing, and the CLI on SQLite.

Seeding hashes eight passwords with argon2 (~0.1 s each); the tests memoise the real hash
function per password so that each seed costs only the inserts. The tests of the seeded data
share one seed per module (~4 s of CPU each time) in a transaction that is rolled back at the
module's end; each test runs in a savepoint of its own, so what one changes the next never sees.
"""

from __future__ import annotations

import functools
import logging
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Connection, Engine, delete, func, select
from sqlalchemy.orm import Session

from cli.main import main
from core.passwords import hash_password
from core.settings import Settings, load_settings
from demo.data import DEMO_LOGINS, seed_demo
from demo.report import SeedReport
from demo.window import Window, add_months
from models import (
    Base,
    Booking,
    Bot,
    BotLanguage,
    BotStatus,
    Call,
    CallTurn,
    Invoice,
    InvoiceLine,
    InvoiceLineKind,
    InvoiceStatus,
    Message,
    MessageStatus,
    PhoneNumber,
    PricePlan,
    Role,
    Service,
    Speaker,
    SupportTicket,
    Tenant,
    TicketMessage,
    UsageEvent,
    User,
)
from models.database import make_engine, make_session_factory
from models.migrate import upgrade
from models.scoping import staff_session
from services.accounts import authenticate
from services.billing import Period
from services.invoice_run import run_invoices
from services.legal_documents import DPA_VERSION, PRIVACY_VERSION, TERMS_VERSION
from services.processing_agreement import processing_agreement_pdf
from services.seller import Seller
from services.vienna_time import VIENNA
from tests.conftest import REDIS_URL
from tests.services.test_processing_agreement import pdf_text

TODAY = date(2026, 11, 26)
_cached_hash = functools.cache(hash_password)


@pytest.fixture(autouse=True)
def _hash_each_password_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("services.accounts.hash_password", _cached_hash)


@pytest.fixture
def seller(settings: Settings) -> Seller:
    return Seller.from_settings(settings)


@pytest.fixture(scope="module")
def _seeded_once(
    engine: Engine, database_url: str, owner_database_url: str
) -> Iterator[tuple[Connection, SeedReport]]:
    """The demo seeded once on a connection whose transaction is rolled back afterwards."""
    seller = Seller.from_settings(
        load_settings(
            env="test",
            database_url=database_url,
            database_owner_url=owner_database_url,
            redis_url=REDIS_URL,
        )
    )
    with engine.connect() as connection, pytest.MonkeyPatch.context() as patch:
        patch.setattr("services.accounts.hash_password", _cached_hash)
        outer = connection.begin()
        factory = make_session_factory(connection, join_transaction_mode="create_savepoint")
        with staff_session(factory) as session:
            report = seed_demo(session=session, today=TODAY, seller=seller)
            session.commit()
        yield connection, report
        outer.rollback()


@pytest.fixture
def seeded(_seeded_once: tuple[Connection, SeedReport]) -> Iterator[tuple[Session, SeedReport]]:
    """The seeded demo, in a savepoint that is rolled back after the test."""
    connection, report = _seeded_once
    savepoint = connection.begin_nested()
    factory = make_session_factory(connection, join_transaction_mode="create_savepoint")
    try:
        with staff_session(factory) as session:
            yield session, report
    finally:
        savepoint.rollback()


def _row_counts(session: Session) -> dict[str, int]:
    return {
        table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
        for table in Base.metadata.sorted_tables
    }


def test_report_counts_every_row_it_created(seeded: tuple[Session, SeedReport]) -> None:
    session, report = seeded
    counts = _row_counts(session)
    assert report.created["tenants"] == counts["tenants"] == 3
    assert report.created["users"] == counts["users"] == 8
    assert report.created["price plans"] == counts["price_plans"] == 2
    assert report.created["calls"] == counts["calls"]
    assert report.created["call turns"] == counts["call_turns"]
    assert report.created["usage events"] == counts["usage_events"] == counts["calls"]
    assert report.created["invoices"] == counts["invoices"] == 6
    assert report.created["ticket messages"] == counts["ticket_messages"]
    assert report.created["messages"] == counts["messages"] == 4
    assert 200 <= counts["calls"] <= 700  # a few hundred: enough to look alive, quick to load
    assert report.summary().startswith("Demo data created: ")


def test_three_tenants_one_austrian_with_german_bots_and_one_english(
    seeded: tuple[Session, SeedReport],
) -> None:
    session, _ = seeded
    languages: dict[str, set[BotLanguage]] = {}
    for slug, language in session.execute(select(Tenant.slug, Bot.language).join(Bot)):
        languages.setdefault(slug, set()).add(language)
    assert len(languages) == 3
    assert languages["heuriger-gruener-baum"] == {BotLanguage.DE_AT}
    assert BotLanguage.EN_US in languages["danube-walking-tours"]
    german = " ".join(session.scalars(select(Bot.greeting).where(Bot.language == "de-AT")))
    assert any(letter in german for letter in "äöüß")
    plans = session.scalars(
        select(PricePlan.code).join(Tenant, Tenant.price_plan_id == PricePlan.id)
    )
    assert set(plans) == {"start", "business"}


def test_every_role_logs_in_with_the_printed_password(seeded: tuple[Session, SeedReport]) -> None:
    session, _ = seeded
    users = {u.email: u for u in session.scalars(select(User))}
    assert {role for role, _email, _password in DEMO_LOGINS} == {role.value for role in Role}
    assert len(DEMO_LOGINS) == len(users)
    for role, email, password in DEMO_LOGINS:
        assert len(password) >= 10
        assert users[email].role.value == role
        assert (users[email].tenant_id is None) == users[email].is_staff
        assert authenticate(session=session, email=email, password=password).email == email
    per_tenant = Counter((u.tenant_id, u.role) for u in users.values() if not u.is_staff)
    assert len(per_tenant) == 6 and set(per_tenant.values()) == {1}


def test_every_company_accepted_the_agreements_when_it_signed_up(
    seeded: tuple[Session, SeedReport], settings: Settings
) -> None:
    """As a sign-up does: the processing agreement is the company's, the terms and the
    privacy policy its administrator's. From these fields the portal's privacy page says
    "Angenommen am …, Version …" and offers no "accept"; the agreement's PDF says so too."""
    session, _ = seeded
    tenants = session.scalars(select(Tenant)).all()
    assert len(tenants) == 3
    for tenant in tenants:
        assert (tenant.dpa_version, tenant.dpa_accepted_at) == (DPA_VERSION, tenant.created_at)
        [admin] = [u for u in tenant.users if u.role is Role.CUSTOMER_ADMIN]
        assert (admin.terms_version, admin.privacy_version) == (TERMS_VERSION, PRIVACY_VERSION)
        assert admin.terms_accepted_at == admin.privacy_accepted_at == tenant.created_at
        seller = Seller.from_settings(settings)
        agreement = pdf_text(processing_agreement_pdf(tenant=tenant, seller=seller, locale="de"))
        assert "Angenommen am" in agreement and "Noch nicht angenommen" not in agreement


def test_bots_are_live_paused_and_draft_with_faq_hours_and_numbers(
    seeded: tuple[Session, SeedReport],
) -> None:
    session, _ = seeded
    bots = list(session.scalars(select(Bot)))
    assert Counter(bot.status for bot in bots) == {
        BotStatus.LIVE: 3,
        BotStatus.PAUSED: 1,
        BotStatus.DRAFT: 1,
    }
    for bot in bots:
        assert bot.faq and all(entry["question"] and entry["answer"] for entry in bot.faq)
        assert bot.business_hours and bot.handover_number
    numbers = list(session.scalars(select(PhoneNumber)))
    assert {n.bot_id for n in numbers} == {b.id for b in bots if b.status is not BotStatus.DRAFT}
    assert all(n.e164.startswith("+431") and n.provider == "local" for n in numbers)


def test_calls_with_transcripts_in_both_invoiced_months(
    seeded: tuple[Session, SeedReport],
) -> None:
    session, _ = seeded
    calls = list(session.scalars(select(Call)))
    months = Counter(call.started_at.astimezone(VIENNA).date().replace(day=1) for call in calls)
    for month in Window.ending(TODAY).invoice_months:
        assert months[month] >= 50
    assert max(call.started_at for call in calls) < datetime(2026, 11, 26, tzinfo=VIENNA)

    turns_by_call: dict[int, list[CallTurn]] = {}
    for turn in session.scalars(select(CallTurn).order_by(CallTurn.call_id, CallTurn.seq)):
        turns_by_call.setdefault(turn.call_id, []).append(turn)
    assert set(turns_by_call) == {call.id for call in calls}
    for turns in turns_by_call.values():
        speakers = [turn.speaker for turn in turns]
        assert speakers[::2] == [Speaker.BOT] * len(speakers[::2])
        assert speakers[1::2] == [Speaker.CALLER] * len(speakers[1::2])
        for reply in turns[2::2]:  # every bot turn after the greeting answers the caller
            engines = reply.stt_ms + reply.dialogue_ms + reply.tts_first_audio_ms
            assert reply.turn_latency_ms > engines > 0
            assert reply.started_ms >= turns[reply.seq - 1].ended_ms


def test_usage_is_one_call_seconds_event_per_call(seeded: tuple[Session, SeedReport]) -> None:
    session, _ = seeded
    durations = {call.id: call.duration_seconds for call in session.scalars(select(Call))}
    usage = {e.call_id: e for e in session.scalars(select(UsageEvent))}
    assert {call_id: e.quantity for call_id, e in usage.items()} == durations
    assert all(e.idempotency_key.startswith("demo:call:") for e in usage.values())


def test_invoices_add_up_and_bill_the_usage(seeded: tuple[Session, SeedReport]) -> None:
    session, _ = seeded
    invoices = list(session.scalars(select(Invoice).order_by(Invoice.period_start)))
    for invoice in invoices:
        plan = session.get(PricePlan, session.get(Tenant, invoice.tenant_id).price_plan_id)
        lines = {line.kind: line for line in invoice.lines}
        assert invoice.subtotal_cents == sum(line.amount_cents for line in invoice.lines)
        assert invoice.tax_rate_bp == 2000
        assert invoice.tax_cents == round(invoice.subtotal_cents * 0.2)
        assert invoice.total_cents == invoice.subtotal_cents + invoice.tax_cents
        assert lines[InvoiceLineKind.BASE_FEE].amount_cents == plan.monthly_fee_cents
        beyond = max(0, _billed_seconds(session, invoice) - plan.included_minutes * 60)
        minutes = lines.get(InvoiceLineKind.MINUTES)  # no line when within the plan
        assert (minutes.quantity if minutes else 0) == beyond
    assert [i.status for i in invoices] == [InvoiceStatus.PAID] * 3 + [InvoiceStatus.OPEN] * 3
    talked = [i for i in invoices for line in i.lines if line.kind is InvoiceLineKind.MINUTES]
    assert any(line.amount_cents > 0 for i in talked for line in i.lines)  # beyond the plan


def _billed_seconds(session: Session, invoice: Invoice) -> int:
    events = session.scalars(select(UsageEvent).where(UsageEvent.tenant_id == invoice.tenant_id))
    return sum(
        e.quantity
        for e in events
        if invoice.period_start <= e.occurred_at.astimezone(VIENNA).date() < invoice.period_end
    )


def test_tickets_have_a_customer_message_a_staff_reply_and_an_internal_note(
    seeded: tuple[Session, SeedReport],
) -> None:
    session, _ = seeded
    tickets = list(session.scalars(select(SupportTicket)))
    assert len({t.tenant_id for t in tickets}) == 3
    for ticket in tickets:
        thread = [(m.author.role, m.is_internal) for m in ticket.messages]
        assert thread[0] == (Role.CUSTOMER_ADMIN, False)
        assert (Role.SUPPORT, False) in thread and (Role.SUPPORT, True) in thread
        assert ticket.assignee is not None and ticket.assignee.is_staff
    note = session.scalars(select(TicketMessage).where(TicketMessage.is_internal)).first()
    assert note is not None


def test_the_invoice_run_over_the_demo_usage_makes_the_demo_invoices(
    seeded: tuple[Session, SeedReport], seller: Seller
) -> None:
    """Demo invoices are what the real run produces: with them deleted, each month's invoice
    run over the demo's usage and numbers makes them again, every line to the cent."""
    session, _ = seeded
    demo = _invoice_figures(session)
    session.execute(delete(InvoiceLine))
    session.execute(delete(Invoice))
    for month in Window.ending(TODAY).invoice_months:
        period = Period.month(month.year, month.month)
        run_invoices(session=session, period=period, seller=seller)
    assert _invoice_figures(session) == demo
    session.rollback()


def _invoice_figures(session: Session) -> list[tuple]:
    invoices = session.scalars(select(Invoice).order_by(Invoice.tenant_id, Invoice.period_start))
    return [
        (
            invoice.tenant_id,
            invoice.period_start,
            invoice.period_end,
            invoice.subtotal_cents,
            invoice.tax_rate_bp,
            invoice.tax_cents,
            invoice.total_cents,
            invoice.seller_details,
            invoice.customer_details,
            [
                (
                    line.kind,
                    line.description,
                    line.quantity,
                    line.unit_amount_cents,
                    line.amount_cents,
                )
                for line in sorted(invoice.lines, key=lambda line: line.position)
            ],
        )
        for invoice in invoices
    ]


def test_a_second_run_changes_nothing(seeded: tuple[Session, SeedReport], seller: Seller) -> None:
    session, _ = seeded
    before = _row_counts(session)
    again = seed_demo(session=session, today=TODAY, seller=seller)
    session.commit()
    assert not again.created_anything
    assert again.summary() == "Demo data is already there: nothing created."
    assert _row_counts(session) == before


def test_the_same_day_gives_the_same_data_on_sqlite(
    seeded: tuple[Session, SeedReport], tmp_path: Path, seller: Seller
) -> None:
    postgres_session, _ = seeded
    url = f"sqlite:///{tmp_path / 'same.db'}"
    upgrade(database_url=url)
    engine = make_engine(url)
    try:
        with staff_session(make_session_factory(engine)) as session:
            seed_demo(session=session, today=TODAY, seller=seller)
            assert _fingerprint(session) == _fingerprint(postgres_session)
    finally:
        engine.dispose()


def _fingerprint(session: Session) -> list[tuple]:
    calls = session.execute(
        select(Tenant.slug, Call.started_at, Call.from_number, Call.outcome, CallTurn.text)
        .join(Tenant, Tenant.id == Call.tenant_id)
        .join(CallTurn, CallTurn.call_id == Call.id)
        .order_by(Tenant.slug, Call.started_at, CallTurn.seq)
    )
    # Not the numbers: they count on from whatever else that database invoiced in the year.
    invoices = session.execute(
        select(Tenant.slug, Invoice.period_start, Invoice.total_cents)
        .join(Tenant, Tenant.id == Invoice.tenant_id)
        .order_by(Tenant.slug, Invoice.period_start)
    )
    return [tuple(_utc(value) for value in row) for row in (*calls, *invoices)]


def _utc(value: object) -> object:
    """SQLite hands datetimes back without their (UTC) zone."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


@pytest.mark.parametrize(
    ("today", "months"),
    [
        (date(2026, 11, 26), (date(2026, 9, 1), date(2026, 10, 1))),
        (date(2027, 1, 1), (date(2026, 11, 1), date(2026, 12, 1))),
        (date(2027, 2, 28), (date(2026, 12, 1), date(2027, 1, 1))),
    ],
)
def test_the_window_invoices_the_two_complete_months_before_today(
    today: date, months: tuple[date, date]
) -> None:
    window = Window.ending(today)
    assert window.invoice_months == months
    assert window.days()[0] == months[0] and window.days()[-1] < today
    assert add_months(months[0], 2) == today.replace(day=1)


@pytest.fixture
def _restore_logging() -> Iterator[None]:
    """`voiceagent` configures the root logger; put it back so later tests log as before."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.usefixtures("_restore_logging")
def test_cli_seeds_a_fresh_sqlite_database_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade(database_url=url)
    runner = CliRunner()

    first = runner.invoke(main, ["seed-demo"], env={"DATABASE_URL": url})
    assert first.exit_code == 0, first.output
    assert "Demo data created: " in first.output and "3 tenants" in first.output
    for role, email, password in DEMO_LOGINS:
        assert f"{role}" in first.output and email in first.output and password in first.output
    counts = _sqlite_row_counts(url)

    second = runner.invoke(main, ["seed-demo"], env={"DATABASE_URL": url})
    assert second.exit_code == 0, second.output
    assert "nothing created" in second.output
    assert _sqlite_row_counts(url) == counts

    skipped = runner.invoke(main, ["seed-demo", "--if-empty"], env={"DATABASE_URL": url})
    assert skipped.exit_code == 0, skipped.output
    assert "demo data not loaded" in skipped.output


@pytest.mark.usefixtures("_restore_logging")
def test_cli_asks_for_the_migration_first(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = CliRunner().invoke(main, ["seed-demo"], env={"DATABASE_URL": url})
    assert result.exit_code != 0
    assert "voiceagent db upgrade" in result.output


def _sqlite_row_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with staff_session(make_session_factory(engine)) as session:
            return _row_counts(session)
    finally:
        engine.dispose()


def test_the_salon_has_messages_on_its_calls_some_handled(
    seeded: tuple[Session, SeedReport],
) -> None:
    session, _ = seeded
    found = session.scalars(select(Message).order_by(Message.created_at)).all()
    salon = session.scalars(select(Tenant).where(Tenant.slug == "salon-schoenhaar")).one()
    assert {m.tenant_id for m in found} == {salon.id}
    assert sorted(m.status.value for m in found) == ["done", "done", "new", "new"]
    for message in found:
        call = session.get(Call, message.call_id)
        assert call is not None and call.tenant_id == message.tenant_id
        assert message.caller_phone == call.from_number
        assert (message.handled_by_id is not None) == (message.status is MessageStatus.DONE)


def test_every_demo_call_has_its_summary(seeded: tuple[Session, SeedReport]) -> None:
    session, _ = seeded
    calls = session.scalars(select(Call)).all()
    assert calls and all(call.summary and call.summary_fields for call in calls)
    with_message = session.scalars(select(Call).where(Call.id.in_(select(Message.call_id)))).all()
    assert with_message and all(c.summary_fields["message_taken"] for c in with_message)


def test_each_booking_line_has_services_to_book_and_bookings_around_today(
    seeded: tuple[Session, SeedReport],
) -> None:
    """The English demo company's live "Booking line" books tours, as the salon books
    haircuts: both have services every bot offers, and bookings from the week before
    today to the weeks after it."""
    session, _ = seeded
    for slug in ("salon-schoenhaar", "danube-walking-tours"):
        tenant = session.scalars(select(Tenant).where(Tenant.slug == slug)).one()
        services = list(session.scalars(select(Service).where(Service.tenant_id == tenant.id)))
        assert services and all(s.active and s.bot_ids == [] for s in services), slug
        starts = [
            b.starts_at
            for b in session.scalars(select(Booking).where(Booking.tenant_id == tenant.id))
        ]
        assert min(starts).date() < TODAY < max(starts).date(), slug
