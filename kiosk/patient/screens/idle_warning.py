"""'Are you still there?' with a visible countdown; no answer wipes the session."""

from __future__ import annotations

import time

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kiosk.patient.contract import KioskView
from kiosk.patient.screens.on_top import dismiss_if_on_top
from kiosk.patient.widgets.plain import PlainButton, PlainStatic


class IdleWarning(KioskView, ModalScreen[bool]):
    """Dismisses True when the patient taps 'I am still here'; calls the app's wipe at zero."""

    def __init__(self, seconds: float) -> None:
        super().__init__(id="idle-warning")
        self.deadline = time.monotonic() + seconds

    @property
    def left(self) -> float:
        return self.deadline - time.monotonic()

    def compose(self) -> ComposeResult:
        with Vertical(id="idle-box"):
            yield PlainStatic(self.kiosk.words("idle.title"), id="idle-title")
            yield PlainStatic(self._text(), id="idle-countdown")
            yield PlainButton(self.kiosk.words("idle.still_here"), id="still-here", classes="next")

    def _text(self) -> str:
        return self.kiosk.words("idle.countdown", seconds=max(0, round(self.left)))

    def on_mount(self) -> None:
        self.set_interval(0.1, self._tick)

    def _tick(self) -> None:
        self.query_one("#idle-countdown", Static).update(self._text())
        if self.left <= 0:
            self.kiosk.wipe_later(abandoned=True)

    @on(Button.Pressed, "#still-here")
    def still_here(self) -> None:
        dismiss_if_on_top(self, True)
