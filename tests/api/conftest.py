"""The REST API in-process against the test database and Redis."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
import redis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from customer_ui.api import create_api
from models import Role, Tenant, TokenScope, User
from services.api_tokens import create_api_token
from tests.factories import Factory


@pytest.fixture
def api(
    settings: Settings, session_factory: sessionmaker[Session], redis_client: redis.Redis
) -> FastAPI:
    return create_api(settings=settings, session_factory=session_factory, redis_client=redis_client)


@pytest.fixture
def client(api: FastAPI) -> TestClient:
    return TestClient(api, raise_server_exceptions=False)


@dataclass
class Account:
    tenant: Tenant
    admin: User
    read_token: str
    write_token: str

    def headers(self, *, write: bool = True) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.write_token if write else self.read_token}"}


@pytest.fixture
def account_for(make: Factory, staff_db: Session) -> Callable[[], Account]:
    def build() -> Account:
        tenant = make.tenant()
        admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
        read = create_api_token(session=staff_db, creator=admin, name="ro", scope=TokenScope.READ)
        write = create_api_token(
            session=staff_db, creator=admin, name="rw", scope=TokenScope.READ_WRITE
        )
        staff_db.commit()
        return Account(tenant, admin, read.plain, write.plain)

    return build


@pytest.fixture
def alpha(account_for: Callable[[], Account]) -> Account:
    return account_for()


@pytest.fixture
def beta(account_for: Callable[[], Account]) -> Account:
    return account_for()
