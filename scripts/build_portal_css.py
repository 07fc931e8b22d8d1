"""Writes customer_ui/static/tailwind.css: the Tailwind CSS the portal's pages use, compiled
ahead of time by the very Tailwind that NiceGUI ships (its browser build, run in headless
Chromium), so browsers no longer compile it on every page load.

Like Tailwind's own command-line tool, it reads the code rather than the pages: every word
of every string in customer_ui/ is a candidate class, and Tailwind keeps the ones it knows.
A class must therefore be written out whole in the code ("bg-amber-50", not f"bg-{tone}-50").

Run it after changing a page's classes:  .venv/bin/python scripts/build_portal_css.py
tests/customer_ui/test_portal_css.py fails while the file and the code disagree.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import nicegui

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "customer_ui"
OUTPUT = SOURCES / "static" / "tailwind.css"
TAILWIND_JS = Path(nicegui.__file__).parent / "static" / "tailwindcss.min.js"
CHROMIUM = "/usr/bin/chromium"
# What NiceGUI's page template gives Tailwind as its stylesheet (templates/index.html).
TAILWIND_SOURCE = "@custom-variant dark (&:where(body.body--dark, body.body--dark *));"
# Characters that cannot be part of a class, as Tailwind's scanner splits source text.
NOT_A_CLASS = re.compile(r"""[\s"'`<>=;{}]+""")


def candidates() -> list[str]:
    """Every word of every string (f-strings' text included) in the portal's code."""
    words: set[str] = set()
    for path in sorted(SOURCES.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                words.update(w for w in NOT_A_CLASS.split(node.value) if w)
    return sorted(words)


def compiled(classes: list[str]) -> str:
    """The stylesheet Tailwind's browser build writes for a page holding `classes`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.set_content(f'<style type="text/tailwindcss">{TAILWIND_SOURCE}</style><div></div>')
        page.eval_on_selector("div", "(div, names) => { div.className = names }", " ".join(classes))
        page.add_script_tag(path=TAILWIND_JS)
        css: str = page.wait_for_function(
            """() => [...document.querySelectorAll("style:not([type])")]
                .map(style => style.textContent).find(text => text.includes("tailwindcss v"))"""
        ).json_value()
        browser.close()
    return f"/* {OUTPUT.name}: written by scripts/build_portal_css.py. Do not edit. */\n{css}\n"


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(compiled(candidates()))
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
