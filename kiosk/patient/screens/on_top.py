"""Closing a screen from its own button, safely."""

from __future__ import annotations

from textual.screen import Screen


def dismiss_if_on_top(screen: Screen, result=None) -> None:
    """Dismiss `screen` with `result`, unless a wipe closed it as the tap arrived: Textual's
    dismiss would then close whatever screen is on top instead, and the kiosk was left with none
    (found by tests/test_app_monkey.py)."""
    if screen.is_active:
        screen.dismiss(result)
