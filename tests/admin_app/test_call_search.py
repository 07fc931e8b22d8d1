"""Calls are searched by their whole Twilio SID: an exact match on the unique index."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.factories import Factory


def test_a_call_is_found_by_its_whole_sid_only(as_admin: FlaskClient, make: Factory) -> None:
    tenant = make.tenant()
    wanted = make.call(tenant, provider_call_sid="CA" + "7" * 32)
    other = make.call(tenant, provider_call_sid="CA" + "8" * 32)

    found = as_admin.get(f"/admin/call/?search=%20{wanted.provider_call_sid}%20")
    page = found.get_data(as_text=True)
    assert f"details/?id={wanted.id}&" in page
    assert f"details/?id={other.id}&" not in page
    assert "Call SID (CA…, complete)" in page  # the search box says what it expects

    partial = as_admin.get("/admin/call/?search=CA777").get_data(as_text=True)
    assert f"details/?id={wanted.id}&" not in partial
