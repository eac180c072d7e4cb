"""Rows of touch keys drawn by one widget, which maps the offset of a tap to the key under it.

A page of 40-odd Button widgets took several times as long to appear as a bare screen (each
Button is a node to style, lay out and compose); one widget drawing the same keys costs about
what one Static does. The keyboard, the keypad and the pain scale are built on this.

Each key is a box of its own colour with a light top edge and a dark bottom edge (Button's
"tall" look), its label centred and never parsed as markup. The outer columns of every key are
its side edges: invisible in the normal theme, drawn in high contrast so each key is outlined.
The key a finger lands on is shown pressed for a moment. Tests tap a key where a finger would:
`pilot.click(grid, offset=grid.key_offset("a"))` (see `tap_key` in tests/key_taps.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Offset, Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

PRESSED_S = 0.2  # how long a tapped key shows as pressed


class KeyTapped(Message):
    """A key of the on-screen keyboard or keypad was tapped: `key` is its name ('a', 'done')."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


@dataclass(frozen=True)
class Key:
    name: str  # what a tap posts, and what tests ask for: 'a', '7', 'done', 'pain-3'
    label: str
    weight: int = 1  # a wide key has weight 2: twice the share of its row
    max_width: int | None = None  # columns; None: as wide as the share allows


def split(total: int, weights: list[int], gap: int) -> list[tuple[int, int]]:
    """(start, length) of each share of `total` cells, shares in proportion to `weights`, with
    `gap` cells between neighbours; rounding spread so lengths differ by at most one per unit."""
    room = max(0, total - gap * (len(weights) - 1))
    whole, spans, done = sum(weights), [], 0
    position = 0
    for weight in weights:
        end = round(room * (done + weight) / whole)
        start = round(room * done / whole)
        spans.append((position, end - start))
        position += end - start + gap
        done += weight
    return spans


class KeyGrid(Widget, can_focus=False):
    """Subclasses say which keys there are (`key_rows`) and may reserve lines below them."""

    SCOPED_CSS = False  # the high-contrast rules name the app's class above the widget
    COMPONENT_CLASSES = {
        "key-grid--key",
        "key-grid--top",
        "key-grid--bottom",
        "key-grid--side",
        "key-grid--pressed",
        "key-grid--selected",
        "key-grid--caption",
    }
    DEFAULT_CSS = """
    KeyGrid { height: 1fr; }
    KeyGrid > .key-grid--key { background: $surface; color: $foreground; text-style: bold; }
    KeyGrid > .key-grid--top { color: $surface-lighten-1; }
    KeyGrid > .key-grid--bottom { color: $surface-darken-2; }
    KeyGrid > .key-grid--side { color: $surface; }
    KeyGrid > .key-grid--pressed { background: $primary; color: $background; text-style: bold; }
    KeyGrid > .key-grid--selected { background: $success; color: $background;
        text-style: bold; }
    KeyGrid > .key-grid--caption { color: $foreground; }
    .-large-text KeyGrid > .key-grid--caption { text-style: bold; }
    .-high-contrast KeyGrid > .key-grid--top, .-high-contrast KeyGrid > .key-grid--bottom,
    .-high-contrast KeyGrid > .key-grid--side { color: $foreground; }
    """

    GAP = 1  # columns between keys side by side
    CAPTION_LINES = 0  # lines under the keys that a subclass draws itself (the pain words)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._layout: tuple[Size, int, dict[str, Region], dict[str, str]] | None = None
        self._strips: tuple[tuple, list[Strip]] | None = None  # every line, drawn once
        self._version = 0  # bumped whenever labels or the keys shown change
        self._pressed: str | None = None
        self._selected: str | None = None
        self._unpress = None

    # --- what subclasses provide ---------------------------------------------------------------

    def key_rows(self) -> list[list[Key]]:
        raise NotImplementedError

    def row_spans(self, height: int, rows: int) -> list[tuple[int, int]]:
        return split(height, [1] * rows, 0)

    def caption_line(self, y: int, regions: dict[str, Region]) -> list[Segment]:
        return []

    # --- layout ---------------------------------------------------------------------------------

    def changed(self) -> None:
        """Labels or keys changed: lay out and draw again."""
        self._version += 1
        self.refresh()

    def key_regions(self) -> dict[str, Region]:
        """Each key's box, in the widget's own cells, for the keys shown now."""
        return self._laid_out()[0]

    def _laid_out(self) -> tuple[dict[str, Region], dict[str, str]]:
        size = self.size
        if self._layout is None or self._layout[:2] != (size, self._version):
            labels = {key.name: key.label for row in self.key_rows() for key in row}
            self._layout = (size, self._version, self._lay_out(size), labels)
        return self._layout[2], self._layout[3]

    def _lay_out(self, size: Size) -> dict[str, Region]:
        rows = self.key_rows()
        height = max(0, size.height - self.CAPTION_LINES)
        regions = {}
        for row, (y, row_height) in zip(rows, self.row_spans(height, len(rows)), strict=True):
            for key, (x, width) in zip(row, self._row_spans(size.width, row), strict=True):
                regions[key.name] = Region(x, y, width, row_height)
        return regions

    def _row_spans(self, width: int, row: list[Key]) -> list[tuple[int, int]]:
        """(x, width) of each key of a row: shares of the width; keys that would grow past
        their `max_width` stop there, and the row is centred."""
        spans = split(width, [key.weight for key in row], self.GAP)
        lengths = [
            min(length, key.max_width or length)
            for key, (_, length) in zip(row, spans, strict=True)
        ]
        if lengths == [length for _, length in spans]:
            return spans
        x = (width - sum(lengths) - self.GAP * (len(row) - 1)) // 2
        centred = []
        for length in lengths:
            centred.append((x, length))
            x += length + self.GAP
        return centred

    def labels(self) -> dict[str, str]:
        """Each key's label, for the keys shown now."""
        return self._laid_out()[1]

    def key_at(self, offset: Offset) -> str | None:
        """The key under a point of the widget, or None (a gap between keys)."""
        for name, region in self.key_regions().items():
            if region.contains_point(offset):
                return name
        return None

    def key_offset(self, name: str) -> Offset:
        """The middle of a key shown now, for a tap; KeyError if that key is not shown."""
        region = self.key_regions()[name]
        return Offset(region.x + region.width // 2, region.y + region.height // 2)

    # --- taps -------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        event.stop()
        offset = event.get_content_offset(self)
        name = self.key_at(offset) if offset is not None else None
        if name is None:
            return
        self._show_pressed(name)
        self.tapped(name)

    def tapped(self, name: str) -> None:
        self.post_message(KeyTapped(name))

    def _show_pressed(self, name: str) -> None:
        self._pressed = name
        if self._unpress is not None:
            self._unpress.stop()
        self._unpress = self.set_timer(PRESSED_S, self._release)
        self.refresh()

    def _release(self) -> None:
        self._pressed, self._unpress = None, None
        self.refresh()

    def select(self, name: str | None) -> None:
        """Show one key as chosen (the pain score), or none."""
        if name != self._selected:
            self._selected = name
            self.refresh()

    # --- drawing ----------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = None  # a new theme: new colours

    def render_line(self, y: int) -> Strip:
        state = (self.size, self._version, self._pressed, self._selected)
        if self._strips is None or self._strips[0] != state:
            self._strips = (state, self._draw())
        strips = self._strips[1]
        return strips[y] if 0 <= y < len(strips) else Strip.blank(self.size.width)

    def _looks(self) -> dict[str, tuple[Style, Style, Style, Style]]:
        """(face, top edge, bottom edge, sides) for a key at rest, pressed and chosen."""
        style = self.get_component_rich_style
        top, bottom = style("key-grid--top").color, style("key-grid--bottom").color
        side = style("key-grid--side").color
        looks = {}
        for state in ("key", "pressed", "selected"):
            face = style("key-grid--key")
            if state != "key":
                face = face + style(f"key-grid--{state}")
            back = Style(bgcolor=face.bgcolor)
            looks[state] = (face, back + Style(color=top), back + Style(color=bottom),
                            back + Style(color=side))  # fmt: skip
        return looks

    def _draw(self) -> list[Strip]:
        """Every line of the widget, with the styles looked up once."""
        width, height = self.size
        base = self.rich_style
        regions, labels = self._laid_out()
        looks = self._looks()
        by_x = sorted(regions.items(), key=lambda item: item[1].x)
        strips = []
        for y in range(height):
            if y >= height - self.CAPTION_LINES:
                segments = self.caption_line(y, regions) or [Segment(" " * width, base)]
                strips.append(Strip(segments).adjust_cell_length(width, base))
                continue
            segments, x = [], 0
            for name, region in by_x:
                if not region.y <= y < region.bottom or region.width <= 0:
                    continue
                if region.x > x:
                    segments.append(Segment(" " * (region.x - x), base))
                state = "pressed" if name == self._pressed else "key"
                if state == "key" and name == self._selected:
                    state = "selected"
                segments += self._key_line(y - region.y, region, labels[name], looks[state])
                x = region.right
            if x < width:
                segments.append(Segment(" " * (width - x), base))
            strips.append(Strip(segments, width))
        return strips

    @staticmethod
    def _key_line(line: int, region: Region, label: str, look) -> list[Segment]:
        face, top, bottom, sides = look
        if line == 0 and region.height >= 3:
            return [Segment("▔" * region.width, top)]
        if line == region.height - 1 and region.height >= 3:
            return [Segment("▁" * region.width, bottom)]
        inner = region.width - 2
        text = " " * inner
        if line == region.height // 2:
            label = set_cell_size(label, min(cell_len(label), inner))
            left = (inner - cell_len(label)) // 2
            text = " " * left + label + " " * (inner - left - cell_len(label))
        return [Segment("▏", sides), Segment(text, face), Segment("▕", sides)]
