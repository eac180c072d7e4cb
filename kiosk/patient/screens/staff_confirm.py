"""'Are you sure?' for the staff actions that cannot be undone: reset the patient, exit the app.

A ModalScreen[bool]: Yes dismisses True, No (which has the focus, so Enter is safe) False.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button

from kiosk.patient.screens.on_top import dismiss_if_on_top
from kiosk.patient.widgets.plain import PlainButton, PlainStatic


class StaffConfirm(ModalScreen[bool]):
    AUTO_FOCUS = "#confirm-no"

    def __init__(self, question: str, yes_label: str) -> None:
        super().__init__()
        self.question, self.yes_label = question, yes_label

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield PlainStatic(self.question, id="confirm-question")
            with Horizontal(id="confirm-row"):
                yield PlainButton("No, go back", id="confirm-no")
                yield PlainButton(self.yes_label, id="confirm-yes", classes="danger")

    @on(Button.Pressed, "#confirm-yes")
    def yes(self) -> None:
        dismiss_if_on_top(self, True)

    @on(Button.Pressed, "#confirm-no")
    def no(self) -> None:
        dismiss_if_on_top(self, False)
