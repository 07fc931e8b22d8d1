"""Bots and the phone numbers that reach them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, BigId, IdMixin, Moment, TenantOwned, TimestampMixin, enum_type


class BotStatus(enum.StrEnum):
    DRAFT = "draft"
    PROVISIONING = "provisioning"
    LIVE = "live"
    PAUSED = "paused"
    FAILED = "failed"
    DELETED = "deleted"


class BotLanguage(enum.StrEnum):
    DE_AT = "de-AT"
    EN_US = "en-US"


class Bot(IdMixin, TimestampMixin, TenantOwned, Base):
    """A voice bot: what it says, what it knows, and which engines speak and listen.

    `faq` is a list of {"question": str, "answer": str}; `business_hours` maps weekday
    names ("mon" … "sun") to lists of ["09:00", "17:00"] ranges in Europe/Vienna time.
    """

    __tablename__ = "bots"
    __table_args__ = (Index("ix_bots_tenant_id_status", "tenant_id", "status"),)

    name: Mapped[str] = mapped_column(String(120))
    status: Mapped[BotStatus] = mapped_column(
        enum_type(BotStatus, "bot_status"), default=BotStatus.DRAFT
    )
    language: Mapped[BotLanguage] = mapped_column(
        enum_type(BotLanguage, "bot_language"), default=BotLanguage.DE_AT
    )
    greeting: Mapped[str] = mapped_column(Text, default="")
    instructions: Mapped[str] = mapped_column(Text, default="")
    faq: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    handover_number: Mapped[str | None] = mapped_column(String(20))
    voice: Mapped[str] = mapped_column(String(60), default="default")
    stt_engine: Mapped[str] = mapped_column(String(30), default="offline")
    tts_engine: Mapped[str] = mapped_column(String(30), default="offline")
    dialogue_engine: Mapped[str] = mapped_column(String(30), default="offline")
    business_hours: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    max_call_seconds: Mapped[int] = mapped_column(Integer, default=600)
    silence_timeout_seconds: Mapped[int] = mapped_column(Integer, default=20)
    # Callers who book, move or cancel on the phone get an SMS (services.booking_sms).
    sms_confirmations: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    deleted_at: Mapped[datetime | None] = mapped_column(Moment)

    phone_numbers: Mapped[list[PhoneNumber]] = relationship(back_populates="bot")

    def __repr__(self) -> str:
        return f"<Bot {self.id} {self.name!r} {self.status.value}>"


class PhoneNumberStatus(enum.StrEnum):
    ACTIVE = "active"
    RELEASED = "released"


class PhoneNumber(IdMixin, TimestampMixin, TenantOwned, Base):
    """A number bought for a tenant. Released numbers stay as history; an E.164 number is
    unique among the active ones only, because a released number may be bought again."""

    __tablename__ = "phone_numbers"
    __table_args__ = (
        Index("ix_phone_numbers_tenant_id_status", "tenant_id", "status"),
        Index(
            "uq_phone_numbers_active_e164",
            "e164",
            unique=True,
            postgresql_where=text("status = 'active'"),
            sqlite_where=text("status = 'active'"),
        ),
    )

    bot_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("bots.id", ondelete="SET NULL"))
    e164: Mapped[str] = mapped_column(String(20))
    provider: Mapped[str] = mapped_column(String(20), default="local")
    provider_sid: Mapped[str | None] = mapped_column(String(64))
    # The provider account the number lives in (a Twilio account SID: the platform's, or the
    # tenant's own); calls to it are signed with that account's token, and it is released
    # with that account. None for the local pool and numbers from before accounts were kept.
    provider_account: Mapped[str | None] = mapped_column(String(64))
    country: Mapped[str] = mapped_column(String(2), default="AT")
    status: Mapped[PhoneNumberStatus] = mapped_column(
        enum_type(PhoneNumberStatus, "phone_number_status"), default=PhoneNumberStatus.ACTIVE
    )
    released_at: Mapped[datetime | None] = mapped_column(Moment)

    bot: Mapped[Bot | None] = relationship(back_populates="phone_numbers")

    def __repr__(self) -> str:
        return f"<PhoneNumber {self.e164} {self.status.value}>"
