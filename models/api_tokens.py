"""Tenant API tokens for the public REST API (/api/v1).

Not to be confused with `ApiKey`, which holds *our* credentials for outside services. A token
is shown once when created; only its SHA-256 digest is stored (a random 256-bit token needs no
slow hash), plus a short prefix so people can tell their tokens apart.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, IdMixin, Moment, TenantOwned, TimestampMixin, enum_type


class TokenScope(enum.StrEnum):
    READ = "read"
    READ_WRITE = "read_write"


class ApiToken(IdMixin, TimestampMixin, TenantOwned, Base):
    __tablename__ = "api_tokens"
    __table_args__ = (Index("ix_api_tokens_tenant_id_revoked_at", "tenant_id", "revoked_at"),)

    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(12))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[TokenScope] = mapped_column(enum_type(TokenScope, "token_scope"))
    created_by_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="SET NULL")
    )
    last_used_at: Mapped[datetime | None] = mapped_column(Moment)
    revoked_at: Mapped[datetime | None] = mapped_column(Moment)

    @property
    def can_write(self) -> bool:
        return self.scope is TokenScope.READ_WRITE

    def __repr__(self) -> str:  # never the digest
        return f"<ApiToken {self.prefix}… {self.scope.value}>"
