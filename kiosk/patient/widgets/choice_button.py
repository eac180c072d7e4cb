"""An answer to a choice question: the whole row is the target; selected shows a mark and words."""

from __future__ import annotations

from kiosk.patient.widgets.plain import PlainButton


class ChoiceButton(PlainButton):
    """A Button whose label says 'Selected' and shows ● / ✓ when chosen (never colour alone)."""

    DEFAULT_CSS = """
    ChoiceButton { width: 1fr; height: 1fr; min-height: 3; min-width: 12; margin: 0 1 0 0; }
    ChoiceButton > .button--label { text-align: left; width: 1fr; }
    """

    def __init__(
        self,
        text: str,
        *,
        multiple: bool,
        selected: bool,
        selected_word: str = "Selected",
        **kwargs,
    ) -> None:
        self.text = text
        self.multiple = multiple
        self.selected_word = selected_word  # in the patient's language
        super().__init__(self._label(selected), **kwargs)
        self.selected = selected
        self.set_class(selected, "-selected")

    def _label(self, selected: bool) -> str:
        if self.multiple:
            return f"✓ {self.text}  ({self.selected_word})" if selected else f"☐ {self.text}"
        return f"● {self.text}  ({self.selected_word})" if selected else f"○ {self.text}"

    def show_selected(self, selected: bool) -> None:
        self.selected = selected
        self.label = self._label(selected)
        self.set_class(selected, "-selected")
