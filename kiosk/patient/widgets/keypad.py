"""Numeric keypad (0-9, delete, done) for dates and the staff PIN, drawn by one widget.

Posts KeyTapped with the digit, 'backspace' or 'done'; it never takes focus. A patient page
has its own Next, so its keypad has no done key (`done_label=None`): one button per action.
"""

from __future__ import annotations

from kiosk.core.messages import Messages, english
from kiosk.patient.widgets.key_grid import Key, KeyGrid


class Keypad(KeyGrid):
    DEFAULT_CSS = """
    Keypad { width: 50; max-width: 50; height: 1fr; min-height: 12; max-height: 16; }
    """

    def __init__(
        self, done_label: str | None = "Done ✓", words: Messages | None = None, **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self.done_label = done_label
        self.delete_label = (words or english())("keys.delete")

    def key_rows(self) -> list[list[Key]]:
        rows = [[Key(d, d) for d in digits] for digits in ("123", "456", "789")]
        if self.done_label is None:  # 0 under 7 and 8, Delete under 9
            return [*rows, [Key("0", "0", 2), Key("backspace", self.delete_label)]]
        return [
            *rows,
            [Key("backspace", self.delete_label), Key("0", "0"), Key("done", self.done_label)],
        ]
