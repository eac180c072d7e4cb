"""Promises the README makes about the project itself."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every module under kiosk/core: the pure pipeline (form -> session -> summary -> payload -> bytes).
CORE = tuple(
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    for path in sorted((ROOT / "kiosk" / "core").rglob("*.py"))
)
HEAVY = ("textual", "serial", "sqlite3")


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"run the tests[^\n]*\n+```sh\n(.+?)\n```", readme, re.IGNORECASE | re.DOTALL)
    assert found, "README has no ```sh block after 'run the tests'"
    return found.group(1).strip()


def ci_command() -> str:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [
        line.strip()
        for line in lines
        if line.strip()
        and not line.lstrip().startswith("#")
        and not line.startswith(("set ", "cd ", ".ci/"))  # .ci/ scripts only set up the machine
    ]
    assert len(commands) == 1, commands
    return commands[0]


def test_ci_runs_exactly_the_readme_test_command():
    command = readme_test_command()
    assert "pytest" in command
    assert ci_command() == command


def test_ci_script_stops_on_the_first_failure():
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert text.startswith("#!")
    assert "set -euo pipefail" in text


def heavy_modules_after_importing(*modules: str) -> str:
    """Import `modules` in a fresh interpreter; which of HEAVY came along."""
    code = f"import {', '.join(modules)}; import sys; "
    code += f"print([m for m in {HEAVY!r} if m in sys.modules])"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_core_imports_without_ui_serial_or_database():
    assert heavy_modules_after_importing(*CORE) == "[]"


def test_the_core_folder_holds_the_whole_pipeline():
    for stage in ("form", "session", "summary", "answers", "payload", "receipt_layout", "escpos"):
        assert f"kiosk.core.{stage}" in CORE


def test_the_check_itself_would_see_a_heavy_import():
    assert heavy_modules_after_importing("kiosk.core.summary", "sqlite3") == "['sqlite3']"


def test_a_missing_tool_skips_only_off_ci_and_never_under_ci(monkeypatch):
    from conftest import needs

    monkeypatch.setenv("CI", "true")
    assert needs(False, "tool missing").args == (False,)  # under CI: runs, and fails loudly
    monkeypatch.delenv("CI")
    assert needs(False, "tool missing").args == (True,)  # a developer's machine: skipped
    assert needs(True, "tool here").args == (False,)
