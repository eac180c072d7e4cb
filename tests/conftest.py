"""Shared fixtures: each test gets its own staff lock file, so one test's wrong PINs (the count
survives restarts on purpose) never lock the pad in the next."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def own_staff_lock_file(tmp_path_factory, monkeypatch):
    folder = tmp_path_factory.mktemp("staff-lock")
    monkeypatch.setenv("KIOSK_STAFF__LOCK_FILE", str(folder / "staff-lock.json"))


def needs(available: bool, reason: str):
    """Skip a test whose tool or OS feature is missing, but only off CI: under CI=true (what
    `.ci/run` gets) the test runs and fails, so a green CI never hides a check that did not run."""
    import os

    return pytest.mark.skipif(not available and os.environ.get("CI") != "true", reason=reason)
