"""Screens and widgets reach the kiosk app only through the members kiosk/patient/contract.py
lists: read from their source, so a screen that starts using another app member fails here."""

from __future__ import annotations

import ast
from pathlib import Path

from textual.app import App

from kiosk.app import KioskApp
from kiosk.patient.contract import Kiosk

ROOT = Path(__file__).resolve().parent.parent / "kiosk" / "patient"
SOURCES = sorted([*ROOT.glob("screens/*.py"), *ROOT.glob("widgets/*.py")])
CONTRACT = set(Kiosk.__annotations__) | {
    name for name, value in vars(Kiosk).items() if callable(value) and not name.startswith("_")
}


def _is_self_attr(node: ast.AST, name: str) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == name
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    )


def app_uses() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(members read through self.kiosk or getattr(self.app, ...)), (members read on self.app),
    each mapped to the files that use them."""
    typed: dict[str, set[str]] = {}
    untyped: dict[str, set[str]] = {}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and _is_self_attr(node.value, "kiosk"):
                typed.setdefault(node.attr, set()).add(path.name)
            elif isinstance(node, ast.Attribute) and _is_self_attr(node.value, "app"):
                untyped.setdefault(node.attr, set()).add(path.name)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "hasattr", "setattr")
                and node.args
                and _is_self_attr(node.args[0], "app")
                and isinstance(node.args[1], ast.Constant)
            ):
                typed.setdefault(node.args[1].value, set()).add(path.name)
    return typed, untyped


def test_the_reader_finds_what_screens_use():
    typed, untyped = app_uses()
    assert {"session", "go_next", "try_pin", "wipe_later"} <= set(typed)  # the AST walk works
    assert "push_screen" in untyped


def test_every_app_member_a_screen_uses_is_in_the_contract():
    typed, _ = app_uses()
    missing = {name: files for name, files in typed.items() if name not in CONTRACT}
    assert not missing, f"add these to kiosk/patient/contract.py (or stop using them): {missing}"


def test_self_app_is_only_used_for_textuals_own_app_api():
    _, untyped = app_uses()
    kiosk_only = {name: files for name, files in untyped.items() if not hasattr(App, name)}
    assert not kiosk_only, f"use self.kiosk (the typed contract) for: {kiosk_only}"


def test_the_app_has_every_member_of_the_contract(tmp_path):
    app = KioskApp()
    lacking = sorted(name for name in CONTRACT if not hasattr(app, name))
    assert not lacking
