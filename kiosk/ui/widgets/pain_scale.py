"""The 0-10 pain scale: eleven buttons on one line, a word under each number, end labels below."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Horizontal
from textual.message import Message
from textual.widgets import Button

from kiosk.ui.widgets.plain import PlainButton, PlainStatic


class PainScale(Grid):
    DEFAULT_CSS = """
    PainScale { grid-size: 11 2; grid-columns: 1fr; grid-rows: 1fr 1; grid-gutter: 0 1;
        height: 1fr; max-height: 9; min-height: 4; }
    PainScale PlainButton { width: 100%; height: 100%; min-width: 6; min-height: 3; padding: 0; }
    PainScale .word { width: 100%; content-align: center middle; }
    """

    class Chosen(Message):
        def __init__(self, value: int) -> None:
            super().__init__()
            self.value = value

    def __init__(self, low: int, high: int, words: list[str], selected: int | None, **kwargs):
        super().__init__(**kwargs)
        self.low, self.high, self.words, self.selected = low, high, words, selected

    def compose(self) -> ComposeResult:
        for n in range(self.low, self.high + 1):
            button = PlainButton(self._label(n), id=f"pain-{n}", classes="pain")
            button.set_class(n == self.selected, "-selected")
            yield button
        for n in range(self.low, self.high + 1):
            word = self.words[n - self.low] if len(self.words) > n - self.low else ""
            yield PlainStatic(word, classes="word")

    def _label(self, n: int) -> str:
        return f"✓{n}" if n == self.selected else str(n)

    def show_selected(self, value: int | None) -> None:
        self.selected = value
        for n in range(self.low, self.high + 1):
            button = self.query_one(f"#pain-{n}", Button)
            button.label = self._label(n)
            button.set_class(n == value, "-selected")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Chosen(int((event.button.id or "").removeprefix("pain-"))))


class ScaleEnds(Horizontal):
    """'0 No pain' at the left, '10 Worst pain' at the right."""

    DEFAULT_CSS = """
    ScaleEnds { height: auto; }
    ScaleEnds Static { width: 1fr; }
    ScaleEnds .right { text-align: right; }
    """

    def __init__(self, left: str, right: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.left, self.right = left, right

    def compose(self) -> ComposeResult:
        yield PlainStatic(self.left)
        yield PlainStatic(self.right, classes="right")
