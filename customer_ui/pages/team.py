"""Team, for administrators only (Action.TEAM): who works in the account, invitations, role
changes and removal. The services refuse everyone else too."""

from __future__ import annotations

from typing import Any

from nicegui import ui
from nicegui.events import ValueChangeEventArguments
from sqlalchemy.orm import Session

from core.catalogue import N_
from customer_ui.confirmation import confirmation
from customer_ui.context import PortalContext
from customer_ui.layout import MemberPage, guarded, member_page
from customer_ui.submit import submit
from customer_ui.text_fields import text_input
from models import Role, User
from services.errors import Conflict, ValidationFailed
from services.permissions import Action
from services.team import (
    Member,
    change_invitation_role,
    change_role,
    invite,
    list_members,
    remove_member,
    withdraw_invitation,
)
from services.text_input import EMAIL_LENGTH, NAME_LENGTH

# Keyed by whether it is an invitation.
_REMOVAL_QUESTIONS = {
    False: N_("Remove {name} from the team? They can no longer log in."),
    True: N_("Withdraw the invitation for {name}? The link in their e-mail stops working."),
}
ROLE_LABELS = {Role.CUSTOMER_ADMIN: N_("Administrator"), Role.CUSTOMER_USER: N_("User")}


def register(ctx: PortalContext) -> None:
    @ui.page("/team")
    def team_page() -> None:
        with member_page(ctx, N_("Team")) as page:
            if page.refused(Action.TEAM):
                return
            _invite_card(ctx, page)
            for member in list_members(session=page.db, viewer=page.user):
                _member_card(ctx, page, member)


def _invite_card(ctx: PortalContext, page: MemberPage) -> None:
    tr = page.tr
    roles = {r.value: tr(label) for r, label in ROLE_LABELS.items()}
    with ui.card().classes("w-full gap-2"):
        ui.label(tr("Invite someone")).classes("font-semibold")
        with ui.row().classes("w-full items-start gap-2"):
            inputs = {
                "name": text_input(tr("Name"), max_length=NAME_LENGTH).classes("w-56"),
                "email": text_input(tr("E-mail"), max_length=EMAIL_LENGTH)
                .props("type=email")
                .classes("w-64"),
                "role": ui.select(roles, value=Role.CUSTOMER_USER.value, label=tr("Role")).classes(
                    "w-40"
                ),
            }

            def send_invite() -> None:
                sent = submit(
                    ctx,
                    page,
                    inputs,
                    lambda db, user: _invite(ctx, db, user, inputs),
                    done=tr("Invitation sent."),
                )
                if sent is not None:
                    ui.navigate.reload()

            ui.button(tr("Send invitation"), icon="send", on_click=guarded(tr, send_invite))


def _invite(ctx: PortalContext, db: Session, inviter: User, inputs: dict[str, Any]) -> None:
    """Sends the invitation; someone on the team already is the e-mail field's error."""
    try:
        invite(
            session=db,
            signer=ctx.signer,
            inviter=inviter,
            email=inputs["email"].value or "",
            name=inputs["name"].value or "",
            role=Role(inputs["role"].value),
            portal_url=ctx.settings.portal_base_url,
        )
    except Conflict as error:
        raise ValidationFailed({"email": error.message}) from None


def _member_card(ctx: PortalContext, page: MemberPage, member: Member) -> None:
    tr = page.tr
    with ui.card().classes("w-full"), ui.row().classes("w-full items-center justify-between"):
        with ui.column().classes("gap-0"):
            you = tr("you")
            me = not member.invited and member.id == page.user.id
            name = member.name + (f" ({you})" if me else "")
            ui.label(name).classes("font-semibold")
            status = (
                tr("invited, has not logged in yet")
                if member.invited
                else tr("last login: {when}", when=tr.when(member.last_login_at))
            )
            ui.label(f"{member.email} · {status}").classes("text-sm text-gray-600")
        if me:
            ui.label(tr(ROLE_LABELS[member.role]))
            return
        with ui.row().classes("items-center gap-2"):

            def set_role(e: ValueChangeEventArguments) -> None:
                with ctx.tenant_db(page.who) as (db, user):
                    if member.invited:
                        change_invitation_role(
                            session=db, actor=user, invitation_id=member.id, role=Role(e.value)
                        )
                    else:
                        change_role(session=db, actor=user, user_id=member.id, role=Role(e.value))
                ui.notify(tr("Role changed."), type="positive")

            ui.select(
                {r.value: tr(label) for r, label in ROLE_LABELS.items()},
                value=member.role.value,
                on_change=guarded(tr, set_role),
            ).classes("w-40")

            def remove() -> None:
                with ctx.tenant_db(page.who) as (db, user):
                    if member.invited:
                        withdraw_invitation(session=db, actor=user, invitation_id=member.id)
                    else:
                        remove_member(session=db, actor=user, user_id=member.id)
                done = (
                    N_("Invitation withdrawn.") if member.invited else N_("Removed from the team.")
                )
                ui.notify(tr(done), type="positive")
                ui.navigate.reload()

            hint = N_("Withdraw the invitation") if member.invited else N_("Remove from the team")
            question = confirmation(
                tr,
                tr(_REMOVAL_QUESTIONS[member.invited], name=member.name),
                yes=tr(hint),
                do=remove,
            )
            ui.button(icon="person_remove", color="negative", on_click=question.open).props(
                "flat"
            ).tooltip(tr(hint)).mark("remove")
