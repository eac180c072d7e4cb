"""The end: 'Please take your receipt to the desk' (or what to do if printing failed).

It shows at once while the receipt prints and returns to welcome by itself after a while:
`done_return_s` of being on top. Staff mode over it (PIN pad, staff screen, a confirmation)
stops that clock, so it never closes staff mode under staff; back on top, it starts again. (The
idle reset still closes staff mode that nobody touches: kiosk/patient/idle.py.)
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Button, Static

from kiosk.patient.screens.page import display_toggles
from kiosk.patient.screens.settle import SettlingScreen
from kiosk.patient.widgets.plain import PageTurnButton, PlainStatic


class DoneScreen(SettlingScreen):
    AUTO_FOCUS = "#finish"
    _return_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        words = self.kiosk.words
        with Horizontal(id="topbar"):
            yield PlainStatic(words("done.thank_you"), id="progress")
            yield from display_toggles(self.kiosk)
        with Vertical(id="done-body"):
            yield PlainStatic(words("done.finished"), id="prompt")
            yield PlainStatic(words("done.printing"), id="done-message")
            yield PlainStatic(words("done.desk_help"), id="done-desk-help")
            slips = PlainStatic(words("done.two_slips"), id="done-slips")
            slips.display = False  # said once the receipt has printed, if the site adds a slip
            yield slips
            with Center():
                yield PageTurnButton(words("done.finish"), id="finish", classes="next")

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Shown, or back on top after staff mode: the full time from now, then the wipe.
        self._stop_return_timer()
        self._return_timer = self.set_timer(self.kiosk.done_return_s, self.kiosk.wipe_later)

    def on_screen_suspend(self, event: events.ScreenSuspend) -> None:
        self._stop_return_timer()  # staff mode is over this screen: it must stay until closed

    def _stop_return_timer(self) -> None:
        if self._return_timer is not None:
            self._return_timer.stop()
            self._return_timer = None

    def show_outcome(self, message: str, printed: bool = False) -> None:
        self.query_one("#done-message", Static).update(message)
        self.query_one("#done-slips").display = printed and self.kiosk.config.printer.patient_slip

    @on(Button.Pressed, "#finish")
    def finish(self) -> None:
        self.kiosk.wipe_later()
