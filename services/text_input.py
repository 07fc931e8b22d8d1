"""What free text typed into a form may hold before a service stores it.

Browsers and API clients can send what no keyboard types: NUL (PostgreSQL refuses it in a
text column, so it would surface as a 500), other control characters, a lone UTF-16
surrogate (it cannot be encoded as UTF-8 and so can be neither stored nor hashed), or
megabytes of text. Every service that stores a user's text checks it here first and raises
the answer as a field error; the messages are message ids the front doors translate.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from core.catalogue import N_
from services.errors import Wording

TOO_LONG = N_("This text is too long.")
CONTROL_CHARACTERS = N_("Please remove the invisible control characters from this text.")
BROKEN_CHARACTER = N_("This text contains a broken character. Please type it again.")

# Lengths of the columns most form fields end up in.
NAME_LENGTH = 200
EMAIL_LENGTH = 254
PASSWORD_LENGTH = 1024

# Lone surrogates, and U+FFFD, which stands where text could not be decoded (browsers send it
# for a lone surrogate: customer_ui/text_fields.py).
_BROKEN = re.compile("[\ud800-\udfff\ufffd]")
# C0 and C1 controls and DEL; a single line also refuses tab, line breaks and the Unicode
# line and paragraph separators, which would break it in lists, CSV exports and e-mails.
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_SINGLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def text_problem(value: str, *, max_length: int, multiline: bool = False) -> str | None:
    """The message id of what is wrong with `value`, or None when it may be stored.

    `max_length` counts characters (code points); `multiline` allows tab and line breaks.
    """
    if len(value) > max_length:
        return TOO_LONG
    if _BROKEN.search(value):
        return BROKEN_CHARACTER
    control = _CONTROL_MULTILINE if multiline else _CONTROL_SINGLE_LINE
    if control.search(value):
        return CONTROL_CHARACTERS
    return None


def text_errors(
    fields: Mapping[str, tuple[str, int]], *, multiline: Collection[str] = ()
) -> dict[str, Wording]:
    """Field name → message for every field whose text breaks the rule, ready for
    `ValidationFailed`. `fields` maps a field name to (value, max_length); the names in
    `multiline` may hold line breaks."""
    errors: dict[str, Wording] = {}
    for name, (value, max_length) in fields.items():
        problem = text_problem(value, max_length=max_length, multiline=name in multiline)
        if problem is not None:
            errors[name] = problem
    return errors


def is_clean_text(value: str, *, max_length: int) -> bool:
    """True when a single-line `value` passes the rule (for inputs that are looked up, not
    stored, such as a login's e-mail address)."""
    return text_problem(value, max_length=max_length) is None
