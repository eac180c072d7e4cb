"""On-screen keyboard for touchscreens: large keys that post KeyTapped; it never takes focus.

Free text has a row of digits above the letters. Where the screen is too short for five rows of
keys at least 3 lines high (80x24), the keyboard turns compact: the digits take the place of the
top letter row at the tap of a "123" key, as on a phone, so no key shrinks below 3 lines.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button

from kiosk.ui.widgets.plain import PlainButton

LETTER_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
DIGITS = "1234567890"
NAMED = {
    "shift": "⇧ Shift",
    "space": "Space",
    "hyphen": "-",
    "apostrophe": "'",
    "backspace": "⌫ Delete",
    "done": "Done ✓",
    "comma": ",",
    "period": ".",
    "question": "?",
    "numbers": "123",
}
CHARS = {
    "space": " ",
    "hyphen": "-",
    "apostrophe": "'",
    "comma": ",",
    "period": ".",
    "question": "?",
}


class KeyTapped(Message):
    """A key of the on-screen keyboard or keypad was tapped: `key` is its id part ('a', 'done')."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


def key_button(key: str, label: str | None = None, classes: str = "key") -> Button:
    button = PlainButton(label or key, id=f"key-{key}", classes=classes)
    button.can_focus = False  # the text field keeps the focus (and the cursor)
    button.active_effect_duration = 0  # a quick second tap on the same key ("11") must count
    button.styles.line_pad = 0  # no space beside the label: "⇧ SHIFT ON" fits an outlined key
    return button


class OnScreenKeyboard(Vertical):
    DEFAULT_CSS = """
    OnScreenKeyboard { height: 1fr; }
    OnScreenKeyboard Horizontal { height: 1fr; align-horizontal: center; }
    OnScreenKeyboard .key { width: 1fr; max-width: 14; min-width: 4; height: 1fr; min-height: 3;
        margin: 0 0 0 1; }
    OnScreenKeyboard .wide { width: 2fr; max-width: 22; }
    OnScreenKeyboard #key-numbers { display: none; }
    OnScreenKeyboard.-compact #key-numbers { display: block; }
    OnScreenKeyboard.-compact #digit-row { display: none; }
    OnScreenKeyboard.-compact.-numbers #digit-row { display: block; }
    OnScreenKeyboard.-compact.-numbers #top-letter-row { display: none; }
    """

    KEY_LINES = 3  # the smallest key height the keyboard allows itself

    def __init__(self, *, free_text: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.free_text = free_text
        self.shift = False
        self.numbers = False  # compact mode only: digits shown instead of the top letter row

    def compose(self) -> ComposeResult:
        if self.free_text:
            with Horizontal(id="digit-row"):
                for digit in DIGITS:
                    yield key_button(digit)
        for n, row in enumerate(LETTER_ROWS):
            with Horizontal(id="top-letter-row" if n == 0 else None):
                if n == 2:
                    yield key_button("shift", NAMED["shift"], classes="key wide")
                for letter in row:
                    yield key_button(letter)
                if n == 2:
                    yield key_button("backspace", NAMED["backspace"], classes="key wide")
        with Horizontal():
            extras = ["hyphen", "apostrophe"]
            if self.free_text:
                extras += ["comma", "period", "question"]
            if self.free_text:
                yield key_button("numbers", NAMED["numbers"])
            for name in extras:
                yield key_button(name, NAMED[name])
            yield key_button("space", NAMED["space"], classes="key wide")
            yield key_button("done", NAMED["done"], classes="key wide")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        key = (event.button.id or "").removeprefix("key-")
        if key == "shift":
            self.set_shift(not self.shift)
            return
        if key == "numbers":
            self.set_numbers(not self.numbers)
            return
        self.post_message(KeyTapped(key))

    def on_resize(self) -> None:
        if self.free_text:
            rows = len(LETTER_ROWS) + 2  # digits, letters, and the row with space and done
            self.set_class(self.size.height < rows * self.KEY_LINES, "-compact")

    def set_numbers(self, on: bool) -> None:
        self.numbers = on
        self.set_class(on, "-numbers")
        self.query_one("#key-numbers", Button).label = "abc" if on else NAMED["numbers"]

    def set_shift(self, on: bool) -> None:
        if on == self.shift:
            return  # called on every tap and every change of the text: relabel only on a change
        self.shift = on
        self.query_one("#key-shift", Button).label = "⇧ SHIFT ON" if on else NAMED["shift"]
        for row in LETTER_ROWS:
            for letter in row:
                self.query_one(f"#key-{letter}", Button).label = letter.upper() if on else letter

    def character(self, key: str) -> str | None:
        """The character a tapped key types, or None for a command key (backspace, done)."""
        if key in CHARS:
            return CHARS[key]
        if len(key) == 1:
            return key.upper() if self.shift else key
        return None
