"""A short settle time after every page change, during which taps and Enter do nothing.

A fast double tap on "I have read this" pressed the next leaflet page's button too, which sits
in the same place, so that page went by unseen (issue 11). Whatever lands within `settle_s` of
a page change, on the old page or the new one, is dropped; after it, the page has been on
screen long enough to be seen, and a tap is the patient's choice.
"""

from __future__ import annotations

import time

from textual import events
from textual.screen import Screen

from kiosk.patient.contract import KioskView

SETTLE_S = 0.5  # a double tap is 0.1-0.3 s; a patient who reads takes well over a second
TAPS = (events.MouseDown, events.MouseUp, events.Click)


class PageClock:
    """When the patient's page last changed, and whether input is still settling."""

    def __init__(self, settle_s: float = SETTLE_S) -> None:
        self.settle_s = settle_s
        self.changed_at = float("-inf")

    def page_changed(self) -> None:
        self.changed_at = time.monotonic()

    def settling(self) -> bool:
        return time.monotonic() - self.changed_at < self.settle_s


class SettlingScreen(KioskView, Screen):
    """A patient screen that drops taps while the app's page clock is settling.

    Taps reach a screen through `_forward_event` both from the terminal (App.on_event) and from
    Pilot (which bypasses App.on_event), so the one check sits here. Keys are checked by the app.
    """

    _resumed_before = False

    def _forward_event(self, event: events.Event) -> None:
        clock = getattr(self.app, "page_clock", None)
        if isinstance(event, TAPS) and clock is not None and clock.settling():
            return
        super()._forward_event(event)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler (Textual calls each class's handler, subclass first).
        # The first time, this screen and every widget on it were styled a moment ago, when
        # they were mounted; Textual would style them all again (benchmarks/patient_kiosk.py).
        if not self._resumed_before:
            event.refresh_styles = False
        self._resumed_before = True
        # Count the settle time from when the page is drawn, not from when it was asked for.
        clock = getattr(self.app, "page_clock", None)
        if clock is not None and self.app.screen is self:
            clock.page_changed()
            self.call_after_refresh(clock.page_changed)
