"""The PIN pad in the running app: a stored PIN is checked off the UI thread, and wrong PINs
still count after the kiosk is restarted."""

from __future__ import annotations

import threading

from test_app_walk import kiosk, wait_until

import kiosk.patient.staff_lock as staff_lock
from kiosk.patient.screens.staff import StaffScreen
from kiosk.patient.screens.staff_pin import StaffPin
from kiosk.settings.staff_pin import hash_pin, write_pin_file

PIN = "482916"


async def type_pin(pilot, pin: str) -> None:
    for digit in pin:
        await pilot.press(digit)
    await pilot.press("enter")
    await pilot.pause()


def message(app) -> str:
    return str(app.screen.query_one("#pin-message").render())


async def test_a_stored_pin_is_checked_while_the_screen_stays_live(tmp_path, monkeypatch):
    pin_file = tmp_path / "staff-pin"
    write_pin_file(pin_file, hash_pin(PIN, iterations=50_000))
    monkeypatch.setenv("KIOSK_STAFF__PIN_FILE", str(pin_file))
    release, threads = threading.Event(), []
    real_check = staff_lock.check_pin

    def slow_check(pin, stored):  # a hash that takes as long as the test wants
        threads.append(threading.current_thread())
        assert release.wait(20)
        return real_check(pin, stored)

    monkeypatch.setattr(staff_lock, "check_pin", slow_check)
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f12")
        await pilot.pause()
        await type_pin(pilot, PIN)
        # The UI thread is not held: it has drawn "Checking..." and still handles events.
        await wait_until(pilot, lambda: "Checking" in message(app))
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.query_one("#staff-pin").value == "1"
        assert isinstance(app.screen, StaffPin)
        release.set()
        await wait_until(pilot, lambda: isinstance(app.screen, StaffScreen))
    assert threads and threads[0] is not threading.main_thread()


async def test_wrong_pins_before_a_restart_still_count_after_it():
    first = kiosk()
    async with first.run_test(size=(80, 24)) as pilot:
        await pilot.press("f12")
        await pilot.pause()
        for _ in range(first.config.staff.lockout_failures - 1):
            await type_pin(pilot, "0000")
        assert message(first) == "Wrong PIN. 1 try left."
    second = kiosk()  # the kiosk restarted (same config, same lock file)
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.press("f12")
        await pilot.pause()
        await type_pin(pilot, "0000")
        assert "Too many wrong PINs" in message(second)
        await type_pin(pilot, "1818")  # the right (default) PIN, but locked
        assert isinstance(second.screen, StaffPin)
