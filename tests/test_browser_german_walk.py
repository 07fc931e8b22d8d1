"""Every page in German, in a real browser (issue 15): each portal page as a visitor, a
company's administrator and a colleague, and each back-office page as a platform admin and
as support. The visible text of each page must hold no text of the English catalogue left
untranslated and nothing internal: locale codes ("de-AT"), setting names ("api_key"),
Python reprs ("<Role.SUPPORT: …>"), snake_case identifiers, ISO timestamps.

One test, one browser, one portal process and one back office (a thread) on one scratch
database, so the walk costs a few seconds per role, not a browser per page. The portal's
pages are listed (NiceGUI navigates by buttons, not links) and checked against the routes
the code registers; the back office is crawled from its menu, one page of each kind.
The test prints `untranslated=0 internals=0 pages=N`.

Every portal page is also looked at on a 390 × 844 phone: the same page, resized in place
rather than opened again, must not scroll sideways, its header must keep to one line, and
its full-page screenshot lands in test-artifacts/portal/walk/ (kept out of the repository)
for people to look at; no field's label may be cut off with "…". The visitor's and the
administrator's pages all are. The colleague's (Role.CUSTOMER_USER) are only where the
page's content (its text, icon names included, without the header) differs from the
administrator's at the same address — what the colleague may not do, fields they may not
change: a page that reads alike is laid out alike, and each phone check costs about a
second, so this keeps the walk within the suite's budget (11 of the colleague's 19 pages
differ). The line then goes on `phone=N (colleague N) sideways=0`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from babel.messages.pofile import read_po

from admin_app import create_app
from admin_app.database import db
from core.catalogue import BACK_OFFICE, DOMAIN, catalogue_path
from core.settings import PROJECT_ROOT, load_settings
from models import BookingSource, InvoiceStatus, Role, Speaker
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from tests.admin_app.conftest import serving
from tests.browser import chromium, log_in, new_page, sideways_scroll
from tests.conftest import REDIS_URL
from tests.customer_ui.test_browser_journey import ARTIFACTS, portal_url, scratch_database_url
from tests.factories import Factory

__all__ = ["portal_url", "scratch_database_url"]  # a real portal on a scratch database

# What must never show: the reason, and the pattern (checked per line of visible text,
# after e-mail addresses and web addresses are taken out).
INTERNALS = {
    "locale code": re.compile(r"\b(?:de|en)[-_](?:AT|DE|US|GB)\b"),
    "setting name": re.compile(r"\bapi_key\b", re.IGNORECASE),
    "Python repr": re.compile(r"<[A-Za-z_][\w.]*(?:[ :][^<>]*)?>"),
    "identifier": re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"),
    "ISO timestamp": re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?"),
}
ADDRESSES = re.compile(r"\S+@\S+\.\w+|https?://\S+")
# Catalogue texts that are German words too: Flask-Admin's own "Filter" on a row's page
# is the German noun, while the portal's button translates the English verb ("Filtern").
GERMAN_TOO = {"Filter"}
# A catalogue text inside a longer line counts from this many words on (shorter ones, such
# as "Bot" or "Status", are words a German line may carry too).
EMBEDDED_WORDS = 3
PORTAL_ROUTE = re.compile(r"@ui\.page\((\"[^\"]+\"|RETURN_PATH)\)")
RETURN_PATH = "/billing/payment-method"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = ARTIFACTS / "portal" / "walk"
# After a resize: Quasar has seen the new width (tables turn to cards by Quasar.Screen, the
# navigation to a drawer), and Vue has drawn what follows from it.
RESIZED = """(width) => new Promise((done) => {
  const drawn = () => document.fonts.ready.then(
    () => requestAnimationFrame(() => requestAnimationFrame(done)));
  const seen = () => (window.Quasar?.Screen?.width ?? width) === width;
  const wait = () => (seen() ? drawn() : setTimeout(wait, 10));
  wait();
})"""
# The page's own content, without the header and the navigation (the person's name there).
CONTENT = "(document.querySelector('.nicegui-content')?.innerText ?? '')"
HEADER = "document.querySelector('.q-header')?.getBoundingClientRect().height ?? 0"
# A field's label is one line that Quasar cuts with "…" when it is wider than its field
# ("Zuhör…" once); the words that do not fit belong in the field's hint, which wraps.
CUT_LABELS = """[...document.querySelectorAll('.q-field__label')]
  .filter((label) => label.offsetParent && label.scrollWidth > label.clientWidth + 1)
  .map((label) => label.textContent.trim())"""
HEADER_HEIGHT = 64  # one line; the navigation once wrapped into a 236 px block on a phone
# The page's visible text without icon names (Material icons are words in a ligature font:
# "receipt_long" shows as a picture) and without what is marked as being in another language
# (the privacy page quotes what English callers hear, `lang="en-US"`).
VISIBLE_TEXT = """(() => {
  const skipped = '.q-icon, .material-icons, body [lang]:not([lang^="de"])';
  for (const element of document.querySelectorAll(skipped)) element.textContent = '';
  return document.body.innerText;
})()"""


@dataclass
class Catalogue:
    """The English texts whose German differs, as whole lines and as patterns."""

    literal: set[str] = field(default_factory=set)
    templates: list[re.Pattern[str]] = field(default_factory=list)
    embedded: list[str] = field(default_factory=list)

    def untranslated(self, line: str) -> str | None:
        if line in self.literal or any(p.fullmatch(line) for p in self.templates):
            return line
        return next((text for text in self.embedded if text in line), None)


def english_catalogues() -> dict[str, Catalogue]:
    """Per front door ("portal", "back office"), the English texts whose German there
    differs: the back office reads an entry of its own context where there is one."""
    with catalogue_path("de").open("rb") as po:
        entries = [m for m in read_po(po, locale="de", domain=DOMAIN) if m.id]
    plain = {m.id: m.string for m in entries if not m.context}
    own = {m.id: m.string for m in entries if m.context == BACK_OFFICE}
    return {"portal": _catalogue(plain), "back office": _catalogue({**plain, **own})}


def _catalogue(german: dict[Any, Any]) -> Catalogue:
    found = Catalogue()
    for english, words in german.items():
        for text, translated in zip(
            english if isinstance(english, tuple) else (english,),
            words if isinstance(words, tuple) else (words,),
            strict=False,
        ):
            if not text or text == translated or text in GERMAN_TOO:
                continue
            if "{" in text:
                literal = re.sub(r"\{[^}]*\}", "", text)
                if len(literal.split()) >= 2:  # "{name}" alone would match any line
                    parts = re.split(r"\{[^}]*\}", text)
                    found.templates.append(re.compile(".+".join(map(re.escape, parts))))
                continue
            found.literal.add(text)
            if len(text.split()) >= EMBEDDED_WORDS:
                found.embedded.append(text)
    return found


@dataclass
class Walk:
    catalogues: dict[str, Catalogue]
    # Internal values of this walk's data (the tenant's slug), by the reason they must not show.
    own_internals: dict[str, re.Pattern[str]] = field(default_factory=dict)
    pages: int = 0
    phone_pages: int = 0
    untranslated: list[tuple[str, str]] = field(default_factory=list)
    internals: list[tuple[str, str, str]] = field(default_factory=list)
    sideways: list[str] = field(default_factory=list)
    # The administrator's content of each portal page, by path (see the module's docstring).
    admin_content: dict[str, str] = field(default_factory=dict)
    colleague_phone_pages: int = 0

    def read(self, page: Any, door: str, where: str) -> None:  # noqa: ANN401
        """Check the visible text of `page`, a page of `door` ("portal", "back office")."""
        self.pages += 1
        catalogue = self.catalogues[door]
        for raw in page.evaluate(VISIBLE_TEXT).splitlines():
            line = raw.strip()
            if not line:
                continue
            if (text := catalogue.untranslated(line)) is not None:
                self.untranslated.append((f"{door} {where}", text))
            plain = ADDRESSES.sub("", line)
            for reason, pattern in {**INTERNALS, **self.own_internals}.items():
                if match := pattern.search(plain):
                    self.internals.append((f"{door} {where}", reason, match.group(0)))

    def on_a_phone(self, page: Any, where: str, name: str) -> None:  # noqa: ANN401
        """The page as it stands, resized to a phone: no sideways scrolling, a one-line
        header, a screenshot; then back to the laptop's width."""
        self.phone_pages += 1
        page.set_viewport_size(PHONE)
        page.evaluate(RESIZED, PHONE["width"])
        if (problem := sideways_scroll(page, where)) is not None:
            self.sideways.append(problem)
        if (header := page.evaluate(HEADER)) > HEADER_HEIGHT:
            self.sideways.append(f"{where}: the header is {header} px high")
        for label in page.evaluate(CUT_LABELS):
            self.sideways.append(f"{where}: the label {label!r} is cut off")
        name = name.replace("/", "-")
        page.screenshot(path=SCREENSHOTS / f"{name}-390.png", full_page=True)
        page.set_viewport_size(LAPTOP)


@dataclass(frozen=True)
class Company:
    admin: str
    colleague: str
    staff: dict[Role, str]
    paths: list[str]
    slug: str


@pytest.fixture(scope="module")
def company(scratch_database_url: str) -> Iterator[Company]:
    """A German company with something on every page, its two people, two staff members,
    and the paths of every portal page with a row to show."""
    engine = make_engine(scratch_database_url)
    with staff_session(make_session_factory(engine)) as db:
        make = Factory(db)
        plan = make.price_plan(name="Standard")
        tenant = make.tenant(name="Bäckerei Gruber", locale="de-AT", price_plan_id=plan.id)
        admin = make.user(tenant, role=Role.CUSTOMER_ADMIN, locale="de-AT", name="Eva Gruber")
        colleague = make.user(tenant, role=Role.CUSTOMER_USER, locale="de-AT", name="Max Gruber")
        staff = {
            role: make.user(None, role=role, locale="de-AT", name=name).email
            for role, name in ((Role.PLATFORM_ADMIN, "Petra Berger"), (Role.SUPPORT, "Jakob Lang"))
        }
        bot = make.bot(tenant, name="Telefon Filiale Hietzing")
        make.phone_number(tenant, bot)
        now = datetime.now(UTC)
        call = make.call(tenant, bot, started_at=now - timedelta(hours=2), summary="Termin.")
        make.call_turn(tenant, call, speaker=Speaker.CALLER, text="Haben Sie heute offen?")
        make.call_turn(tenant, call, speaker=Speaker.BOT, text="Ja, bis 18 Uhr.")
        make.usage_event(tenant, bot_id=bot.id, quantity=42 * 60, occurred_at=now)
        service = make.service(tenant, name="Tortenbestellung")
        make.booking(tenant, service, caller_name="Karl Berger", source=BookingSource.PHONE)
        make.message(tenant, bot, caller_name="Anna Huber")
        invoice = make.open_invoice_for_last_month(tenant)
        make.invoice_line(tenant, invoice)
        # Below Stripe's minimum with no invoice after it: written off ("Erlassen").
        waived = make.invoice(
            tenant,
            status=InvoiceStatus.UNCOLLECTIBLE,
            carried_forward_at=now - timedelta(days=40),
            subtotal_cents=10,
            tax_cents=2,
            total_cents=12,
        )
        make.invoice_line(tenant, waived, amount_cents=10)
        ticket = make.ticket(tenant, subject="Die Ansage ist zu leise")
        make.ticket_message(tenant, ticket)
        make.provisioning_job(tenant)
        make.api_key(tenant)
        make.audit_event(tenant)
        make.outbound_email(tenant)
        make.api_token(tenant)
        db.commit()
        paths = [
            *("/", "/bots", "/bots/new", f"/bots/{bot.id}", "/bookings", "/messages"),
            *("/calls", f"/calls/{call.id}", "/usage", "/billing", RETURN_PATH),
            *(f"/billing/invoices/{invoice.id}", f"/billing/invoices/{waived.id}"),
            *("/support", f"/support/{ticket.id}"),
            *("/team", "/settings", "/settings/privacy", "/gibt-es-nicht"),
        ]
        found = Company(admin.email, colleague.email, staff, paths, tenant.slug)
    yield found
    engine.dispose()


@pytest.fixture(scope="module")
def back_office_url(scratch_database_url: str, company: Company) -> Iterator[str]:
    """The back office in a thread, on the scratch database the portal serves."""
    settings = load_settings(env="test", database_url=scratch_database_url, redis_url=REDIS_URL)
    app = create_app(settings)
    with serving(app, threaded=True) as url:
        yield url
    with app.app_context():
        db.engine.dispose()


PUBLIC_PATHS = (
    *("/login", "/signup", "/forgot-password", "/terms", "/privacy"),
    *("/signup/abgelaufen", "/reset-password/abgelaufen", "/invitation/abgelaufen"),
    "/gibt-es-nicht",
)


def _route_pattern(route: str) -> re.Pattern[str]:
    route = RETURN_PATH if route == "RETURN_PATH" else route.strip('"')
    return re.compile(re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(route)))


def test_every_page_reads_german(portal_url: str, back_office_url: str, company: Company) -> None:
    walked = [*PUBLIC_PATHS, *company.paths]
    sources = (PROJECT_ROOT / "customer_ui" / "pages").glob("*.py")
    routes = {r for source in sources for r in PORTAL_ROUTE.findall(source.read_text())}
    missing = [r for r in routes if not any(_route_pattern(r).fullmatch(p) for p in walked)]
    assert not missing, f"portal pages the walk does not open: {missing}"

    slug = {"tenant slug": re.compile(rf"\b{re.escape(company.slug)}\b")}
    walk = Walk(english_catalogues(), own_internals=slug)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        page = _german_page(browser)
        for path in PUBLIC_PATHS:
            _portal_page(page, walk, portal_url, path, "visitor")
        page.goto(f"{back_office_url}/login")
        walk.read(page, "back office", "visitor /login")
        page.context.close()
        for who, email in (("admin", company.admin), ("colleague", company.colleague)):
            page = _german_page(browser)
            log_in(page, portal_url, email)
            for path in company.paths:
                _portal_page(page, walk, portal_url, path, who)
            page.context.close()
        for role, email in company.staff.items():
            page = _german_page(browser)
            _crawl_back_office(page, walk, back_office_url, email, role.value)
            page.context.close()
    print(
        f"untranslated={len(walk.untranslated)} internals={len(walk.internals)} pages={walk.pages}"
        f" phone={walk.phone_pages} (colleague {walk.colleague_phone_pages})"
        f" sideways={len(walk.sideways)}"
    )
    findings = sorted({f"untranslated {text!r} on {where}" for where, text in walk.untranslated})
    findings += sorted({f"{why} {text!r} on {where}" for where, why, text in walk.internals})
    findings += [f"on a {PHONE['width']} px phone: {problem}" for problem in walk.sideways]
    assert not findings, "\n".join(findings)


def _german_page(browser: Any) -> Any:  # noqa: ANN401
    """A page of a new context in German. It reaches only this machine (CHROMIUM_ARGS): the
    back office's theme asks Google for a font, and a name lookup on a closed network took
    5 s a page."""
    return new_page(browser, locale="de-AT", viewport=LAPTOP)


def _portal_page(page: Any, walk: Walk, portal_url: str, path: str, who: str) -> None:  # noqa: ANN401
    page.goto(f"{portal_url}{path}")
    # NiceGUI draws the page in the browser: wait until its content has words.
    page.wait_for_function(f"{CONTENT}.trim().length > 0")
    content = page.evaluate(CONTENT)
    if who == "admin":
        walk.admin_content[path] = content
    phone = who != "colleague" or walk.admin_content.get(path) != content
    if phone:  # first: reading the text empties the icons, which the screenshot shows
        walk.colleague_phone_pages += who == "colleague"
        walk.on_a_phone(page, f"{who} {path}", f"{who}-{path.strip('/') or 'dashboard'}")
    walk.read(page, "portal", f"{who} {path}")


# Back-office addresses worth a visit: a list, a row's page (by its id), a form, the
# person's account. Sorting, filters, exports and the job dashboard's own pages are not.
_VISIT = re.compile(r"^/(?:account|admin/(?:[a-z]+/(?:(?:details|edit|new|page|thread)/)?)?)$")


def _crawl_back_office(page: Any, walk: Walk, url: str, email: str, who: str) -> None:  # noqa: ANN401
    """Log in, then open one page of each kind the menu and the pages link to."""
    page.goto(f"{url}/login")
    page.fill("#email", email)
    page.fill("#password", Factory.password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/admin/")
    queue, seen = ["/admin/", "/account"], set()
    while queue:
        target = queue.pop(0)
        path = urlsplit(target).path
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(f"{url}{target}")
        if response is None or response.status >= 400:
            continue  # a page this role may not open answers 403: nothing to read
        walk.read(page, "back office", f"{who} {target}")
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            link = urlsplit(href)
            if link.netloc != urlsplit(url).netloc or not _VISIT.match(link.path):
                continue
            ids = parse_qs(link.query).get("id")
            queue.append(link.path + (f"?{urlencode({'id': ids[0]})}" if ids else ""))
