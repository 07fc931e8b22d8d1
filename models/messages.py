"""Messages the phone bot takes for the owner when it cannot help: who called, their number,
what it is about. The team reads them in the portal and marks them done."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, BigId, IdMixin, Moment, TenantOwned, TimestampMixin, enum_type
from models.bots import Bot
from models.tenancy import User


class MessageStatus(enum.StrEnum):
    NEW = "new"
    DONE = "done"


class Message(IdMixin, TimestampMixin, TenantOwned, Base):
    __tablename__ = "messages"
    __table_args__ = (
        # The portal's list (newest first) and the dashboard's count of new ones.
        Index("ix_messages_tenant_id_status_id", "tenant_id", "status", "id"),
        Index("ix_messages_tenant_id_call_id", "tenant_id", "call_id"),
    )

    bot_id: Mapped[int] = mapped_column(BigId, ForeignKey("bots.id", ondelete="CASCADE"))
    # The call it was taken on; kept when the call's transcript is deleted.
    call_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("calls.id", ondelete="SET NULL"))
    caller_name: Mapped[str] = mapped_column(String(120), default="")
    caller_phone: Mapped[str] = mapped_column(String(20), default="")
    about: Mapped[str] = mapped_column(Text)
    status: Mapped[MessageStatus] = mapped_column(
        enum_type(MessageStatus, "message_status"), default=MessageStatus.NEW
    )
    handled_by_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="SET NULL")
    )
    handled_at: Mapped[datetime | None] = mapped_column(Moment)

    bot: Mapped[Bot] = relationship()
    handled_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Message {self.id} {self.status.value}>"
