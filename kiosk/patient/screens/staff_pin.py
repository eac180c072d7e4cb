"""The staff PIN pad: digits from an on-screen keypad (or the keyboard), shown as dots.

Wrong PINs are counted by kiosk/patient/staff_lock.py, which locks the pad for a while after
too many.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from kiosk.patient.contract import KioskView
from kiosk.patient.screens.on_top import dismiss_if_on_top
from kiosk.patient.widgets.keyboard import KeyTapped
from kiosk.patient.widgets.keypad import Keypad
from kiosk.patient.widgets.plain import PlainButton, PlainStatic


class StaffPin(KioskView, ModalScreen[bool]):
    """Dismisses True when the PIN is right, False on Cancel."""

    def compose(self) -> ComposeResult:
        with Vertical(id="pin-box"):
            yield PlainStatic("Staff only: enter the PIN", id="pin-title")
            yield Input(password=True, id="staff-pin", max_length=12, restrict=r"[0-9]*")
            yield PlainStatic(self.kiosk.pin_lock_message(), id="pin-message")
            yield Keypad(done_label="Enter ✓", id="pin-keypad")
            with Horizontal(id="pin-nav"):
                yield PlainButton("Cancel", id="pin-cancel")

    def on_mount(self) -> None:
        self.query_one("#staff-pin", Input).focus()

    def on_key_tapped(self, event: KeyTapped) -> None:
        event.stop()
        field = self.query_one("#staff-pin", Input)
        if event.key == "done":
            self.submit()
        elif event.key == "backspace":
            field.value = field.value[:-1]
        elif len(field.value) < 12:
            field.value += event.key

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        field = self.query_one("#staff-pin", Input)
        pin, field.value = field.value, ""
        if self.kiosk.config.staff.pin_hash:
            # PBKDF2 takes a while on purpose: off the UI thread, so the screen stays live.
            self.query_one("#pin-message", Static).update("Checking...")
            self.check_in_thread(pin)
        else:
            self.checked(*self.kiosk.try_pin(pin))  # the default PIN: a plain comparison

    @work(thread=True, exclusive=True, group="pin", exit_on_error=False)
    def check_in_thread(self, pin: str) -> None:
        result = self.kiosk.try_pin(pin)
        self.app.call_from_thread(self.checked, *result)

    def checked(self, ok: bool, message: str) -> None:
        if not self.is_attached:
            return  # the pad was closed (idle reset, Cancel) while the PIN was checked
        if ok:
            dismiss_if_on_top(self, True)
        else:
            self.query_one("#pin-message", Static).update(message)

    @on(Button.Pressed, "#pin-cancel")
    def cancel(self) -> None:
        dismiss_if_on_top(self, False)
