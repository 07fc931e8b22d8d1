"""Keyset paging for the big tables (calls, call turns, usage events, the audit log).

Flask-Admin pages with OFFSET, and PostgreSQL reads and throws away every row before the
page: halfway into 5 million usage events that is half a second per page. Here the list pages
by its primary key instead (models.keyset, as the API's calls do). "Older" carries the last
id on the page (`after=<id>`), "Newer" the first (`before=<id>`), and the database starts
reading at that id in the primary-key index, so page 1 and page 50,000 cost the same. Nothing
is counted either (`simple_list_pager`).

Lists sort by id only (newest first by default, oldest first on request): the one order every
row has an index for. Filters narrow the same walk; the tenant filter is served by the
tables' tenant-first indexes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import flash, g, request
from flask_admin.model.base import ViewArgs

from admin_app.i18n import t
from admin_app.request_values import row_id
from admin_app.views.base import StaffModelView
from models.keyset import seek, split_page

# OFFSET paging still answers hand-made `?page=N` links, but only this deep (1,000 rows).
MAX_OFFSET_PAGES = 20
CURSOR_ARGS = ("after", "before")


@dataclass
class Cursor:
    """Where a page starts: after (older than) or before (newer than) a row id."""

    direction: str | None = None  # "after", "before" or None for the first page
    row_id: int | None = None

    @classmethod
    def from_args(cls, args: dict[str, Any]) -> Cursor:
        """Takes the cursor out of the list's extra URL arguments: sort, filter and search
        links made from what is left start at the top again."""
        found = cls()
        for name in CURSOR_ARGS:
            value = args.pop(name, None)
            try:
                found = cls(name, row_id(value))
            except ValueError:  # None, "²", 25 digits: the first page
                continue
        return found


@dataclass
class KeysetPage:
    """What the pager needs: the cursor that made the page and the ids around it."""

    cursor: Cursor
    view_args: ViewArgs
    first_id: int | None = None
    last_id: int | None = None
    has_older: bool = False
    has_newer: bool = False


class KeysetPagedView(StaffModelView):
    simple_list_pager = True
    can_set_page_size = False
    column_default_sort = ("id", True)
    column_sortable_list = ("id",)
    # Filter URLs name the column and operation (`flt0_tenant_id_equals=7`), not a position
    # that moves whenever a filter is added.
    named_filter_urls = True
    # A CSV export is built in memory: the first rows of the filtered list, no more.
    export_max_rows = 10_000
    list_template = "admin/keyset_list.html"

    def _get_list_extra_args(self) -> ViewArgs:
        view_args = super()._get_list_extra_args()
        cursor = Cursor.from_args(view_args.extra_args)
        if request.endpoint == f"{self.endpoint}.index_view":
            g.keyset_page = KeysetPage(cursor=cursor, view_args=view_args)
        return view_args

    def get_list(
        self,
        page: int | None,
        sort_column: str | None,
        sort_desc: bool,
        search: str | None,
        filters: Any,
        execute: bool = True,
        page_size: int | None = None,
    ) -> tuple[int | None, list[Any]]:
        state: KeysetPage | None = g.get("keyset_page")
        if state is None or not execute:  # exports, and calls from elsewhere: plain paging
            return super().get_list(
                page, sort_column, sort_desc, search, filters, execute, page_size
            )
        page_size = page_size or self.page_size
        _count, query = super().get_list(
            None, sort_column, sort_desc, search, filters, execute=False, page_size=0
        )
        newest_first = sort_column is None or bool(sort_desc)
        rows = self._fetch(query, state, newest_first, page or 0, page_size)
        return None, rows

    def _fetch(
        self, query: Any, state: KeysetPage, newest_first: bool, page: int, page_size: int
    ) -> list[Any]:
        """One page plus one row (that row only tells whether there is more)."""
        cursor = state.cursor
        if cursor.direction is None and page > MAX_OFFSET_PAGES:
            flash(
                t(
                    "Pages this deep are reached with the “Older” button or a filter "
                    "(tenant, date). Showing the first page."
                ),
                "warning",
            )
            page = 0
        # "before" walks the other way from the cursor, then turns the page round.
        backwards = cursor.direction == "before"
        after = (cursor.row_id,) if cursor.direction else None
        query = seek(
            query, (self.model.id,), after, descending=newest_first != backwards, limit=page_size
        )
        if cursor.direction is None and page:
            query = query.offset(page * page_size)
        rows, more = split_page(query.all(), page_size)
        if backwards:
            rows.reverse()
            state.has_newer, state.has_older = more, True
        else:
            state.has_older = more
            state.has_newer = cursor.direction == "after" or page > 0
        if rows:
            state.first_id, state.last_id = rows[0].id, rows[-1].id
        return rows

    def render(self, template: str, **kwargs: Any) -> str:
        state: KeysetPage | None = g.get("keyset_page")
        if state is not None and template == self.list_template:
            kwargs["keyset"] = self._links(state)
        return super().render(template, **kwargs)

    def _links(self, state: KeysetPage) -> dict[str, str | None]:
        def url(**cursor: int) -> str:
            extra = {**state.view_args.extra_args, **cursor}
            return self._get_list_url(state.view_args.clone(page=None, extra_args=extra))

        return {
            "first": url() if state.has_newer else None,
            "newer": url(before=state.first_id) if state.has_newer and state.first_id else None,
            "older": url(after=state.last_id) if state.has_older and state.last_id else None,
        }
