"""Lockdown: in patient mode the escape keys do nothing; an unexpected error shows no traceback."""

from __future__ import annotations

import asyncio

import pytest
from test_app_walk import kiosk, tap, to_name_page

from kiosk.patient.app import ASK_STAFF, LOCKED_KEYS, KioskApp
from kiosk.patient.screens.staff_pin import StaffPin

ESCAPE_KEYS = ["ctrl+q", "ctrl+c", "ctrl+p", "ctrl+z", "escape", "f1", "f5", "f10", "f11"]


@pytest.mark.parametrize("key", ESCAPE_KEYS)
async def test_escape_key_does_nothing_in_patient_mode(key):
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#start")
        await tap(pilot, "#next")
        screen = app.screen
        await pilot.press(key)
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert app.screen is screen and app.current_page_id == "preparation"
        assert len(app.screen_stack) == 2  # no palette, help panel or other screen on top


def test_app_level_bindings_and_features_are_locked():
    assert KioskApp.ENABLE_COMMAND_PALETTE is False
    assert KioskApp.ALLOW_SELECT is False
    actions = {b.key: b.action for b in KioskApp.BINDINGS}
    assert {"ctrl+q", "ctrl+c", "ctrl+p", "escape"} <= set(actions)
    assert all(action.startswith("locked_key") for action in actions.values())
    assert all(b.priority for b in KioskApp.BINDINGS)
    assert len(LOCKED_KEYS) >= 30


async def test_typing_in_a_text_field_cannot_quit_or_copy():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_name_page(pilot)
        await pilot.press("a", "ctrl+c", "ctrl+q", "ctrl+a", "escape")
        await pilot.pause()
        assert app.is_running and app.current_page_id == "name"
        assert app.screen.query_one("#input-name").value == "a"


async def test_only_the_staff_key_opens_the_pin_pad():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f11")
        await pilot.pause()
        assert not isinstance(app.screen, StaffPin)
        await pilot.press("f12")
        await pilot.pause()
        assert isinstance(app.screen, StaffPin)


async def test_an_unexpected_error_goes_back_to_welcome_with_please_ask_staff():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#start")
        await tap(pilot, "#next")

        def broken() -> None:
            raise RuntimeError("boom with Ada Lovelace's data")

        app.screen.call_later(broken)
        await asyncio.sleep(0.5)  # that screen's loop has stopped, so no pilot.pause()
        assert app.is_running
        assert app.current_page_id == "welcome"
        assert ASK_STAFF in str(app.screen.query_one("#notice").render())
        assert app.unexpected_errors == ["RuntimeError"]
        assert app.session.answers == {} and app.session.acknowledged == frozenset()
