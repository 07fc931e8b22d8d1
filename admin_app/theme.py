"""The back office's look: Bootswatch's Flatly as Flask-Admin ships it, served without its
first rule, an @import of the Lato font from fonts.googleapis.com.

With that import every staff page made the browser ask Google for a font: it tells Google
each visitor's address (German courts have fined sites for it, LG München I 3 O 17493/20), and
on a network without internet each page waited seconds for it. Without Lato, Flatly's own font
stack falls back to the system's sans-serif.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from flask import Flask, Response

SWATCH = "flatly"
_REMOTE_IMPORT = re.compile(rb"@import url\([^)]*\);")


def init_app(app: Flask) -> None:
    app.add_url_rule("/theme.css", "theme_css", theme_css)


def theme_css() -> Response:
    response = Response(_css(), mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 24 * 3600
    return response


@cache
def _css() -> bytes:
    shipped = resources.files("flask_admin") / "static/bootstrap/bootstrap4/swatch"
    return _REMOTE_IMPORT.sub(b"", (shipped / SWATCH / "bootstrap.min.css").read_bytes())
