"""Numeric keypad (0-9, delete, done) for dates and the staff PIN; posts KeyTapped; unfocusable."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid

from kiosk.ui.widgets.keyboard import KeyTapped, key_button


class Keypad(Grid):
    DEFAULT_CSS = """
    Keypad { grid-size: 3 4; grid-gutter: 0 1; width: 50; max-width: 50; height: 1fr;
        min-height: 12; max-height: 16; grid-rows: 1fr; }
    Keypad .key { width: 100%; height: 100%; min-height: 3; }
    """

    def __init__(self, done_label: str = "Done ✓", **kwargs) -> None:
        super().__init__(**kwargs)
        self.done_label = done_label

    def compose(self) -> ComposeResult:
        for digit in "123456789":
            yield key_button(digit)
        yield key_button("backspace", "⌫ Delete")
        yield key_button("0")
        yield key_button("done", self.done_label)

    def on_button_pressed(self, event) -> None:
        event.stop()
        self.post_message(KeyTapped((event.button.id or "").removeprefix("key-")))
