"""Every 422 field message comes from the one catalogue in the caller's language — Pydantic's
error types translated (customer_ui/api/field_errors.py) — and names no internals: no
Pydantic English, no Python type name, no regex, no `loc` path."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.api.conftest import Account
from tests.api.test_auth_and_errors import assert_error

GERMAN = {"Accept-Language": "de-AT, en;q=0.5"}
ENGLISH = {"Accept-Language": "en"}

# A missing field and a too-long text (a ticket: its service words the subject's limit, in
# the portal's words), a wrong type and an out-of-range number (the messages' page size),
# with the words expected in German and in English.
CASES = {
    "missing field": (
        ("POST", "/tickets", {"subject": "Frage"}),
        "message",
        "Dieses Feld muss angegeben werden.",
        "This field is required.",
    ),
    "too-long text": (
        ("POST", "/tickets", {"subject": "x" * 201, "message": "Hallo"}),
        "subject",
        "Der Betreff darf höchstens 200 Zeichen haben.",
        "The subject may have at most 200 characters.",
    ),
    "wrong type": (
        ("GET", "/messages?limit=zehn", None),
        "limit",
        "Bitte senden Sie eine ganze Zahl.",
        "Please send a whole number.",
    ),
    "out-of-range number": (
        ("GET", "/messages?limit=1000", None),
        "limit",
        "Bitte senden Sie eine Zahl bis 100.",
        "Please send a number of at most 100.",
    ),
}

# Limits and rules a service owns (services.bots, bot_faq, offered_services, bookings): the
# API says what the portal's form says, in the service's words, never the schema's own
# wording of the same limit ("Please use at most 2000 characters.").
BOT = {"name": "Empfang"}
ENTRY = {"question": "Offen?", "answer": "Ja."}
BOOKING = {"service_id": 1, "start": "2026-12-07T09:30:00+01:00"}
SERVICE_CASES = {
    "bot name": (
        ("POST", "/bots", {"name": "n" * 121}),
        "name",
        "Der Name darf höchstens 120 Zeichen haben.",
        "The name may have at most 120 characters.",
    ),
    "greeting": (
        ("POST", "/bots", BOT | {"greeting": "g" * 2001}),
        "greeting",
        "Die Begrüßung darf höchstens 2000 Zeichen haben.",
        "The greeting may have at most 2000 characters.",
    ),
    "question": (
        ("POST", "/bots", BOT | {"faq": [ENTRY | {"question": "q" * 501}]}),
        "faq.0.question",
        "Eine Frage darf höchstens 500 Zeichen haben.",
        "A question may have at most 500 characters.",
    ),
    "answer": (
        ("PATCH", "/bots/1", {"faq": [ENTRY | {"answer": "a" * 2001}]}),
        "faq.0.answer",
        "Eine Antwort darf höchstens 2000 Zeichen haben.",
        "An answer may have at most 2000 characters.",
    ),
    "blank answer": (
        ("POST", "/bots", BOT | {"faq": [ENTRY, ENTRY | {"answer": " "}]}),
        "faq",
        "Frage 2 braucht eine Frage und eine Antwort.",
        "Question 2 needs both a question and an answer.",
    ),
    "questions": (
        ("POST", "/bots", BOT | {"faq": [ENTRY] * 51}),
        "faq",
        "Ein Bot kann höchstens 50 Fragen kennen.",
        "A bot can know at most 50 questions.",
    ),
    "phrasing": (
        ("POST", "/bots", BOT | {"faq": [ENTRY | {"phrasings": ["p" * 201]}]}),
        "faq.0.phrasings",
        "Jede andere Formulierung darf höchstens 200 Zeichen haben.",
        "Each other way to ask may have at most 200 characters.",
    ),
    "phrasings": (
        ("POST", "/bots", BOT | {"faq": [ENTRY | {"phrasings": [f"p{n}" for n in range(11)]}]}),
        "faq.0.phrasings",
        "Eine Frage kann höchstens 10 andere Formulierungen haben.",
        "A question can have at most 10 other ways to ask it.",
    ),
    "hand-over number": (
        ("POST", "/bots", BOT | {"handover_number": "01 234567"}),
        "handover_number",
        "Bitte die Nummer international eingeben, z. B. +43 1 234567.",
        "Please enter the number in international form, e.g. +43 1 234567.",
    ),
    "service name": (
        ("POST", "/services", {"name": "s" * 121, "duration_minutes": 30}),
        "name",
        "Der Name darf höchstens 120 Zeichen haben.",
        "The name may have at most 120 characters.",
    ),
    "caller name": (
        ("POST", "/bookings", BOOKING | {"caller_name": "c" * 121}),
        "caller_name",
        "Der Name darf höchstens 120 Zeichen haben.",
        "The name may have at most 120 characters.",
    ),
    "blank caller name": (
        ("POST", "/bookings", BOOKING | {"caller_name": "  "}),
        "caller_name",
        "Bitte den Namen angeben, auf den der Termin läuft.",
        "Please give the name the booking is for.",
    ),
}


@pytest.mark.parametrize(
    ("request_", "field", "german", "english"),
    [*CASES.values(), *SERVICE_CASES.values()],
    ids=[*CASES, *SERVICE_CASES],
)
def test_a_field_message_in_german_and_in_english(
    client: TestClient,
    alpha: Account,
    request_: tuple[str, str, dict[str, object] | None],
    field: str,
    german: str,
    english: str,
) -> None:
    method, path, body = request_
    for language, words in ((GERMAN, german), (ENGLISH, english)):
        headers = {**alpha.headers(), **language}
        answer = client.request(method, path, json=body, headers=headers)
        assert assert_error(answer, 422, "invalid")["fields"] == {field: words}


# Inputs that make Pydantic speak of types, patterns, choices, days and moments.
ODD_INPUTS = [
    ("POST", "/tickets", {"subject": 5, "message": ["a"], "priority": "asap"}),
    ("POST", "/tickets", {"subject": "", "message": {"a": 1}, "priority": None}),
    ("POST", "/bookings", {"service_id": "x", "start": "2026-12-07T09:30", "caller_name": " "}),
    ("POST", "/bookings", {"service_id": 0, "start": "gestern", "caller_phone": "abc"}),
    ("POST", "/bookings", {"service_id": 1, "start": "1999-12-07T09:30:00+01:00"}),
    ("POST", "/bots", {"name": "Empfang", "faq": [{"question": 1}], "max_call_seconds": 1.5}),
    ("POST", "/bots", {"name": "Empfang", "faq": "keine", "sms_confirmations": "vielleicht"}),
    ("POST", "/tickets", "{not json"),
    ("GET", "/bookings?from=1999-01-01&to=morgen", None),
    ("GET", "/messages?before=-3&limit=1.5", None),
]
# Pydantic's sentences, Python type names, regex characters, snake_case identifiers.
INTERNALS = re.compile(
    r"Input should|Value error|String should|Field required|dictionary|instance of|"
    r"\b(?:str|int|dict|float|bool|NoneType)\b|[\\^$*\[\]]|\b[a-z]+_[a-z_]+\b"
)


@pytest.mark.parametrize("language", ["de", "en"])
def test_no_field_message_names_internals(
    client: TestClient, alpha: Account, language: str
) -> None:
    headers = {**alpha.headers(), "Accept-Language": language}
    seen: list[tuple[str, str]] = []
    for method, path, body in ODD_INPUTS:
        if isinstance(body, str):  # a body that is not JSON at all
            sent = {**headers, "Content-Type": "application/json"}
            answer = client.request(method, path, content=body, headers=sent)
        else:
            answer = client.request(method, path, json=body, headers=headers)
        seen += assert_error(answer, 422, "invalid")["fields"].items()
    assert len(seen) >= 20
    assert not [(field, words) for field, words in seen if INTERNALS.search(words)]
    assert not [field for field, _ in seen if not re.fullmatch(r"[a-z_.0-9]+", field)], seen
    messages = {words for _, words in seen}  # every type has words of its own
    assert not messages & {"Dieser Wert ist nicht gültig.", "This value is not valid."}


def test_no_operation_has_a_parameter_and_a_body_field_of_one_name(api: FastAPI) -> None:
    """Field errors name a parameter by its plain name (`limit`, not `query.limit`), which
    is only unambiguous while no operation also takes a body field of that name."""
    document = api.openapi()
    schemas = document["components"]["schemas"]
    clashes, with_both = [], 0
    for path, item in document["paths"].items():
        for method, operation in item.items():
            parameters = {parameter["name"] for parameter in operation.get("parameters", [])}
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema", {})
            if "$ref" in body:
                body = schemas[body["$ref"].rsplit("/", 1)[-1]]
            fields = set(body.get("properties", {}))
            clashes += [(method, path, name) for name in parameters & fields]
            with_both += bool(parameters and fields)
    assert with_both >= 3  # PATCH /bots/{bot_id} and others: the bodies were read
    assert clashes == []
