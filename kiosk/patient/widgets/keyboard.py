"""On-screen keyboard for touchscreens: large keys drawn by one widget; it never takes focus.

Free text has a row of digits above the letters. Where the screen is too short for five rows of
keys at least 3 lines high (80x24), the keyboard turns compact: the digits take the place of the
top letter row at the tap of a "123" key, as on a phone, so no key shrinks below 3 lines.
Keys are named as `KeyTapped.key`: the letter or digit itself, or a name from NAMED.
"""

from __future__ import annotations

from textual.widgets import Button

from kiosk.core.messages import Messages, english
from kiosk.patient.widgets.key_grid import Key, KeyGrid, KeyTapped
from kiosk.patient.widgets.plain import PlainButton

__all__ = ["CHARS", "KeyTapped", "NAMED", "OnScreenKeyboard", "key_button"]

LETTER_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
DIGITS = "1234567890"
NAMED = {
    "shift": "keys.shift",
    "space": "keys.space",
    "hyphen": "-",
    "apostrophe": "'",
    "backspace": "keys.delete",
    "done": "keys.done",
    "comma": ",",
    "period": ".",
    "question": "?",
    "numbers": "keys.numbers",
}
"""Each named key's label: a catalogue key (kiosk/core/messages), or the mark itself."""
CHARS = {
    "space": " ",
    "hyphen": "-",
    "apostrophe": "'",
    "comma": ",",
    "period": ".",
    "question": "?",
}
FREE_TEXT_MARKS = ("hyphen", "apostrophe", "comma", "period", "question")
KEY_WIDTH, WIDE_WIDTH = 14, 22  # the widest a key grows on a wide screen, in columns


def key_button(key: str, label: str | None = None, classes: str = "key") -> Button:
    """A key of its own beside the keyboard (the text field's Clear): a Button, unfocusable."""
    button = PlainButton(label or key, id=f"key-{key}", classes=classes)
    button.can_focus = False  # the text field keeps the focus (and the cursor)
    button.active_effect_duration = 0  # a quick second tap on the same key must count
    button.styles.line_pad = 0
    return button


def key(
    name: str, label: str | None = None, wide: bool = False, words: Messages | None = None
) -> Key:
    if label is None:
        label = NAMED.get(name, name)
        label = (words or english())(label) if label.startswith("keys.") else label
    return Key(name, label, 2 if wide else 1, WIDE_WIDTH if wide else KEY_WIDTH)


class OnScreenKeyboard(KeyGrid):
    KEY_LINES = 3  # the smallest key height the keyboard allows itself

    def __init__(
        self,
        *,
        free_text: bool = False,
        done_key: bool = True,
        words: Messages | None = None,
        **kwargs,
    ) -> None:
        """`done_key=False` for a page whose Next is the one way on (one button per action);
        `words`: the patient's language (English by default)."""
        super().__init__(**kwargs)
        self.words = words or english()
        self.free_text = free_text
        self.done_key = done_key
        self.shift = False
        self.numbers = False  # compact mode only: digits shown instead of the top letter row
        self.compact = False

    def key_rows(self) -> list[list[Key]]:
        words = self.words
        case = str.upper if self.shift else str.lower
        letters = [[key(c, case(c)) for c in row] for row in LETTER_ROWS]
        shift = words("keys.shift_on") if self.shift else None
        letters[2] = [key("shift", shift, wide=True, words=words)]
        letters[2] += [key(c, case(c)) for c in LETTER_ROWS[2]]
        letters[2] += [key("backspace", wide=True, words=words)]
        extras = [key("hyphen"), key("apostrophe")]
        if self.free_text:
            abc = words("keys.letters") if self.numbers else None
            extras = [key("numbers", abc, words=words)] if self.compact else []
            extras += [key(name) for name in FREE_TEXT_MARKS]
        bottom = extras + [key("space", wide=True, words=words)]
        if self.done_key:
            bottom.append(key("done", wide=True, words=words))
        digits = [key(c) for c in DIGITS]
        if not self.free_text:
            return [*letters, bottom]
        if self.compact:
            return [digits if self.numbers else letters[0], letters[1], letters[2], bottom]
        return [digits, *letters, bottom]

    def on_resize(self) -> None:
        if self.free_text:
            rows = len(LETTER_ROWS) + 2  # digits, letters, and the row with space and done
            compact = self.size.height < rows * self.KEY_LINES
            if compact != self.compact:
                self.compact = compact
                self.set_class(compact, "-compact")
                self.changed()

    def tapped(self, name: str) -> None:
        if name == "shift":
            self.set_shift(not self.shift)
        elif name == "numbers":
            self.set_numbers(not self.numbers)
        else:
            self.post_message(KeyTapped(name))

    def set_numbers(self, on: bool) -> None:
        self.numbers = on
        self.set_class(on, "-numbers")
        self.changed()

    def set_shift(self, on: bool) -> None:
        if on == self.shift:
            return  # called on every tap and every change of the text: redraw only on a change
        self.shift = on
        self.changed()

    def character(self, key: str) -> str | None:
        """The character a tapped key types, or None for a command key (backspace, done)."""
        if key in CHARS:
            return CHARS[key]
        if len(key) == 1:
            return key.upper() if self.shift else key
        return None
