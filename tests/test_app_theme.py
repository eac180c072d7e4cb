"""The kiosk's two themes: chosen before the first frame, switched by the high-contrast toggle.

The first theme is set without Textual's theme watcher, which would parse the whole stylesheet a
second time at start (kiosk/app.py `_set_first_theme`); these tests hold it to what the watcher
gives: the theme's colours, its classes, and a working switch afterwards.
"""

from __future__ import annotations

import pytest
from test_app_walk import kiosk, tap
from textual.css.stylesheet import Stylesheet


def theme_state(app) -> tuple[str, set[str], bool]:
    modes = {name for name in app.classes if name.startswith(("-theme-", "-dark", "-light"))}
    colours_match = app.stylesheet._variables == app.get_css_variables()
    return app.theme, modes, colours_match


@pytest.mark.parametrize(
    ("contrast", "expected"),
    [
        ("false", ("kiosk", {"-theme-kiosk", "-light-mode"}, True)),
        ("true", ("kiosk-contrast", {"-theme-kiosk-contrast", "-dark-mode"}, True)),
    ],
)
async def test_the_configured_theme_is_whole_from_the_start_and_parsed_once(
    monkeypatch, contrast, expected
):
    monkeypatch.setenv("KIOSK_DISPLAY__HIGH_CONTRAST", contrast)
    reparses = []
    original = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: reparses.append(1) or original(self))
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert theme_state(app) == expected
        assert reparses == []  # the stylesheet was parsed once, with the right colours


async def test_the_high_contrast_toggle_switches_theme_both_ways():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#toggle-contrast")
        await pilot.pause()
        assert theme_state(app) == ("kiosk-contrast", {"-theme-kiosk-contrast", "-dark-mode"}, True)
        background = app.screen.styles.background
        await pilot.pause(0.5)  # a second tap, not a double click
        await tap(pilot, "#toggle-contrast")
        await pilot.pause()
        assert theme_state(app) == ("kiosk", {"-theme-kiosk", "-light-mode"}, True)
        assert app.screen.styles.background != background
