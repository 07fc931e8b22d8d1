"""Reading a caller's request to leave a message (integrations/dialogue/message_pad.py):
whether they ask for one, and whether the request already says what it is about."""

from __future__ import annotations

import pytest

from integrations.dialogue.message_pad import asks_to_leave_a_message, says_what_about


@pytest.mark.parametrize(
    ("said", "asks", "holds_it"),
    [
        ("Kann ich eine Nachricht für den Chef hinterlassen?", True, False),
        ("Kann ich eine Nachricht für Frau Huber hinterlassen", True, False),
        ("Können Sie ihr etwas ausrichten?", True, False),
        ("Können Sie mich bitte zurückrufen?", True, False),
        ("Rufen Sie mich bitte zurück", True, False),
        ("Bitte um Rückruf wegen einer Feier für zwanzig Personen", True, True),
        ("Ich möchte eine Nachricht hinterlassen, es geht um meine Bestellung", True, True),
        ("Hi, can I leave a message for the owner?", True, False),
        ("Can you take a message?", True, False),
        ("Can I leave a message about my order?", True, True),
        ("It's about a group booking for twenty people, please call me back", True, True),
        # Questions, not requests: the FAQ's to answer.
        ("Can I send you a message on WhatsApp?", False, False),
        ("Do you call back customers?", False, False),
        ("Wie lange dauert ein Herrenschnitt?", False, True),
    ],
)
def test_a_request_to_leave_a_message(said: str, asks: bool, holds_it: bool) -> None:
    assert asks_to_leave_a_message(said) is asks
    assert says_what_about(said) is holds_it
