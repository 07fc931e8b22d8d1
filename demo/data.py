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

This module runs the load, tenant by tenant, and makes the invoices and tickets; the other
parts are demo/tenants.py (company, people, bots, numbers), demo/calls.py (calls with their
usage and the messages taken on them) and demo/bookings.py (the appointment book), over
demo/window.py's history; demo/content.py holds what they are made of.

Phone numbers are in the fictional +43 1 5550 range; callers come from Austrian mobile
ranges and the fictional UK (+44 7700 900) and US (555-01xx) ranges.
"""

from __future__ import annotations

import random
from dataclasses import asdict
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from demo.bookings import create_bookings
from demo.calls import create_calls, create_messages, record_call_usage
from demo.content import PLANS, STAFF, TENANTS, TenantSpec
from demo.report import SeedReport
from demo.tenants import create_bots, create_demo_tenant
from demo.window import Window, add_months, at
from models import InvoiceStatus, PricePlan, Role, SupportTicket, Tenant, TicketMessage, User
from services.accounts import create_staff_user
from services.billing import Period, bills
from services.call_summary import summarise_stored_call
from services.invoice_numbers import next_invoice_number
from services.invoice_run import invoice_for
from services.price_plans import default_price_plan
from services.seller import Seller
from services.support import add_reply, assign, open_ticket, set_status

SEED = "voiceagent-demo-v1"


_LOGINS = (*STAFF, *(person for tenant in TENANTS for person in (tenant.admin, tenant.user)))
# (role, e-mail, password) of every demo user: `seed-demo` and `voiceagent dev` print them.
DEMO_LOGINS: list[tuple[str, str, str]] = [(x.role.value, x.email, x.password) for x in _LOGINS]


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
    tenant, admin, user = create_demo_tenant(session, spec, window, report)
    lines = create_bots(session, tenant, spec, window, report)
    calls = create_calls(session, rng, tenant, spec, lines, window, report)
    record_call_usage(session, spec, calls, report)
    _create_invoices(session, rng, tenant, window, seller, report)
    authors = {"admin": admin, "user": user, "staff": support}
    _create_tickets(session, rng, spec, authors, window.today, report)
    create_bookings(session, rng, tenant, spec, lines, window.today, report)
    create_messages(session, spec, calls, admin, report)
    session.flush()
    for call in calls:  # as finish_call writes it for a real call
        summarise_stored_call(
            session=session, call=call, turns=[(t.speaker, t.text) for t in call.turns]
        )
    session.flush()


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
        issued_at = at(period.end, 6)
        number = next_invoice_number(session=session, issued_at=issued_at)
        invoice = invoice_for(
            bill, period=period, number=number, issued_at=issued_at, seller=seller
        )
        paid = month != latest
        paid_at = issued_at + timedelta(days=rng.randint(2, 12), hours=rng.randint(1, 9))
        invoice.status = InvoiceStatus.PAID if paid else InvoiceStatus.OPEN
        # Due at the end of the month it is issued in, so the open one is never overdue
        # and no dunning run suspends a demo tenant.
        invoice.due_at = at(add_months(period.end, 1), 0)
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
        first_at = at(today - timedelta(days=ticket_spec.days_ago), 9, rng.randint(0, 59))
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
