"""No block of more than 10 lines is written twice outside tests (issue 18): a rule copied
is a rule that will be changed in one place only. Read from the source as text.

This check compares lines as written (white space folded; blank lines, comments, imports
and lone brackets passed over), so it catches copies, not blocks of the same shape with other
names: those are found by reading the code (a shape listing over the tree showed, besides
migrations' history, only declarations: held-out phrase sets in bench/, Flask-Admin column
lists, Prometheus metric definitions, long keyword calls)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from tests.test_sizes import ROOT, product_modules

MAX_SHARED_LINES = 10
# Tests may repeat themselves for clarity; migrations are history, never rewritten once run.
LEFT_OUT = ("tests", "migrations", ".venv", "build")
PASSED_OVER = {"", "(", ")", "[", "]", "{", "}", "),", "],", "},", '"""', "else:", "try:"}


def significant_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, the line with its white space folded) of the lines that count."""
    kept = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        text = " ".join(line.split())
        if text in PASSED_OVER or text.startswith(("#", "import ", "from ")):
            continue
        kept.append((number, text))
    return kept


def blocks(path: Path, size: int) -> Iterator[tuple[str, int]]:
    """Each run of `size` significant lines, as (digest, first line number)."""
    lines = significant_lines(path)
    for start in range(len(lines) - size + 1):
        run = "\n".join(text for _, text in lines[start : start + size])
        yield hashlib.blake2b(run.encode(), digest_size=16).hexdigest(), lines[start][0]


def written_twice(
    paths: Iterable[Path], root: Path = ROOT, size: int = MAX_SHARED_LINES + 1
) -> list[str]:
    """Each block of `size` lines found again, as "first place ~ later place"; a run of
    repeated lines overlapping itself within one file is not a copy."""
    first_seen: dict[str, tuple[str, int]] = {}
    found: set[str] = set()
    for path in paths:
        name = str(path.relative_to(root))
        for digest, line in blocks(path, size):
            other = first_seen.setdefault(digest, (name, line))
            if other != (name, line) and not (other[0] == name and line - other[1] < size):
                found.add(f"{other[0]}:{other[1]} ~ {name}:{line}")
    return sorted(found)


def test_no_block_of_more_than_10_lines_is_written_twice() -> None:
    assert written_twice(product_modules(LEFT_OUT)) == []


def test_the_check_finds_a_copied_block(tmp_path: Path) -> None:
    block = "\n".join(f"value_{n} = compute({n})" for n in range(MAX_SHARED_LINES + 1))
    (tmp_path / "a.py").write_text(block + "\n")
    (tmp_path / "b.py").write_text("other = 1\n" + block + "\n")
    digests = [{d for d, _ in blocks(tmp_path / f, MAX_SHARED_LINES + 1)} for f in ("a.py", "b.py")]
    assert digests[0] & digests[1]
    shorter = "\n".join(block.splitlines()[:MAX_SHARED_LINES])
    (tmp_path / "c.py").write_text(shorter + "\n")
    assert not {d for d, _ in blocks(tmp_path / "c.py", MAX_SHARED_LINES + 1)}
    # The pairs the test above asserts are none: a copy in another file and a copy further on
    # in the same file are named; a shorter run, and lines repeating within a block, are not.
    again = "\n".join(f"other_{n} = compute({n})" for n in range(MAX_SHARED_LINES + 1))
    (tmp_path / "d.py").write_text(f"{again}\nbetween = 1\n{again}\n")
    (tmp_path / "e.py").write_text("same = 1\n" * (MAX_SHARED_LINES + 3))
    paths = [tmp_path / f"{name}.py" for name in "abcde"]
    assert written_twice(paths, root=tmp_path) == ["a.py:1 ~ b.py:2", "d.py:1 ~ d.py:13"]
