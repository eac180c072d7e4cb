"""Text widgets that show their words exactly as given: never parsed as Textual markup.

Textual's Static, Label and Button read a string as markup, so a free-text answer such as
"[b]" or "[/]", a form's wording, or a printer error like "[Errno 13] ..." would be restyled or
raise a MarkupError mid-session. Every kiosk screen uses these instead; styling is the CSS's job.
"""

from __future__ import annotations

from textual.content import Content, ContentText
from textual.widgets import Button, Label, Static


def plain(text: ContentText) -> Content:
    """A string as plain Content (no markup); Content is passed through."""
    return text if isinstance(text, Content) else Content(text)


class PlainStatic(Static):
    def __init__(self, content: ContentText = "", **kwargs) -> None:
        super().__init__(content, markup=False, **kwargs)


class PlainLabel(Label):
    def __init__(self, content: ContentText = "", **kwargs) -> None:
        super().__init__(content, markup=False, **kwargs)


class PlainButton(Button):
    def __init__(self, label: ContentText = "", *args, **kwargs) -> None:
        super().__init__(plain(label), *args, **kwargs)

    def validate_label(self, label: ContentText) -> Content:
        return plain(label)
