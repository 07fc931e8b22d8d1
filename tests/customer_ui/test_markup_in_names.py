"""Names are text, never markup: a person or company whose name holds HTML sees it written
out in the page's chrome (the account menu, the drawer), escaped where the chrome is built
as markup, and no element of theirs is made from it."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from models import Tenant
from tests.customer_ui.conftest import LoginAs
from tests.factories import Factory

PERSON = "<b>Eva</b> Huber"
COMPANY = '<img src="x" onerror="alert(1)">Salon'


async def test_names_with_markup_are_written_out(
    login_as: LoginAs, user: User, make: Factory, tenant: Tenant
) -> None:
    tenant.name = COMPANY
    make.session.commit()
    await login_as(name=PERSON)

    markup = "".join(element.content for element in user.find(kind=ui.html).elements)
    assert "&lt;b&gt;Eva&lt;/b&gt; Huber" in markup
    assert "&lt;img src=&quot;x&quot; onerror=&quot;alert(1)&quot;&gt;Salon" in markup
    assert "<b>" not in markup
    assert "<img" not in markup
