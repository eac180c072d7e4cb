"""The end: 'Please take your receipt to the desk' (or what to do if printing failed).

It shows at once while the receipt prints and returns to welcome by itself after a while.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Static

from kiosk.patient.screens.page import display_toggles
from kiosk.patient.screens.settle import SettlingScreen
from kiosk.patient.widgets.plain import PlainButton, PlainStatic
from kiosk.printer.queue import DESK_HELP

PRINTING = "Printing your receipt. Please wait a moment."
TWO_SLIPS = (
    "Two pieces of paper print. The first, with the square code, is for the desk. "
    "The second is yours to keep: it says what to do after your injection."
)


class DoneScreen(SettlingScreen):
    AUTO_FOCUS = "#finish"

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield PlainStatic("Thank you", id="progress")
            yield from display_toggles(self.kiosk)
        with Vertical(id="done-body"):
            yield PlainStatic("Thank you. You have finished.", id="prompt")
            yield PlainStatic(PRINTING, id="done-message")
            yield PlainStatic(DESK_HELP, id="done-desk-help")
            slips = PlainStatic(TWO_SLIPS, id="done-slips")
            slips.display = False  # said once the receipt has printed, if the site adds a slip
            yield slips
            with Center():
                yield PlainButton("Finish", id="finish", classes="next")

    def on_mount(self) -> None:
        self.set_timer(self.kiosk.done_return_s, self.kiosk.wipe_later)

    def show_outcome(self, message: str, printed: bool = False) -> None:
        self.query_one("#done-message", Static).update(message)
        self.query_one("#done-slips").display = printed and self.kiosk.config.printer.patient_slip

    @on(Button.Pressed, "#finish")
    def finish(self) -> None:
        self.kiosk.wipe_later()
