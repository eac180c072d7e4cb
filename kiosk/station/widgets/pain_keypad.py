"""A 0-10 keypad for the pain score after the procedure; buttons never take the focus.

The scan field keeps the keyboard, so a scan is never typed into the keypad.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button


class PainKeypad(Horizontal):
    DEFAULT_CSS = """
    PainKeypad { height: auto; }
    PainKeypad Button { min-width: 5; width: 5; margin: 0 1 0 0; }
    PainKeypad Button.-chosen { background: $success; text-style: bold; }
    """

    class Chosen(Message):
        def __init__(self, value: int) -> None:
            super().__init__()
            self.value = value

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: int | None = None
        """The value drawn as chosen."""

    def compose(self) -> ComposeResult:
        for value in range(11):
            button = Button(str(value), id=f"{self.id}-{value}")
            button.can_focus = False
            yield button

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        value = int(str(event.button.label))
        self.show(value)
        self.post_message(self.Chosen(value))

    def show(self, value: int | None) -> None:
        if value == self._shown:  # each scan calls this; most leave the keypad as it was
            return
        self._shown = value
        for button in self.query(Button):
            button.set_class(str(button.label) == str(value), "-chosen")
