"""The support desk: the ticket queue, a ticket's thread, replies, internal notes, assignment
and status. Support and platform admins both work here."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, current_app, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.wrappers import Response

from admin_app.access import EVERY_STAFF_ROLE
from admin_app.database import db, staff_db
from admin_app.display import tenant_cell
from admin_app.i18n import lazy, t
from admin_app.labels import ENUM_LABELS
from admin_app.numbers import duration
from admin_app.request_values import row_id
from admin_app.views.base import StaffModelView
from core.catalogue import N_
from models import STAFF_ROLES, SupportTicket, TicketStatus, User
from models.base import utcnow
from services import support
from services.errors import DomainError, ValidationFailed

STATUS_LABELS = {status: ENUM_LABELS[status.value] for status in TicketStatus}


def age(since: datetime | None) -> str:
    if since is None:
        return "—"
    if since.tzinfo is None:  # SQLite hands back naive UTC
        since = since.replace(tzinfo=UTC)
    return duration(int((utcnow() - since).total_seconds()))


def _subject_link(_v: object, _c: object, ticket: SupportTicket, _n: str) -> Markup:
    url = url_for("supportticket.thread", id=ticket.id)
    return Markup('<a href="{}">{}</a>').format(url, ticket.subject)


class TicketView(StaffModelView):
    write_roles = EVERY_STAFF_ROLE  # both answer tickets; nobody edits raw rows
    column_list = (
        "id",
        "subject",
        "tenant_id",
        "status",
        "priority",
        "assignee",
        "created_at",
        "last_message_at",
    )
    column_labels = {"created_at": lazy("Age")}
    column_searchable_list = ("subject",)
    column_filters = ("status", "priority", "assignee_id", "tenant_id", "created_at")
    column_sortable_list = ("id", "status", "priority", "created_at", "last_message_at")
    column_default_sort = ("id", True)
    column_formatters = {
        "subject": _subject_link,
        "tenant_id": tenant_cell,
        "assignee": lambda _v, _c, m, _n: m.assignee.name if m.assignee else "—",
        "created_at": lambda _v, _c, m, _n: age(m.created_at),
    }

    @expose("/thread/")
    def thread(self) -> str:
        ticket = self._ticket(request.args.get("id", type=row_id))
        viewer = current_user.user
        staff = db.session.scalars(
            select(User)
            .where(User.role.in_(STAFF_ROLES), User.is_active.is_(True))
            .order_by(User.name)
        ).all()
        return self.render(
            "admin/ticket_thread.html",
            ticket=ticket,
            messages=support.visible_messages(session=staff_db(), ticket=ticket, viewer=viewer),
            staff=staff,
            statuses=STATUS_LABELS,
            age=age,
        )

    @expose("/thread/reply/", methods=["POST"])
    def reply(self) -> Response:
        ticket = self._ticket(request.form.get("id", type=row_id))
        internal = request.form.get("internal") == "1"
        try:
            support.add_reply(
                session=staff_db(),
                ticket=ticket,
                author=current_user.user,
                body=request.form.get("body", ""),
                internal=internal,
                portal_url=current_app.config["VOICEAGENT_SETTINGS"].portal_base_url,
                ip_address=request.remote_addr,
            )
        except DomainError as error:
            return self._refused(ticket, error)
        db.session.commit()
        flash(
            t("Your internal note was saved.") if internal else t("Your reply was sent."), "success"
        )
        return redirect(url_for(".thread", id=ticket.id))

    @expose("/thread/status/", methods=["POST"])
    def change_status(self) -> Response:
        ticket = self._ticket(request.form.get("id", type=row_id))
        try:
            status = TicketStatus(request.form.get("status", ""))
        except ValueError:
            return self._refused(
                ticket, ValidationFailed({"status": N_("Please choose a status.")})
            )
        support.set_status(
            session=staff_db(),
            ticket=ticket,
            status=status,
            actor=current_user.user,
            ip_address=request.remote_addr,
        )
        db.session.commit()
        flash(t("The status was changed."), "success")
        return redirect(url_for(".thread", id=ticket.id))

    @expose("/thread/assign/", methods=["POST"])
    def assign(self) -> Response:
        ticket = self._ticket(request.form.get("id", type=row_id))
        assignee_id = request.form.get("assignee_id", type=row_id)
        assignee = db.session.get(User, assignee_id) if assignee_id else None
        try:
            support.assign(
                session=staff_db(),
                ticket=ticket,
                assignee=assignee,
                actor=current_user.user,
                ip_address=request.remote_addr,
            )
        except DomainError as error:
            return self._refused(ticket, error)
        db.session.commit()
        flash(t("The ticket was assigned."), "success")
        return redirect(url_for(".thread", id=ticket.id))

    def _ticket(self, ticket_id: int | None) -> SupportTicket:
        ticket = db.session.get(SupportTicket, ticket_id) if ticket_id else None
        if ticket is None:
            abort(404)
        return ticket

    def _refused(self, ticket: SupportTicket, error: DomainError) -> Response:
        db.session.rollback()
        if isinstance(error, ValidationFailed):
            flash(" ".join(t(m) for m in error.fields.values()), "error")
        else:
            flash(t(error.message), "error")
        return redirect(url_for(".thread", id=ticket.id))


class TicketMessageView(StaffModelView):
    column_list = ("id", "tenant_id", "ticket_id", "author", "is_internal", "body", "created_at")
    column_filters = ("tenant_id", "ticket_id", "is_internal")
    column_default_sort = ("id", True)
    column_formatters = {
        "tenant_id": tenant_cell,
        "author": lambda _v, _c, m, _n: m.author.email if m.author else "—",
    }
