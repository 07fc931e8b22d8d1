"""Query and path parameters of portal pages that no link of ours would carry — NUL, huge
values, dates at the end of the calendar, ids beyond BIGINT — show a plain message in the
page and change nothing (issue 10, item 13). Unknown pages get a friendly not-found page."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from nicegui import ui
from nicegui.testing import User
from sqlalchemy.orm import Session

from models import Role
from tests.customer_ui.conftest import LoginAs
from tests.database_snapshot import snapshot

# As long as a request line may be (uvicorn refuses heads over 16 KiB by default).
HUGE = "9" * 10_000

# path -> what the page must say instead of failing
BAD_QUERIES = {
    "/calls?number=%00": "Caller number",
    "/calls?number=" + quote("+43\x00"): "Caller number",
    "/calls?number=" + HUGE: "Caller number",
    "/calls?bot=%00": "All bots",
    "/calls?bot=" + HUGE: "All bots",
    "/calls?outcome=%00": "Please choose an outcome from the list.",
    "/calls?since=%00": "Please write dates as YYYY-MM-DD.",
    "/calls?since=" + HUGE: "Please write dates as YYYY-MM-DD.",
    "/calls?until=9999-12-31": "Please choose a day between 2000 and 2100.",
    "/calls?since=0001-01-01": "Please choose a day between 2000 and 2100.",
    "/calls?page=" + HUGE: "Caller number",
    "/calls?page=-5": "Caller number",
    "/calls?page=%00": "Caller number",
    "/calls?after=" + HUGE: "Caller number",
    "/calls?before=%00": "Caller number",
    "/calls?after=1793613599123456.9223372036854775808": "Caller number",
    "/usage?month=%00": "By bot",
    "/usage?month=9999-12": "By bot",
    "/usage?month=0001-01": "By bot",
    "/usage?month=" + HUGE: "By bot",
    "/calls/" + HUGE: "This call does not exist.",
    "/calls/%00": "This call does not exist.",
    "/calls/%C2%B2": "This call does not exist.",  # "²" is a digit to str.isdigit()
    "/calls/%D9%A1": "This call does not exist.",  # "١", an Arabic-Indic one
    "/calls/9223372036854775808": "This call does not exist.",
    "/bots/9223372036854775808": "Bot",
    "/bots/%00": "Bot",
    "/support/9223372036854775808": "Support",
    "/billing/invoices/9223372036854775808": "Billing",
    "/billing/invoices/%00": "Billing",
}


@pytest.mark.parametrize("path", BAD_QUERIES, ids=lambda p: re.sub(r"\W+", "_", p[:40]))
async def test_a_page_with_a_parameter_no_link_carries_answers_plainly(
    login_as: LoginAs, user: User, staff_db: Session, path: str
) -> None:
    await login_as(Role.CUSTOMER_ADMIN)
    before = snapshot(staff_db)

    await user.open(path)

    await user.should_see(BAD_QUERIES[path])
    await user.should_not_see("Sorry, something went wrong.")
    staff_db.expire_all()
    assert snapshot(staff_db) == before


async def test_a_bad_filter_is_said_in_german_and_once(
    login_as: LoginAs, user: User, staff_db: Session
) -> None:
    account = await login_as(Role.CUSTOMER_ADMIN)
    account.locale = "de-AT"
    staff_db.commit()

    await user.open("/calls?outcome=xyz")
    await user.should_see("Bitte wählen Sie ein Ergebnis aus der Liste.")

    await user.open("/calls?since=1900-01-01&until=9999-12-31")
    out_of_range = "Bitte einen Tag zwischen 2000 und 2100 wählen."
    said = [label.text for label in user.find(kind=ui.label, content=out_of_range).elements]
    assert said == [out_of_range]  # both dates are out of range: said once


# user.open() takes 200 answers only; a 404 page is read from the HTML NiceGUI serves, which
# carries every element's text.
@pytest.mark.parametrize("path", ["/no-such-page", "/calls/1/extra", "/%00"])
async def test_an_unknown_page_is_a_friendly_german_not_found_in_the_portal_chrome(
    login_as: LoginAs, user: User, staff_db: Session, path: str
) -> None:
    account = await login_as(Role.CUSTOMER_ADMIN)
    account.locale = "de-AT"  # the German portal (login_as waits for an English page)
    staff_db.commit()

    answer = await user.http_client.get(path)

    assert answer.status_code == 404
    assert "Seite nicht gefunden" in answer.text
    assert "Diese Seite gibt es nicht. Vielleicht ist der Link alt oder vertippt." in answer.text
    assert "Anrufe" in answer.text  # the navigation of the member chrome
    assert "HTTPException" not in answer.text


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("de-AT", "Seite nicht gefunden"),
        ("en", "Page not found"),
        # Babel weighs the list: German last but highest; English first but highest.
        ("fr, en;q=0.3, de-AT;q=0.8", "Seite nicht gefunden"),
        ("en-GB, de;q=0.5", "Page not found"),
    ],
)
async def test_an_unknown_public_page_is_a_friendly_not_found_in_the_browsers_language(
    user: User, language: str, title: str
) -> None:
    answer = await user.http_client.get(
        "/invitation/abc/extra", headers={"Accept-Language": language}
    )

    assert answer.status_code == 404
    assert title in answer.text and "HTTPException" not in answer.text
