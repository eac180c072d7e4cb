"""Put new text in a station Static with as little redrawing as Textual allows.

A scan changes a few lines of a screen that stays put, so: text only (never parsed as markup,
where `[station]` would vanish as a style), no update when nothing changed, and no re-layout
of the whole screen when the text's height stays the same.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static


def show(widget: Static, content: str | Content) -> None:
    """Show `content` in `widget`, a Static of `height: auto`.

    An unchanged update is skipped: each repaint widens the area the compositor redraws (the
    scan line at the top and the save line at the bottom would make it the whole screen). A
    changed one re-lays out the screen only when the content's height changes, since a
    re-layout walks every widget.
    """
    if isinstance(content, str):
        content = Content(content)
    old = widget.content
    if isinstance(old, Content) and (old.plain, old.spans) == (content.plain, content.spans):
        return
    size = widget.content_size
    widget.update(content, layout=False)
    if not size.width or _height(widget, content, size.width) != size.height:
        widget.refresh(layout=True)  # not laid out yet, or taller or shorter than before


def _height(widget: Static, content: Content, width: int) -> int:
    """Lines `content` takes at `width`: one per line when each fits, else as Textual wraps it."""
    lines = content.plain.split("\n")
    if all(cell_len(line) <= width for line in lines):
        return len(lines)
    return widget.get_content_height(widget.size, widget.size, width)
