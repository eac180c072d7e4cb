"""The hazard log (docs/clinical-safety.md): every hazard cites tests, and every cited test
exists, so a control cannot be claimed by a test that was renamed or never written."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "docs" / "clinical-safety.md"
CITED = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")
REQUIRED = [
    "flag lost or inverted", "wrong patient", "next patient", "stale receipt", "tampered",
    "skipped", "ghost tap", "printer failure", "previous patient", "pregnancy question not shown",
    "wording misunderstood", "identity mismatch", "abandoned check-in", "unverified answers",
]  # fmt: skip
"""The hazards issue 12 names, as words their headings must contain."""


def hazards(text: str) -> dict[str, str]:
    parts = re.split(r"^## ", text, flags=re.M)[1:]
    return {part.splitlines()[0]: part for part in parts}


def names_of_tests(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
    }


def missing_tests(text: str, root: Path = ROOT) -> list[str]:
    found = []
    for file, name in CITED.findall(text):
        path = root / file
        if not path.is_file() or name not in names_of_tests(path):
            found.append(f"{file}::{name}")
    return found


def test_every_cited_test_exists():
    assert missing_tests(LOG.read_text(encoding="utf-8")) == []


def test_every_hazard_cites_at_least_one_test():
    found = hazards(LOG.read_text(encoding="utf-8"))
    assert len(found) >= 12
    for title, body in found.items():
        assert CITED.search(body), f"{title}: no test"
        for part in ("Cause", "Effect", "Residual"):
            assert f"**{part}" in body or part == "Cause" and "**Decision" in body, (title, part)


@pytest.mark.parametrize("words", REQUIRED)
def test_the_hazards_the_issue_names_are_in_the_log(words):
    titles = " ".join(hazards(LOG.read_text(encoding="utf-8"))).lower()
    assert words in titles


def test_the_check_fails_on_a_test_that_does_not_exist(tmp_path):
    """The checker itself can fail: a made-up test name and a missing file are both caught."""
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("def test_real():\n    pass\n")
    text = "`tests/test_x.py::test_real` `tests/test_x.py::test_gone` `tests/test_y.py::test_a`"
    assert missing_tests(text, tmp_path) == [
        "tests/test_x.py::test_gone",
        "tests/test_y.py::test_a",
    ]


def test_a_hazard_without_a_test_is_caught():
    text = "## H1 One\n- **Cause:** x\n`tests/test_a.py::test_b`\n## H2 Two\n- **Cause:** y\n"
    bare = [title for title, body in hazards(text).items() if not CITED.search(body)]
    assert bare == ["H2 Two"]
