"""Textual's private API is used in one module, kiosk/patient/textual_private.py, where each use
has a function and a comment; a Textual upgrade then has one file to check. Read from source."""

from __future__ import annotations

import ast
from pathlib import Path

KIOSK = Path(__file__).resolve().parent.parent / "kiosk"
THE_MODULE = KIOSK / "patient" / "textual_private.py"
# Private parts of the standard library, each explained where it is used.
STDLIB = {
    "argparse.py": {"_SubParsersAction"},  # the type of add_subparsers(), for annotations
    "memory_wipe.py": {"_lru_cache_wrapper", "_scheduled", "_timer_cancelled_count"},
}


def private_uses(path: Path) -> set[str]:
    """Private names `path` reaches on objects other than its own: `x._name`, `getattr(x,
    "_name")`, `import textual._module`, and `self._name` that no kiosk code defines (so it
    comes from a Textual base class)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    uses: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual._"):
            uses.add(node.module)
        elif isinstance(node, ast.Import):
            uses |= {a.name for a in node.names if a.name.startswith("textual._")}
        elif isinstance(node, ast.Attribute) and _private(node.attr):
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
                if node.attr not in DEFINED:
                    uses.add(f"self.{node.attr}")
            elif not (isinstance(owner, ast.Call) and ast.unparse(owner.func) == "super"):
                uses.add(node.attr)
        elif (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) in ("getattr", "hasattr")
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and _private(node.args[1].value)
        ):
            uses.add(node.args[1].value)
    return uses


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _defined_names() -> set[str]:
    """Every private name kiosk code defines: methods, class attributes, `self._x = ...`."""
    names: set[str] = set()
    for path in KIOSK.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
    return {name for name in names if _private(name)}


DEFINED = _defined_names()


def test_private_api_is_used_only_in_textual_private():
    found = {}
    for path in sorted(KIOSK.rglob("*.py")):
        if path == THE_MODULE:
            continue
        allowed = STDLIB.get(path.name, set()) | STDLIB["argparse.py"]
        uses = private_uses(path) - allowed
        if uses:
            found[str(path.relative_to(KIOSK))] = sorted(uses)
    assert not found, f"move these behind a function in kiosk/patient/textual_private.py: {found}"


def test_the_reader_sees_each_kind_of_private_use():
    uses = private_uses(THE_MODULE)
    assert {"textual._context", "_bindings", "_refresh_truecolor_filter", "_driver"} <= uses
    assert {"_process", "_process_messages", "_make_app"} <= uses


def test_each_function_in_the_module_says_why():
    tree = ast.parse(THE_MODULE.read_text(encoding="utf-8"))
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert len(functions) >= 6
    for function in functions:
        assert ast.get_docstring(function), function.name
    assert "8.2" in (ast.get_docstring(tree) or "")
