"""SQLAlchemy entities. Importing this package registers every table on `Base.metadata`."""

from models.api_tokens import ApiToken, TokenScope
from models.base import Base, OptionallyTenantOwned, TenantOwned
from models.billing import (
    Invoice,
    InvoiceLine,
    InvoiceLineKind,
    InvoiceNumberCounter,
    InvoiceStatus,
    PlanTerm,
    SpendingAlert,
    UsageDay,
    UsageEvent,
    UsageKind,
    WebhookEvent,
)
from models.bookings import Booking, BookingRules, BookingSource, BookingStatus, Service
from models.bots import Bot, BotLanguage, BotStatus, PhoneNumber, PhoneNumberStatus
from models.calls import Call, CallOutcome, CallStatus, CallTurn, Speaker
from models.list_indexes import LIST_INDEXES  # noqa: F401 - registers the lists' indexes
from models.messages import Message, MessageStatus
from models.notifications import EmailStatus, OutboundEmail
from models.operations import (
    ApiKey,
    AuditEvent,
    Provider,
    ProvisioningJob,
    ProvisioningKind,
    ProvisioningStatus,
)
from models.support import SupportTicket, TicketMessage, TicketPriority, TicketStatus
from models.tenancy import (
    CUSTOMER_ROLES,
    STAFF_ROLES,
    PricePlan,
    Role,
    TeamInvitation,
    Tenant,
    TenantStatus,
    User,
)
from models.webhooks import DeliveryStatus, WebhookDelivery, WebhookEndpoint

__all__ = [
    "CUSTOMER_ROLES",
    "STAFF_ROLES",
    "ApiKey",
    "ApiToken",
    "AuditEvent",
    "Base",
    "Booking",
    "BookingRules",
    "BookingSource",
    "BookingStatus",
    "Bot",
    "BotLanguage",
    "BotStatus",
    "Call",
    "CallOutcome",
    "CallStatus",
    "CallTurn",
    "DeliveryStatus",
    "EmailStatus",
    "Invoice",
    "InvoiceLine",
    "InvoiceLineKind",
    "InvoiceNumberCounter",
    "InvoiceStatus",
    "Message",
    "MessageStatus",
    "OptionallyTenantOwned",
    "OutboundEmail",
    "PhoneNumber",
    "PhoneNumberStatus",
    "PlanTerm",
    "PricePlan",
    "Provider",
    "ProvisioningJob",
    "ProvisioningKind",
    "ProvisioningStatus",
    "Role",
    "Speaker",
    "SpendingAlert",
    "Service",
    "SupportTicket",
    "TeamInvitation",
    "Tenant",
    "TenantOwned",
    "TenantStatus",
    "TicketMessage",
    "TicketPriority",
    "TicketStatus",
    "TokenScope",
    "UsageDay",
    "UsageEvent",
    "UsageKind",
    "User",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
]
