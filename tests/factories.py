"""Test data factories. Each builds a valid row with sensible defaults, adds it and flushes.

`Factory.row_for(model, tenant)` makes one row of any tenant-owned model: the isolation
tests use it for every model in the mapper registry, so a new tenant-owned model must get a
factory here (the isolation test fails and says so until it has one).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.encryption import CredentialCipher
from core.passwords import hash_password
from core.settings import Settings
from models import (
    ApiKey,
    ApiToken,
    AuditEvent,
    Booking,
    BookingRules,
    BookingSource,
    Bot,
    Call,
    CallStatus,
    CallTurn,
    Invoice,
    InvoiceLine,
    InvoiceLineKind,
    InvoiceStatus,
    Message,
    OutboundEmail,
    PhoneNumber,
    PlanTerm,
    PricePlan,
    Provider,
    ProvisioningJob,
    ProvisioningKind,
    Role,
    Service,
    Speaker,
    SpendingAlert,
    SupportTicket,
    TeamInvitation,
    Tenant,
    TicketMessage,
    TokenScope,
    UsageDay,
    UsageEvent,
    UsageKind,
    User,
    WebhookDelivery,
    WebhookEndpoint,
)
from services.plan_terms import assign_plan
from services.seller import Seller

_counter = itertools.count(1)

# The seller on the invoices tests issue: the development settings' demo company.
SELLER = Seller.from_settings(Settings())
# One real argon2 hash shared by every factory user: hashing per user would cost ~50 ms each.
_PASSWORD = "correct horse battery"
_PASSWORD_HASH = hash_password(_PASSWORD)


def _n() -> int:
    return next(_counter)


class Factory:
    password = _PASSWORD

    def __init__(self, session: Session) -> None:
        self.session = session

    def _save(self, obj: Any) -> Any:
        self.session.add(obj)
        self.session.flush()
        return obj

    def price_plan(self, **kw: Any) -> PricePlan:
        """29 €/month incl. 100 min, 12 ct/min beyond (per second), 5 €/month per number."""
        return self._save(
            PricePlan(
                **{
                    "code": f"test-plan-{_n()}",
                    "name": "Standard",
                    "monthly_fee_cents": 2900,
                    "included_minutes": 100,
                    "per_minute_cents": 12,
                    "number_monthly_fee_cents": 500,
                    **kw,
                }
            )
        )

    def tenant(self, **kw: Any) -> Tenant:
        """A company staff set up long ago, so its base fee runs all month; pass created_at
        for a newer one. Given price_plan_id, it holds that plan from its creation on (a
        plan term, services/plan_terms.py), as services.accounts.create_tenant does."""
        n = _n()
        since = datetime(2025, 1, 1, tzinfo=UTC)
        plan_id = kw.pop("price_plan_id", None)
        tenant = self._save(
            Tenant(**{"name": f"Firma {n}", "slug": f"firma-{n}", "created_at": since, **kw})
        )
        if plan_id is not None:
            plan = self.session.get_one(PricePlan, plan_id)
            assign_plan(session=self.session, tenant=tenant, plan=plan, at=tenant.created_at)
        return tenant

    def plan_term(self, tenant: Tenant, **kw: Any) -> PlanTerm:
        plan_id = kw.pop("price_plan_id", None) or self.price_plan().id
        since = datetime(2025, 1, 1, tzinfo=UTC)
        return self._save(
            PlanTerm(**{"tenant_id": tenant.id, "price_plan_id": plan_id, "starts_at": since, **kw})
        )

    def user(self, tenant: Tenant | None = None, **kw: Any) -> User:
        n = _n()
        role = kw.pop("role", Role.CUSTOMER_USER if tenant else Role.SUPPORT)
        return self._save(
            User(
                **{
                    "email": f"user{n}@example.at",
                    "name": f"User {n}",
                    "password_hash": _PASSWORD_HASH,
                    "role": role,
                    "tenant_id": tenant.id if tenant else None,
                    **kw,
                }
            )
        )

    def team_invitation(self, tenant: Tenant, **kw: Any) -> TeamInvitation:
        n = _n()
        return self._save(
            TeamInvitation(
                **{
                    "email": f"invited{n}@example.at",
                    "name": f"Invited {n}",
                    "role": Role.CUSTOMER_USER,
                    "tenant_id": tenant.id,
                    **kw,
                }
            )
        )

    def bot(self, tenant: Tenant, **kw: Any) -> Bot:
        return self._save(
            Bot(**{"tenant_id": tenant.id, "name": f"Bot {_n()}", "greeting": "Grüß Gott!", **kw})
        )

    def twilio_account(
        self, tenant: Tenant | None, sid: str, token: str, *, settings: Settings
    ) -> None:
        """A Twilio account among the stored credentials: the tenant's own, or with None the
        platform's (services/twilio_accounts.py, services/platform_keys.py)."""
        from services.credentials import store_credential

        for name, value in (("account_sid", sid), ("auth_token", token)):
            store_credential(
                session=self.session,
                cipher=CredentialCipher.from_settings(settings),
                provider=Provider.TWILIO,
                name=name,
                value=value,
                tenant_id=tenant.id if tenant else None,
            )

    def phone_number(self, tenant: Tenant, bot: Bot | None = None, **kw: Any) -> PhoneNumber:
        return self._save(
            PhoneNumber(
                **{
                    "tenant_id": tenant.id,
                    "bot_id": bot.id if bot else None,
                    "e164": f"+4315{_n():07d}",
                    **kw,
                }
            )
        )

    def call(self, tenant: Tenant, bot: Bot | None = None, **kw: Any) -> Call:
        bot = bot or self.bot(tenant)
        return self._save(
            Call(
                **{
                    "tenant_id": tenant.id,
                    "bot_id": bot.id,
                    "from_number": "+436641234567",
                    "to_number": "+4315000000",
                    "status": CallStatus.COMPLETED,
                    "started_at": datetime(2026, 11, 2, 10, 0, tzinfo=UTC),
                    "duration_seconds": 75,
                    **kw,
                }
            )
        )

    def call_turn(self, tenant: Tenant, call: Call | None = None, **kw: Any) -> CallTurn:
        call = call or self.call(tenant)
        return self._save(
            CallTurn(
                **{
                    "tenant_id": tenant.id,
                    "call_id": call.id,
                    "seq": _n(),
                    "speaker": Speaker.CALLER,
                    "text": "Wann habt ihr offen?",
                    "started_ms": 1200,
                    **kw,
                }
            )
        )

    def usage_event(self, tenant: Tenant, **kw: Any) -> UsageEvent:
        return self._save(
            UsageEvent(
                **{
                    "tenant_id": tenant.id,
                    "kind": UsageKind.CALL_SECONDS,
                    "quantity": 60,
                    "occurred_at": datetime(2026, 11, 2, 10, 0, tzinfo=UTC),
                    "idempotency_key": f"test-{_n()}",
                    **kw,
                }
            )
        )

    def usage_day(self, tenant: Tenant, **kw: Any) -> UsageDay:
        """The day's sum the database keeps for a new usage event of `tenant` (its trigger,
        migration usage_days): there is no other way such a row comes to be."""
        event = self.usage_event(tenant, **kw)
        return self.session.scalars(
            select(UsageDay).where(
                UsageDay.tenant_id == tenant.id,
                UsageDay.kind == event.kind,
                UsageDay.bot_id == event.bot_id,
            )
        ).one()

    def invoice(self, tenant: Tenant, **kw: Any) -> Invoice:
        n = _n()
        return self._save(
            Invoice(
                **{
                    "tenant_id": tenant.id,
                    "number": f"VA-TEST-{n:06d}",
                    "period_start": date(2020, 1, 1) + timedelta(days=n),
                    "period_end": date(2020, 1, 31) + timedelta(days=n),
                    "subtotal_cents": 1000,
                    "tax_cents": 200,
                    "total_cents": 1200,
                    **kw,
                }
            )
        )

    def open_invoice_for_last_month(self, tenant: Tenant, **kw: Any) -> Invoice:
        """An open invoice for last calendar month, its end the 1st of this month (exclusive,
        as the invoice run writes it): what a customer's billing page shows as due."""
        last_day = date.today().replace(day=1) - timedelta(days=1)
        return self.invoice(
            tenant,
            status=InvoiceStatus.OPEN,
            period_start=last_day.replace(day=1),
            period_end=last_day + timedelta(days=1),
            **kw,
        )

    def invoice_line(
        self, tenant: Tenant, invoice: Invoice | None = None, **kw: Any
    ) -> InvoiceLine:
        invoice = invoice or self.invoice(tenant)
        return self._save(
            InvoiceLine(
                **{
                    "tenant_id": tenant.id,
                    "invoice_id": invoice.id,
                    "position": 1,
                    "kind": InvoiceLineKind.BASE_FEE,
                    "description": "Grundgebühr",
                    "amount_cents": 1000,
                    **kw,
                }
            )
        )

    def ticket(self, tenant: Tenant, **kw: Any) -> SupportTicket:
        return self._save(
            SupportTicket(**{"tenant_id": tenant.id, "subject": "Bot antwortet nicht", **kw})
        )

    def ticket_message(
        self, tenant: Tenant, ticket: SupportTicket | None = None, **kw: Any
    ) -> TicketMessage:
        ticket = ticket or self.ticket(tenant)
        return self._save(
            TicketMessage(
                **{"tenant_id": tenant.id, "ticket_id": ticket.id, "body": "Hallo!", **kw}
            )
        )

    def provisioning_job(self, tenant: Tenant, **kw: Any) -> ProvisioningJob:
        return self._save(
            ProvisioningJob(**{"tenant_id": tenant.id, "kind": ProvisioningKind.BUY_NUMBER, **kw})
        )

    def api_key(self, tenant: Tenant | None, **kw: Any) -> ApiKey:
        return self._save(
            ApiKey(
                **{
                    "tenant_id": tenant.id if tenant else None,
                    "provider": Provider.OPENAI,
                    "name": f"key-{_n()}",
                    "encrypted_value": "not-a-real-ciphertext",
                    "last4": "abcd",
                    **kw,
                }
            )
        )

    def audit_event(self, tenant: Tenant | None, **kw: Any) -> AuditEvent:
        return self._save(
            AuditEvent(
                **{
                    "tenant_id": tenant.id if tenant else None,
                    "action": "bot.updated",
                    "entity_type": "Bot",
                    **kw,
                }
            )
        )

    def outbound_email(self, tenant: Tenant | None, **kw: Any) -> OutboundEmail:
        return self._save(
            OutboundEmail(
                **{
                    "tenant_id": tenant.id if tenant else None,
                    "to_address": "anna@example.at",
                    "subject": "Willkommen",
                    "body_text": "Hallo Anna!",
                    **kw,
                }
            )
        )

    def api_token(self, tenant: Tenant, **kw: Any) -> ApiToken:
        """A stored token; use services.api_tokens.create_api_token to get a usable one."""
        n = _n()
        return self._save(
            ApiToken(
                **{
                    "tenant_id": tenant.id,
                    "name": f"Token {n}",
                    "prefix": "va_test",
                    "token_digest": f"{n:064d}",
                    "scope": TokenScope.READ,
                    **kw,
                }
            )
        )

    def webhook_endpoint(self, tenant: Tenant, **kw: Any) -> WebhookEndpoint:
        """A stored endpoint; use services.call_events.set_webhook_endpoint for a usable one."""
        return self._save(
            WebhookEndpoint(
                **{
                    "tenant_id": tenant.id,
                    "url": f"https://hooks{_n()}.example.at/voiceagent",
                    "encrypted_secret": "not-a-real-ciphertext",
                    **kw,
                }
            )
        )

    def webhook_delivery(
        self, tenant: Tenant, endpoint: WebhookEndpoint | None = None, **kw: Any
    ) -> WebhookDelivery:
        endpoint = endpoint or self.webhook_endpoint(tenant)
        n = _n()
        return self._save(
            WebhookDelivery(
                **{
                    "tenant_id": tenant.id,
                    "endpoint_id": endpoint.id,
                    "event_id": f"evt_test{n:032d}",
                    "event_type": "call.completed",
                    "payload": {"id": f"evt_test{n:032d}", "type": "call.completed"},
                    **kw,
                }
            )
        )

    def service(self, tenant: Tenant, **kw: Any) -> Service:
        return self._save(
            Service(
                **{
                    "tenant_id": tenant.id,
                    "name": f"Haarschnitt {_n()}",
                    "duration_minutes": 30,
                    "price_cents": 3500,
                    "capacity": 1,
                    "bot_ids": [],
                    "active": True,
                    **kw,
                }
            )
        )

    def booking(self, tenant: Tenant, service: Service | None = None, **kw: Any) -> Booking:
        service = service or self.service(tenant)
        start = kw.pop("starts_at", datetime(2026, 12, 1, 9, 0, tzinfo=UTC) + timedelta(hours=_n()))
        return self._save(
            Booking(
                **{
                    "tenant_id": tenant.id,
                    "service_id": service.id,
                    "starts_at": start,
                    "ends_at": start + timedelta(minutes=service.duration_minutes),
                    "caller_name": "Maria Huber",
                    "caller_phone": "+436641234567",
                    "source": BookingSource.PORTAL,
                    **kw,
                }
            )
        )

    def booking_rules(self, tenant: Tenant, **kw: Any) -> BookingRules:
        return self._save(
            BookingRules(
                **{
                    "tenant_id": tenant.id,
                    "closed_days": [],
                    "horizon_days": 60,
                    "min_notice_minutes": 60,
                    **kw,
                }
            )
        )

    def message(self, tenant: Tenant, bot: Bot | None = None, **kw: Any) -> Message:
        bot = bot or self.bot(tenant)
        return self._save(
            Message(
                **{
                    "tenant_id": tenant.id,
                    "bot_id": bot.id,
                    "caller_name": "Maria Huber",
                    "caller_phone": "+436641234567",
                    "about": "Bitte um Rückruf wegen eines Termins.",
                    **kw,
                }
            )
        )

    def spending_alert(self, tenant: Tenant, **kw: Any) -> SpendingAlert:
        return self._save(
            SpendingAlert(
                **{
                    "tenant_id": tenant.id,
                    "month": date(2026, 11, 1),
                    "level": 80 + _n(),  # unique per tenant and month
                    "spent_cents": 3500,
                    "limit_cents": 4000,
                    **kw,
                }
            )
        )

    def row_for(self, model: type, tenant: Tenant) -> Any:
        """One row of `model` owned by `tenant`."""
        builders: dict[type, Callable[[Tenant], Any]] = {
            Tenant: lambda t: t,
            User: self.user,
            Bot: self.bot,
            PhoneNumber: self.phone_number,
            Call: self.call,
            CallTurn: self.call_turn,
            UsageEvent: self.usage_event,
            UsageDay: self.usage_day,
            Invoice: self.invoice,
            InvoiceLine: self.invoice_line,
            SupportTicket: self.ticket,
            TicketMessage: self.ticket_message,
            ProvisioningJob: self.provisioning_job,
            ApiKey: self.api_key,
            ApiToken: self.api_token,
            AuditEvent: self.audit_event,
            OutboundEmail: self.outbound_email,
            WebhookEndpoint: self.webhook_endpoint,
            WebhookDelivery: self.webhook_delivery,
            Service: self.service,
            Booking: self.booking,
            BookingRules: self.booking_rules,
            Message: self.message,
            SpendingAlert: self.spending_alert,
            PlanTerm: self.plan_term,
            TeamInvitation: self.team_invitation,
        }
        if model not in builders:
            raise LookupError(f"add a factory for {model.__name__} to tests/factories.py")
        return builders[model](tenant)
