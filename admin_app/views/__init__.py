"""Every back-office view, registered on one Admin: the menu reads top to bottom like this."""

from __future__ import annotations

from flask_admin import Admin

from admin_app import job_dashboard
from admin_app.database import db
from admin_app.i18n import lazy
from admin_app.views.billing import InvoiceLineView, InvoiceView
from admin_app.views.bookings import BookingView, ServiceView
from admin_app.views.catalog import BotView, PhoneNumberView, PricePlanView
from admin_app.views.credentials import CredentialsView
from admin_app.views.customers import TenantView, UserView
from admin_app.views.messages import MessageView
from admin_app.views.operations import (
    AuditEventView,
    OutboundEmailView,
    ProvisioningJobView,
    WebhookEventView,
)
from admin_app.views.support import TicketMessageView, TicketView
from admin_app.views.traffic import CallTurnView, CallView, UsageEventView
from models import (
    AuditEvent,
    Booking,
    Bot,
    Call,
    CallTurn,
    Invoice,
    InvoiceLine,
    Message,
    OutboundEmail,
    PhoneNumber,
    PricePlan,
    ProvisioningJob,
    Service,
    SupportTicket,
    Tenant,
    TicketMessage,
    UsageEvent,
    User,
    WebhookEvent,
)


def register_views(admin: Admin) -> None:
    customers, support, billing = lazy("Customers"), lazy("Support"), lazy("Billing")
    operations = lazy("Operations")
    admin.add_view(TenantView(Tenant, db, name=lazy("Tenants"), category=customers))
    admin.add_view(UserView(User, db, name=lazy("Users"), category=customers))
    admin.add_view(BotView(Bot, db, name=lazy("Bots"), category=customers))
    admin.add_view(PhoneNumberView(PhoneNumber, db, name=lazy("Phone numbers"), category=customers))
    admin.add_view(CallView(Call, db, name=lazy("Calls"), category=customers))
    admin.add_view(CallTurnView(CallTurn, db, name=lazy("Call turns"), category=customers))
    admin.add_view(BookingView(Booking, db, name=lazy("Bookings"), category=customers))
    admin.add_view(ServiceView(Service, db, name=lazy("Services"), category=customers))
    admin.add_view(MessageView(Message, db, name=lazy("Messages"), category=customers))
    admin.add_view(TicketView(SupportTicket, db, name=lazy("Tickets"), category=support))
    admin.add_view(
        TicketMessageView(TicketMessage, db, name=lazy("Ticket messages"), category=support)
    )
    admin.add_view(UsageEventView(UsageEvent, db, name=lazy("Usage"), category=billing))
    admin.add_view(InvoiceView(Invoice, db, name=lazy("Invoices"), category=billing))
    admin.add_view(InvoiceLineView(InvoiceLine, db, name=lazy("Invoice lines"), category=billing))
    admin.add_view(PricePlanView(PricePlan, db, name=lazy("Price plans"), category=billing))
    admin.add_view(
        ProvisioningJobView(
            ProvisioningJob, db, name=lazy("Provisioning jobs"), category=operations
        )
    )
    job_dashboard.add_menu_link(admin, category=operations)
    admin.add_view(
        CredentialsView(name=lazy("Credentials"), endpoint="credentials", category=operations)
    )
    admin.add_view(AuditEventView(AuditEvent, db, name=lazy("Audit log"), category=operations))
    admin.add_view(OutboundEmailView(OutboundEmail, db, name=lazy("E-mails"), category=operations))
    admin.add_view(
        WebhookEventView(WebhookEvent, db, name=lazy("Webhook events"), category=operations)
    )
