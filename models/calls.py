"""Calls and their transcripts."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from models.base import Base, BigId, IdMixin, Moment, TenantOwned, TimestampMixin, enum_type
from models.bots import Bot


class CallStatus(enum.StrEnum):
    """Twilio's call statuses, which status callbacks move us through."""

    QUEUED = "queued"
    RINGING = "ringing"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    BUSY = "busy"
    FAILED = "failed"
    NO_ANSWER = "no-answer"
    CANCELED = "canceled"


class CallOutcome(enum.StrEnum):
    """How the conversation ended, from the bot's point of view."""

    RESOLVED = "resolved"
    HANDED_OVER = "handed_over"
    CALLER_HUNG_UP = "caller_hung_up"
    SILENCE_TIMEOUT = "silence_timeout"
    MAX_LENGTH = "max_length"
    REJECTED = "rejected"
    ERROR = "error"
    # The runtime carrying the call stopped heart-beating (it died or lost its network):
    # closed by the reaper (services.call_reaper) at its last heartbeat.
    CONNECTION_LOST = "connection_lost"


class Call(IdMixin, TimestampMixin, TenantOwned, Base):
    __tablename__ = "calls"
    __table_args__ = (
        Index("ix_calls_tenant_id_started_at", "tenant_id", "started_at"),
        Index("ix_calls_tenant_id_bot_id_started_at", "tenant_id", "bot_id", "started_at"),
        # The calls still open, a handful among millions: the reaper (services.call_reaper)
        # looks for lost ones among them every few seconds without reading the whole table.
        Index(
            "ix_calls_open",
            "id",
            postgresql_where=text("outcome IS NULL"),
            sqlite_where=text("outcome IS NULL"),
        ),
        # The calls that left a question unanswered, a few among many: the dashboard lists
        # the latest (services.call_summary.recent_unanswered) without walking the others.
        Index(
            "ix_calls_left_questions",
            "tenant_id",
            "started_at",
            postgresql_where=text("left_questions"),
            sqlite_where=text("left_questions"),
        ),
    )

    bot_id: Mapped[int] = mapped_column(BigId, ForeignKey("bots.id", ondelete="CASCADE"))
    phone_number_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("phone_numbers.id", ondelete="SET NULL")
    )
    provider_call_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    from_number: Mapped[str] = mapped_column(String(20))
    to_number: Mapped[str] = mapped_column(String(20))
    status: Mapped[CallStatus] = mapped_column(
        enum_type(CallStatus, "call_status"), default=CallStatus.QUEUED
    )
    outcome: Mapped[CallOutcome | None] = mapped_column(enum_type(CallOutcome, "call_outcome"))
    language: Mapped[str] = mapped_column(String(10), default="de-AT")
    started_at: Mapped[datetime] = mapped_column(Moment)
    answered_at: Mapped[datetime | None] = mapped_column(Moment)
    ended_at: Mapped[datetime | None] = mapped_column(Moment)
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    # Stamped by the voice runtime every few seconds while the call is live: a call whose
    # stamp is old lost its runtime, and the reaper closes it (services.call_reaper).
    heartbeat_at: Mapped[datetime | None] = mapped_column(Moment)
    # One line on what happened, in the bot's language, and the same as fields (intent,
    # bookings, message, hand-over, unanswered questions): services.call_summary, written
    # when the call is closed.
    summary: Mapped[str | None] = mapped_column(Text)
    summary_fields: Mapped[dict | None] = mapped_column(JSON)
    # Whether those fields name an unanswered question; kept with them (below), and by
    # hand where SQL writes them (services.retention).
    left_questions: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )

    bot: Mapped[Bot] = relationship()
    turns: Mapped[list[CallTurn]] = relationship(
        back_populates="call", order_by="CallTurn.seq", passive_deletes=True
    )

    @validates("summary_fields")
    def _note_left_questions(self, _key: str, fields: dict | None) -> dict | None:
        self.left_questions = bool((fields or {}).get("unanswered_questions"))
        return fields

    def __repr__(self) -> str:
        return f"<Call {self.id} {self.status.value}>"


class Speaker(enum.StrEnum):
    CALLER = "caller"
    BOT = "bot"


class CallTurn(IdMixin, TenantOwned, Base):
    """One utterance. Offsets are milliseconds from the call's start. On a bot turn, the
    latencies say what each engine took for this reply, and `turn_latency_ms` what the caller
    waited: from the end of their speech to the bot's first audio frame."""

    __tablename__ = "call_turns"
    __table_args__ = (
        UniqueConstraint("call_id", "seq"),
        Index("ix_call_turns_tenant_id_call_id", "tenant_id", "call_id"),
    )

    call_id: Mapped[int] = mapped_column(BigId, ForeignKey("calls.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[Speaker] = mapped_column(enum_type(Speaker, "speaker"))
    text: Mapped[str] = mapped_column(Text)
    started_ms: Mapped[int] = mapped_column(Integer)
    ended_ms: Mapped[int | None] = mapped_column(Integer)
    stt_ms: Mapped[int | None] = mapped_column(Integer)
    dialogue_ms: Mapped[int | None] = mapped_column(Integer)
    tts_first_audio_ms: Mapped[int | None] = mapped_column(Integer)
    turn_latency_ms: Mapped[int | None] = mapped_column(Integer)
    # The bot was cut off: `text` holds only what the caller heard.
    interrupted: Mapped[bool] = mapped_column(Boolean, default=False)

    call: Mapped[Call] = relationship(back_populates="turns")
