"""Keyset paging: a page starts right past the last row seen, by the columns the list is
sorted on, so the database reads from there in the index and page 50,000 costs what page 1
does (OFFSET reads and throws away every row before the page).

The one helper behind the back office's big tables (by id) and the calls of the portal and the
API (by start time, then id). It works on a `Select` and on a legacy `Query` alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import tuple_

Q = TypeVar("Q")


def seek(
    query: Q, keys: Sequence[Any], after: Sequence[Any] | None, *, descending: bool, limit: int
) -> Q:
    """`query` ordered by `keys`, starting strictly past the key values `after` (None: from the
    start), with one row more than a page: that row only tells whether there is more."""
    q: Any = query
    if after is not None:
        key, at = (tuple_(*keys), tuple_(*after)) if len(keys) > 1 else (keys[0], after[0])
        q = q.where(key < at if descending else key > at)
    order = [key.desc() if descending else key.asc() for key in keys]
    return cast(Q, q.order_by(None).order_by(*order).limit(limit + 1))


def split_page(rows: Sequence[Any], limit: int) -> tuple[list[Any], bool]:
    """The page out of what `seek` read, and whether there are rows beyond it."""
    return list(rows[:limit]), len(rows) > limit
