"""'Step 4 of 11' with a bar of blocks: where the patient is, in words first, then a picture.

The bar is left out when the words and the bar together would not fit: the words always show.
"""

from __future__ import annotations

from textual.widget import Widget


class StepProgress(Widget):
    DEFAULT_CSS = """
    StepProgress { width: 1fr; height: 3; content-align: left middle; padding: 0 1; }
    """

    def __init__(self, step: int, of: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.step, self.of = step, of

    def render(self) -> str:
        words = f"Step {self.step} of {self.of}"
        bar = "■" * self.step + "□" * (self.of - self.step)
        line = f"{words}  {bar}"
        return line if len(line) <= self.content_size.width else words
