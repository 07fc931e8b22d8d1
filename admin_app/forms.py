"""How the model views turn columns into form fields, where Flask-Admin's defaults go wrong.

Enum columns: Flask-Admin 2.2 offers the stored values as choices (`support`) but coerces the
row's value by the member's *name* (`SUPPORT`), so no option is ever marked selected. The
browser then shows the first option (`platform_admin` for a user's role, `draft` for a bot's
status) and saving an untouched form writes that first option back. Here both sides use the
enum member itself, and the options read in plain words.

Text areas: browsers send line breaks as CRLF, so saving an untouched bot would turn every
"\n" of its instructions into "\r\n". Submitted text is stored with plain "\n".
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from flask_admin.contrib.sqla.form import AdminModelConverter
from flask_admin.form import Select2Field
from flask_admin.model.form import converts
from flask_babel import LazyString
from wtforms import TextAreaField

from admin_app.labels import enum_label


def member_of(enum_class: type[enum.Enum]) -> Callable[[Any], enum.Enum]:
    """Coerce a submitted value (or the row's member) to the member; unknown values raise
    ValueError, which WTForms turns into a field error."""

    def coerce(value: Any) -> enum.Enum:
        return value if isinstance(value, enum_class) else enum_class(value)

    return coerce


def unix_newlines(text: str | None) -> str | None:
    return text.replace("\r\n", "\n") if text else text


class StaffModelConverter(AdminModelConverter):
    @converts("Text", "LargeBinary", "Binary", "CIText")
    def conv_Text(self, field_args: dict[str, Any], **extra: Any) -> TextAreaField:  # noqa: N802
        field_args["filters"] = [*field_args.get("filters", ()), unix_newlines]
        return super().conv_Text(field_args, **extra)

    @converts("sqlalchemy.sql.sqltypes.Enum")
    def convert_enum(self, column: Any, field_args: dict[str, Any], **extra: Any) -> Select2Field:
        enum_class = column.type.enum_class
        if enum_class is None:  # a plain list of strings: Flask-Admin's field is right
            return super().convert_enum(column, field_args, **extra)
        if column.nullable:
            field_args["allow_blank"] = True
        self._nullable_common(column, field_args)
        field_args["choices"] = [
            (member.value, LazyString(enum_label, member)) for member in enum_class
        ]
        field_args["coerce"] = member_of(enum_class)
        return Select2Field(**field_args)
