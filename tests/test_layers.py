"""The front doors share only services (ARCHITECTURE.md, "Imports point down only"): nothing
in admin_app/ or customer_ui/ imports jobs/ or integrations/. Read from the source with ast,
so an import inside a function counts too.

The app factories are where each part is wired to the others (STYLE.md: shared clients are
made once and passed in), so they may install the queues' after-commit hook and the queue
metrics; each such exception is listed with its reason, and nothing else may join it
without one."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONT_DOORS = ("admin_app", "customer_ui")
BEHIND_SERVICES = ("jobs", "integrations")
# (module, imported module): why this one may.
WIRING = {
    ("admin_app/__init__.py", "jobs.on_commit"): "the app factory installs the commit hook",
    ("customer_ui/app.py", "jobs.on_commit"): "the app factory installs the commit hook",
    ("customer_ui/api/__init__.py", "jobs.on_commit"): "the API factory installs the hook",
    ("customer_ui/observability.py", "jobs.metrics"): "the factory's queue-depth metrics",
}


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_front_doors_import_neither_jobs_nor_integrations() -> None:
    offenders = sorted(
        (str(path.relative_to(ROOT)), name)
        for door in FRONT_DOORS
        for path in (ROOT / door).rglob("*.py")
        for name in imports(path)
        if name.split(".")[0] in BEHIND_SERVICES
    )
    assert [found for found in offenders if found not in WIRING] == []


def test_every_exception_is_still_needed() -> None:
    for module, name in WIRING:
        assert name in imports(ROOT / module), (module, name)
