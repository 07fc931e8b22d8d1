"""JSON columns are parsed by orjson (models.database.json_loads), with json's answer where
orjson refuses a document: every value reads back as it was stored."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, select

from models import Call
from models.database import json_loads
from models.driver_reads import read_rows
from tests.factories import Factory

DOCUMENTS: list[Any] = [
    {"intent": "booking", "bookings_made": 1, "unanswered_questions": ["Parken?"]},
    {"big": 2**70, "negative": -(2**65)},  # past 64 bits: orjson refuses, json reads
    {"text": "Grüß Gott \u2026 \U0001f600", "float": 0.1, "exp": 1e300, "nested": [[{}], None]},
    [],
    "plain",
    None,
]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_a_document_parses_as_json_parses_it(document: Any) -> None:
    text = json.dumps(document)
    assert json_loads(text) == json.loads(text)
    assert json_loads(text.encode()) == json.loads(text)


def test_the_engine_parses_json_columns_with_it(engine: Engine) -> None:
    assert engine.dialect._json_deserializer is json_loads  # type: ignore[attr-defined]


def test_a_summary_past_64_bits_reads_back_through_the_orm_and_the_driver(
    connection: Connection, make: Factory
) -> None:
    fields = {"intent": "question", "count": 2**70, "unanswered_questions": ["Wo parke ich?"]}
    call = make.call(make.tenant(), summary_fields=fields)
    statement = select(Call.summary_fields).where(Call.id == call.id)
    assert connection.execute(statement).scalar_one() == fields
    assert read_rows(connection, statement, {})[0][0] == fields
