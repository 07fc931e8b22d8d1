"""The home page's figures, computed at most once a minute for the whole platform.

They aggregate every tenant's calls and usage; with millions of rows that is too slow to run
per page view, and a minute-old figure is fine on a dashboard. The cache lives in Redis, so
every back-office process shares it.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

import redis
from sqlalchemy.orm import Session

from services.platform_stats import DayMinutes, HomeFigures, home_figures

TTL_SECONDS = 60


def cached_home_figures(*, client: redis.Redis, session: Session, today: date) -> HomeFigures:
    key = f"voiceagent:admin:home:{today.isoformat()}"
    raw = client.get(key)
    if raw is not None:
        return _load(raw if isinstance(raw, bytes) else raw.encode())
    figures = home_figures(session=session, today=today)
    client.set(key, json.dumps(asdict(figures), default=str), ex=TTL_SECONDS)
    return figures


def _load(raw: bytes) -> HomeFigures:
    data = json.loads(raw)
    data["daily_minutes"] = [
        DayMinutes(date.fromisoformat(d["day"]), d["minutes"]) for d in data["daily_minutes"]
    ]
    return HomeFigures(**data)
