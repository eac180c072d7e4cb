"""'Step 4 of 11' with a bar of blocks: where the patient is, in words first, then a picture."""

from __future__ import annotations

from textual.widgets import Static


class StepProgress(Static):
    DEFAULT_CSS = """
    StepProgress { width: 1fr; height: 3; content-align: left middle; padding: 0 1; }
    """

    def __init__(self, step: int, of: int, **kwargs) -> None:
        bar = "■" * step + "□" * (of - step)
        super().__init__(f"Step {step} of {of}  {bar}", **kwargs)
