"""A 0-10 keypad for a pain score at the station; buttons never take the focus.

The scan field keeps the keyboard, so a scan is never typed into the keypad. The chosen score
is drawn in brackets, `[7]`, as well as in colour. One row high, so the station fits 80x24.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button


class PainKeypad(Horizontal):
    DEFAULT_CSS = """
    PainKeypad { height: 1; width: auto; }
    """
    # The buttons' one-row look is in station.tcss: a widget's DEFAULT_CSS cannot override
    # Button's own borders, and a one-row Button with them has no room for its label.

    class Chosen(Message):
        def __init__(self, keypad: PainKeypad, value: int) -> None:
            super().__init__()
            self.keypad = keypad
            self.value = value

        @property
        def control(self) -> PainKeypad:
            return self.keypad

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: int | None = None
        """The value drawn as chosen."""

    def compose(self) -> ComposeResult:
        for value in range(11):
            button = Button(str(value), id=f"{self.id}-{value}", name=str(value))
            button.can_focus = False
            button.styles.line_pad = 0  # "[10]" fills a 4-cell button (CSS refuses 0 here)
            yield button

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        value = int(event.button.name or 0)
        self.show(value)
        self.post_message(self.Chosen(self, value))

    def show(self, value: int | None) -> None:
        if value == self._shown:  # each scan calls this; most leave the keypad as it was
            return
        self._shown = value
        for button in self.query(Button):
            chosen = button.name == str(value)
            button.set_class(chosen, "-chosen")
            button.label = f"[{button.name}]" if chosen else button.name
