"""Billing tests share the committed-data fixtures of the jobs tests (real concurrency needs
rows that other connections can see)."""

from tests.jobs.conftest import committed, make_committed

__all__ = ["committed", "make_committed"]
