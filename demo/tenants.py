"""A demo tenant's company, people, bots and phone numbers, made as sign-up and provisioning
make them."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from demo.content import BotSpec, TenantSpec
from demo.report import SeedReport
from demo.window import Window, at
from models import (
    Bot,
    BotLanguage,
    PhoneNumber,
    ProvisioningJob,
    ProvisioningKind,
    ProvisioningStatus,
    Tenant,
    User,
)
from services.accounts import create_customer_user, create_tenant
from services.legal_documents import DPA_VERSION, PRIVACY_VERSION, TERMS_VERSION


def create_demo_tenant(
    session: Session, spec: TenantSpec, window: Window, report: SeedReport
) -> tuple[Tenant, User, User]:
    tenant, admin = create_tenant(
        session=session,
        company_name=spec.name,
        admin=spec.admin.account(),
        locale=spec.locale,
        price_plan_code=spec.plan_code,
        created_at=at(window.first_day - timedelta(days=21), 10),
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


def create_bots(
    session: Session, tenant: Tenant, spec: TenantSpec, window: Window, report: SeedReport
) -> list[BotLine]:
    created_at = at(window.first_day - timedelta(days=14), 11)
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
