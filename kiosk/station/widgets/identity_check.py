"""The identity tick box: "[ ]" until the patient has confirmed their name and date of birth,
"[✓]" after. Its state is in its shape and words, not only in colour; it never takes the focus
(the scan field keeps the keyboard).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox

LABEL = "Patient confirmed name and date of birth"


class IdentityCheck(Checkbox):
    DEFAULT_CSS = """
    IdentityCheck { border: none; padding: 0 1; height: 1; background: transparent; }
    IdentityCheck:focus { border: none; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(LABEL, **kwargs)
        self.can_focus = False

    def mark(self) -> str:
        return "[✓]" if self.value else "[ ]"

    def render(self) -> Content:
        return Content.assemble((self.mark(), "bold"), " ", self.label)

    def get_content_width(self, container, viewport) -> int:
        return len(self.mark()) + 1 + self.label.cell_length
