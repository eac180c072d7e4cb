"""The question types, and every table a question type needs an entry in.

A question type is declared once, as a model in `form/model.py` (the `Question` union), and then
has exactly one entry, keyed by its name ("scale"), in each table below; every consumer looks a
question's type up in its table, so there is no `isinstance` chain to extend and no fallback.
`tests/test_question_types.py` fails when a type misses a table or a table names an unknown type;
docs/extending.md is the checklist for adding one.
"""

from __future__ import annotations

from typing import NamedTuple

from kiosk.core.form.model import QUESTION_MODELS

QUESTION_TYPES: tuple[str, ...] = tuple(QUESTION_MODELS)
"""Every question type, in the order of the `Question` union."""


class TypeTable(NamedTuple):
    """One extension point: a dict keyed by question type, named `module:NAME` so this core
    module can list the patient app's table without importing Textual."""

    where: str
    what: str


TYPE_TABLES: tuple[TypeTable, ...] = (
    TypeTable("kiosk.core.form.validate:FORM_RULES", "form checks: shape, conditions, domain"),
    TypeTable("kiosk.core.form.conditions:OPERATOR_WORDS", "how staff read a condition on it"),
    TypeTable("kiosk.core.answers:ANSWER_RULES", "answer check, normal form, JSON shape"),
    TypeTable("kiosk.core.summary:ANSWER_DISPLAYS", "how an answer reads (summary, receipt)"),
    TypeTable("kiosk.core.payload:ANSWER_CODECS", "how an answer travels in the QR payload"),
    TypeTable("kiosk.station.export:FHIR_ITEMS", "FHIR R4 item type, answers, enableWhen"),
    TypeTable("kiosk.patient.screens:SCREENS", "the patient's screen for it"),
)
"""Every table that needs an entry per question type."""
