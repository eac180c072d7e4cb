"""Where the patient is, in words that never jump: 'Question 3', or 'Before you start: 2 of 4'.

A total of questions would change as answers open or close questions (it went from 'Step 7 of
13' to 'Step 9 of 14'), so questions are numbered without one. A question's number counts only
the questions shown before it, which the answers to later questions cannot change. The leaflet
pages are a fixed few, so they do show a total.
"""

from __future__ import annotations

from textual.widget import Widget

from kiosk.core.messages import Messages, english


def progress_words(session, words: Messages | None = None) -> str:
    """The progress line for the session's current page (any form)."""
    words = words or english()
    current = session.current
    shown = session.visible_pages()
    before = shown[: shown.index(current) + 1] if current in shown else [current]
    if current.kind == "info":
        info = [p for p in shown if p.kind == "info"]
        number = sum(1 for p in before if p.kind == "info")
        return words("page.before_you_start", number=number, total=len(info))
    return words("page.question", number=sum(1 for p in before if p.kind != "info"))


class StepProgress(Widget):
    DEFAULT_CSS = """
    StepProgress { width: 1fr; height: 3; content-align: left middle; padding: 0 1; }
    """

    def __init__(self, words: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.words = words

    def render(self) -> str:
        return self.words
