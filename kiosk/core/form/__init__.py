"""Form definitions: the schema (`model`), conditions, validation and loading from TOML."""

from kiosk.core.form.load import load_form
from kiosk.core.form.model import (
    DateQuestion,
    Form,
    InfoPage,
    MultipleChoice,
    Option,
    Page,
    Question,
    ScaleQuestion,
    SingleChoice,
    TextQuestion,
)

__all__ = [
    "DateQuestion",
    "Form",
    "InfoPage",
    "MultipleChoice",
    "Option",
    "Page",
    "Question",
    "ScaleQuestion",
    "SingleChoice",
    "TextQuestion",
    "load_form",
]
