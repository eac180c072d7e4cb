"""The 0-10 pain scale: eleven keys on one line drawn by one widget, a word under each number.

A tap posts PainScale.Chosen; the chosen number shows a tick and its own colour.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.containers import Horizontal
from textual.geometry import Region
from textual.message import Message

from kiosk.patient.widgets.key_grid import Key, KeyGrid
from kiosk.patient.widgets.plain import PlainStatic


class PainScale(KeyGrid):
    DEFAULT_CSS = """
    PainScale { height: 1fr; max-height: 9; min-height: 4; }
    """

    CAPTION_LINES = 1  # the words

    class Chosen(Message):
        def __init__(self, value: int) -> None:
            super().__init__()
            self.value = value

    def __init__(self, low: int, high: int, words: list[str], selected: int | None, **kwargs):
        super().__init__(**kwargs)
        self.low, self.high, self.words = low, high, words
        self.selected = selected
        self._selected = self._key_name(selected)

    @staticmethod
    def _key_name(value: int | None) -> str | None:
        return None if value is None else str(value)

    def key_rows(self) -> list[list[Key]]:
        return [[Key(str(n), self._label(n)) for n in range(self.low, self.high + 1)]]

    def _label(self, n: int) -> str:
        return f"✓{n}" if n == self.selected else str(n)

    def word(self, n: int) -> str:
        return self.words[n - self.low] if len(self.words) > n - self.low else ""

    def show_selected(self, value: int | None) -> None:
        self.selected = value
        self.select(self._key_name(value))
        self.changed()

    def tapped(self, name: str) -> None:
        self.post_message(self.Chosen(int(name)))

    def caption_line(self, y: int, regions: dict[str, Region]) -> list[Segment]:
        style, segments, x = self.get_component_rich_style("key-grid--caption"), [], 0
        for n in range(self.low, self.high + 1):
            region = regions[str(n)]
            word = set_cell_size(self.word(n), min(cell_len(self.word(n)), region.width))
            left = region.x + (region.width - cell_len(word)) // 2
            segments.append(Segment(" " * (left - x) + word, style))
            x = left + cell_len(word)
        segments.append(Segment(" " * max(0, self.size.width - x), style))
        return segments


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

    def compose(self):
        yield PlainStatic(self.left)
        yield PlainStatic(self.right, classes="right")
