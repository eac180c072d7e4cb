"""Staff mode: PIN pad with lockout, reset, reprint, printer status, exit; no residue after."""

from __future__ import annotations

import logging
import time

from key_taps import key_grid_with, tap_key
from test_app_walk import (
    ALL_NO,
    FakePrinter,
    confirm,
    kiosk,
    settle,
    tap,
    to_name_page,
    wait_until,
    walk,
)
from textual.widgets import Input

from kiosk.patient.screens.done import DoneScreen
from kiosk.patient.screens.staff import StaffScreen
from kiosk.patient.screens.staff_confirm import StaffConfirm
from kiosk.patient.screens.staff_pin import StaffPin

NAME = "Lovelace"


async def enter_pin(pilot, pin: str) -> None:
    for digit in pin:
        await tap_key(pilot, digit)
    await tap_key(pilot, "done")


async def open_staff_screen(pilot) -> None:
    await pilot.press("f12")
    await pilot.pause()
    await enter_pin(pilot, "1818")


async def test_wrong_pins_lock_the_pad_even_for_the_right_pin():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f12")
        await pilot.pause()
        for _ in range(app.config.staff.lockout_failures - 1):
            await enter_pin(pilot, "0000")
            assert "Wrong PIN" in str(app.screen.query_one("#pin-message").render())
        await enter_pin(pilot, "0000")
        assert "Try again in" in str(app.screen.query_one("#pin-message").render())
        await enter_pin(pilot, "1818")  # right PIN, but locked
        assert isinstance(app.screen, StaffPin)
        app.staff_lock.clock = lambda: time.time() + 3600  # the lockout time has passed
        await enter_pin(pilot, "1818")
        assert isinstance(app.screen, StaffScreen) and app.current_page_id == "staff"


async def test_tapping_the_site_name_five_times_opens_the_pin_pad():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(4):
            await tap(pilot, "#site-name")
        assert not isinstance(app.screen, StaffPin)
        await tap(pilot, "#site-name")
        assert isinstance(app.screen, StaffPin)
        await tap(pilot, "#pin-cancel")
        assert app.current_page_id == "welcome" and len(app.screen_stack) == 2


async def test_staff_screen_reprints_shows_printer_status_and_exits():
    printer = FakePrinter(ok=False)
    app = kiosk(printer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await settle(pilot)
        assert "Paper out" in str(app.screen.query_one("#printer-notice").render())
        await open_staff_screen(pilot)
        await tap(pilot, "#staff-reprint")
        await settle(pilot)
        assert printer.reprints == 1
        assert "Reprinted" in str(app.screen.query_one("#staff-message").render())
        assert "NEEDS ATTENTION" in str(app.screen.query_one("#staff-printer").render())
        await tap(pilot, "#staff-exit")
        await tap(pilot, "#confirm-yes")
    assert app.return_code == 0


def text_everywhere(app) -> str:
    parts = []
    for screen in app.screen_stack:
        for widget in [screen, *screen.walk_children(with_self=False)]:
            parts.append(str(widget.render()))
            if isinstance(widget, Input):
                parts.append(widget.value)
    return "\n".join(parts)


async def test_staff_reset_leaves_no_trace_of_the_last_patient(caplog):
    caplog.set_level(logging.DEBUG)
    printer = FakePrinter()
    app = kiosk(printer)
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(pilot, ALL_NO)
        assert NAME in text_everywhere(app)
        await settle(pilot)
        forgets = printer.forgets  # one at start-up
        await open_staff_screen(pilot)
        await tap(pilot, "#staff-reset")
        await tap(pilot, "#confirm-yes")
        await settle(pilot)
        assert app.current_page_id == "welcome" and len(app.screen_stack) == 2
        assert NAME not in text_everywhere(app)
        assert app.session.answers == {} and not app.visited
        assert printer.forgets == forgets + 1
        assert not any(NAME in repr(value) for value in vars(app).values())
        # the next patient starts clean
        await to_name_page(pilot)
        assert app.screen.query_one("#input-name", Input).value == ""
    assert NAME not in caplog.text


class BrokenPrinter(FakePrinter):
    """A printer whose every call raises, as a driver bug or a pulled cable might."""

    def print_summary(self, summary, form, wording=None):
        raise OSError("device vanished")

    def status(self):
        raise OSError("device vanished")

    def reprint_last(self):
        raise OSError("device vanished")


async def test_a_printer_that_raises_never_stops_the_kiosk_and_staff_see_why():
    app = kiosk(BrokenPrinter())
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(pilot, ALL_NO)
        await confirm(pilot)
        await settle(pilot)
        assert app.current_page_id == "done"
        assert "go to the desk" in str(app.screen.query_one("#done-message").render())
        await open_staff_screen(pilot)
        await tap(pilot, "#staff-reprint")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, StaffScreen)
        assert "OSError" in str(app.screen.query_one("#staff-last-print").render())
        assert "NEEDS ATTENTION" in str(app.screen.query_one("#staff-printer").render())
        assert "Reprint failed" in str(app.screen.query_one("#staff-message").render())


async def test_no_pin_notice_is_for_staff_only_never_on_the_welcome_screen():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "PIN" not in text_everywhere(app)  # a patient never reads about the PIN
        await open_staff_screen(pilot)
        notice = app.screen.query_one("#staff-pin-notice")
        said = str(notice.render())
        assert notice.display and "No staff PIN has been set" in said
        assert "default PIN" in said and "kiosk set-pin" in said and "6 digits" in said
        assert "1818" not in text_everywhere(app)
        await tap(pilot, "#staff-back")
        staff = app.config.staff.model_copy(update={"pin_hash": "pbkdf2_sha256$1$00$00"})
        app.config = app.config.model_copy(update={"staff": staff})
        app._pin_answered(True)  # staff again, now that a PIN is set
        await pilot.pause()
        assert not app.screen.query_one("#staff-pin-notice").display


async def test_staff_screen_opens_on_back_so_enter_resets_nothing():
    app = kiosk()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_name_page(pilot)
        await pilot.press(*"ada")
        await open_staff_screen(pilot)
        assert app.screen.focused.id == "staff-back"
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_page_id == "name"
        assert app.screen.query_one("#input-name", Input).value == "ada"


async def test_reset_and_exit_ask_first_and_no_changes_nothing():
    app = kiosk()
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(pilot, ALL_NO)
        await open_staff_screen(pilot)
        for button in ("#staff-reset", "#staff-exit"):
            await tap(pilot, button)
            assert isinstance(app.screen, StaffConfirm)
            assert app.screen.focused.id == "confirm-no"  # Enter there is the safe answer
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, StaffScreen) and app.is_running
            assert app.session.answers["name"] == ALL_NO["name"]
        await tap(pilot, "#staff-reset")
        await tap(pilot, "#confirm-no")
        assert isinstance(app.screen, StaffScreen) and app.session.answers
        await tap(pilot, "#staff-exit")
        await tap(pilot, "#confirm-yes")
        await pilot.pause()
    assert app.return_code == 0


async def test_the_pin_pad_keys_stand_out_from_the_box_they_sit_in():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f12")
        await pilot.pause()
        box = app.screen.query_one("#pin-box")
        grid = key_grid_with(app, "5", "#pin-keypad")
        key = grid.key_regions()["5"].translate(grid.region.offset)
        # Key 5's background against the box's, and its label (the cells of its middle line
        # drawn in a colour of their own) against its background.
        y = key.y + key.height // 2
        key_bg = app.screen.get_style_at(key.x + 1, y).bgcolor.triplet
        box_bg = box.styles.background.rgb
        assert contrast(key_bg, box_bg) >= 1.2, (key_bg, box_bg)
        digit = [
            style
            for x in range(key.x, key.right)
            if (style := app.screen.get_style_at(x, y)).color is not None
            and style.color.triplet != key_bg
        ]
        assert digit, "no digit drawn on key 5"
        assert all(contrast(style.color.triplet, key_bg) >= 4.5 for style in digit)


def contrast(a, b) -> float:
    def luminance(rgb) -> float:
        def channel(c: int) -> float:
            c = c / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


async def test_back_to_patient_screen_returns_to_the_page_the_patient_was_on():
    app = kiosk()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_name_page(pilot)
        await open_staff_screen(pilot)
        assert app.current_page_id == "staff"
        await tap(pilot, "#staff-back")
        assert app.current_page_id == "name"  # was left at "staff"
        assert app.screen.query_one("#input-name")


async def test_the_done_screen_waits_for_staff_mode_then_still_wipes_the_patient():
    """Issue 11: staff opened staff mode on the done screen to reprint, and the done screen's own
    timer reset the kiosk under them. Staff mode (PIN pad, staff screen, a confirmation) stays
    open past the done screen's time; once staff go back to it, the done screen waits its full
    time again and then wipes the patient."""
    printer = FakePrinter()
    app = kiosk(printer)
    app.done_return_s = 1.5
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(pilot, ALL_NO)
        await settle(pilot)
        forgets = printer.forgets  # one at start-up
        await confirm(pilot)
        await pilot.press("f12")  # at once: the done screen's time runs from now
        done_at = time.monotonic()
        await pilot.pause()
        assert isinstance(app.screen, StaffPin)
        await pilot.pause(app.done_return_s + 0.5)
        assert isinstance(app.screen, StaffPin)  # the PIN pad, mid-PIN, is not closed
        await enter_pin(pilot, "1818")
        await tap(pilot, "#staff-reprint")
        await settle(pilot)
        await tap(pilot, "#staff-reset")
        assert isinstance(app.screen, StaffConfirm)
        await pilot.pause(app.done_return_s + 0.5)
        assert isinstance(app.screen, StaffConfirm)
        await tap(pilot, "#confirm-no")
        await pilot.pause(app.done_return_s + 0.5)
        assert time.monotonic() - done_at > 3 * app.done_return_s
        assert isinstance(app.screen, StaffScreen) and app.current_page_id == "staff"
        assert printer.reprints == 1 and app.session.answers  # nothing was wiped meanwhile
        await tap(pilot, "#staff-back")
        back_at = time.monotonic()
        assert isinstance(app.screen, DoneScreen) and app.session.answers["name"] == ALL_NO["name"]
        await wait_until(pilot, lambda: app.current_page_id == "welcome")
        assert time.monotonic() - back_at >= app.done_return_s - 0.1  # its full time again
        await settle(pilot)
        assert app.session.answers == {} and not app.visited and len(app.screen_stack) == 2
        assert printer.forgets == forgets + 1  # the printed receipt's files are gone too
