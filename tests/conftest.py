"""Shared fixtures: each test gets its own staff lock file, so one test's wrong PINs (the count
survives restarts on purpose) never lock the pad in the next; and the drawing caches a test's
screens filled are emptied after it."""

from __future__ import annotations

import functools
import sys

import pytest


@pytest.fixture(autouse=True)
def own_staff_lock_file(tmp_path_factory, monkeypatch):
    folder = tmp_path_factory.mktemp("staff-lock")
    monkeypatch.setenv("KIOSK_STAFF__LOCK_FILE", str(folder / "staff-lock.json"))


_drawing_caches: tuple[int, list] = (0, [])


def drawing_caches() -> list:
    """Rich's and Textual's functools caches (found again when modules were imported)."""
    global _drawing_caches
    count, found = _drawing_caches
    if count != len(sys.modules):
        found = []
        for name, module in list(sys.modules.items()):
            if module is None or not name.startswith(("rich", "textual")):
                continue
            for value in list(vars(module).values()):
                members = vars(value).values() if isinstance(value, type) else [value]
                for member in members:
                    member = getattr(member, "__func__", member)
                    if isinstance(member, functools._lru_cache_wrapper):
                        found.append(member)
        _drawing_caches = (len(sys.modules), list({id(c): c for c in found}.values()))
    return _drawing_caches[1]


@pytest.fixture(autouse=True)
def fresh_drawing_caches():
    """A test's screens leave up to ~190,000 objects in Textual's caches (1,024 StylesCaches
    with their strips, keyed by widgets long gone). Pure memos, so emptying them changes no
    result; it halves the heap every later full collection walks (each app start and each
    wipe runs one), and no test draws with another test's cached pieces."""
    yield
    styles = sys.modules.get("textual._styles_cache")
    if styles and styles.StylesCache.get_inner_outer.cache_info().currsize:  # a screen drew
        for cache in drawing_caches():
            cache.cache_clear()


def needs(available: bool, reason: str):
    """Skip a test whose tool or OS feature is missing, but only off CI: under CI=true (what
    `.ci/run` gets) the test runs and fails, so a green CI never hides a check that did not run."""
    import os

    # The one skip in the suite, and a real one: a developer's machine may lack Chromium,
    # systemd-analyze, xkb-data or Linux /proc. `reason` names the tool and its Debian package.
    return pytest.mark.skipif(not available and os.environ.get("CI") != "true", reason=reason)
