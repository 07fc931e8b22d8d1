"""The portal's compiled Tailwind sheet (customer_ui/static/tailwind.css) holds what the code's
classes need: built again from the code, it must be the file that is served."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from nicegui.testing.user import User

from core.settings import PROJECT_ROOT
from customer_ui.styles import STYLESHEET

BUILD = PROJECT_ROOT / "scripts" / "build_portal_css.py"


def test_the_compiled_sheet_is_built_from_the_code_as_it_is(tmp_path: Path) -> None:
    built = tmp_path / "tailwind.css"
    subprocess.run([sys.executable, str(BUILD), str(built)], check=True, timeout=120)  # noqa: S603
    assert built.read_text() == STYLESHEET.read_text(), (
        "A page's classes changed: run .venv/bin/python scripts/build_portal_css.py"
    )
    for rule in (".w-full", ".sm\\:w-96", ".md\\:grid-cols-7", ".bg-amber-50", ".font-semibold"):
        assert rule in built.read_text(), rule  # classes the pages use, whole and in variants


async def test_every_page_links_the_sheet_and_it_is_served(user: User) -> None:
    page = await user.http_client.get("/login")
    [href] = re.findall(
        r'<link rel="stylesheet" href="(/styles/tailwind-[0-9a-f]+\.css)">', page.text
    )
    sheet = await user.http_client.get(href)  # not logged in: the log-in page needs it too
    assert sheet.status_code == 200 and sheet.text == STYLESHEET.read_text()
    assert "max-age=31536000" in sheet.headers["cache-control"]
    assert "tailwindcss.min.js" not in page.text  # browsers no longer compile it themselves
