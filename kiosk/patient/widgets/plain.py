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


class PlainButton(Button, inherit_css=False):
    """A Button with only the look the kiosk uses (Textual's default style, and `error`).

    Button's stylesheet (~60 rules for variants, flat and ANSI styles) is not inherited: it was
    matched against every key and answer, and parsed at start (what leaving it out saved is in
    benchmarks/patient_kiosk.py, which measures both). CSS that means these buttons names
    PlainButton, not Button (type selectors do not reach it).
    """

    DEFAULT_CSS = """
    PlainButton {
        width: auto; min-width: 16; height: auto; line-pad: 1;
        text-align: center; content-align: center middle; pointer: pointer;
        text-style: bold; color: $button-foreground; background: $surface;
        border: none; border-top: tall $surface-lighten-1; border-bottom: tall $surface-darken-1;
        &:disabled { text-opacity: 0.6; pointer: not-allowed; }
        &:focus { text-style: $button-focus-text-style; background-tint: $foreground 5%; }
        &:hover { border-top: tall $surface; background: $surface-darken-1; }
        &.-active { background: $surface; border-bottom: tall $surface-lighten-1;
            border-top: tall $surface-darken-1; tint: $background 30%; }
        &.-error { color: $button-color-foreground; background: $error;
            border-top: tall $error-lighten-2; border-bottom: tall $error-darken-3;
            &:hover { background: $error-darken-1; border-top: tall $error; }
            &.-active { background: $error; border-bottom: tall $error-lighten-2;
                border-top: tall $error-darken-2; }
        }
    }
    """

    def __init__(self, label: ContentText = "", *args, **kwargs) -> None:
        super().__init__(plain(label), *args, **kwargs)

    def watch_flat(self, flat: bool) -> None:
        """Button marks every button `-style-default` (or `-style-flat`) once it is mounted, and
        restyles it for that; no kiosk rule names those classes, so neither is set."""

    def validate_label(self, label: ContentText) -> Content:
        return plain(label)


class PageTurnButton(PlainButton):
    """A button that leaves the page: Start, Next, Back, Change, Confirm and print, Finish.

    A tap does not move the focus to it first (Tab and the arrows still do). On the page being
    left that focus change restyled the focus chain and redrew the whole screen, about 5 ms of
    every page change (benchmarks/patient_kiosk.py). Textual's press effect stays: it is what
    ignores a second tap within 0.2 s.
    """

    FOCUS_ON_CLICK = False
