"""The safety flags, one per line behind their severity tag; a flag too long for the screen
wraps under its own text, not under the tag, so a continuation never reads as another flag.

Set with `show_flags`; `content` holds the same words unwrapped (what tests and `show` read).
"""

from __future__ import annotations

import textwrap

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

from kiosk.station.widgets.show import show


class FlagList(Static):
    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self._heading: tuple[str, str] = ("", "")
        self._rows: list[tuple[str, str, str]] = []

    def show_flags(self, heading: tuple[str, str], rows: list[tuple[str, str, str]]) -> None:
        """`heading` (text, style); `rows` of (tag, tag style, text), tags of equal width."""
        self._heading, self._rows = heading, rows
        parts: list[str | tuple[str, str]] = [heading]
        for tag, style, text in rows:
            parts += ["\n", (tag, style), (f" {text}", "bold")]
        show(self, Content.assemble(*parts))

    def _lines(self, width: int) -> list[Content]:
        lines = [Content.assemble(self._heading)]
        for tag, style, text in self._rows:
            indent = cell_len(tag) + 1
            wrapped = textwrap.wrap(text, max(width - indent, 10)) or [""]
            lines.append(Content.assemble((tag, style), (f" {wrapped[0]}", "bold")))
            lines += [Content.assemble((" " * indent + more, "bold")) for more in wrapped[1:]]
        return lines

    def render(self):
        if not self._rows:
            return super().render()
        return Content("\n").join(self._lines(self.content_region.width or 80))

    def get_content_height(self, container, viewport, width: int) -> int:
        if not self._rows:
            return super().get_content_height(container, viewport, width)
        return len(self._lines(width))
