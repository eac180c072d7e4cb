"""Evaluate FHIR-style conditions (`show_if`, flag `when`) against a patient's answers.

No `eval`: a condition is data (clause / all / any) and this module walks it. A clause about a
question with no answer is false, except `exists = false`. Derived values such as `age` (whole
years from the date of birth on `today`) are computed here, so `today` is always passed in.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

from kiosk.core.form.model import AllOf, AnswerValue, AnyOf, Clause, Condition, Form, Param
from kiosk.core.messages import Messages, english

DERIVED = ("age",)
_OPERATOR_WORDS = {
    "=": "conditions.is",
    "!=": "conditions.is_not",
    ">": "conditions.is_over",
    "<": "conditions.is_under",
    ">=": "conditions.is_at_least",
    "<=": "conditions.is_at_most",
    "in": "conditions.is_one_of",
}
"""Each operator's words in the message catalogue (kiosk/core/messages)."""
_INCLUDES_WORDS = {
    op: "conditions.does_not_include" if op == "!=" else "conditions.includes"
    for op in _OPERATOR_WORDS
}

OPERATOR_WORDS: dict[str, Mapping[str, str]] = {
    "text": _OPERATOR_WORDS,
    "date": _OPERATOR_WORDS,
    "single": _OPERATOR_WORDS,
    "multiple": _INCLUDES_WORDS,  # an answer is several options: "includes Warfarin"
    "scale": _OPERATOR_WORDS,
}
"""Question type -> how staff read a condition's operator on it (`describe`), as catalogue keys:
one entry per type (kiosk/core/question_types.py). The derived `age` reads as a number."""


def age_on(born: date, today: date) -> int:
    """Whole years between `born` and `today`; a birthday today counts."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def value_of(
    name: str, answers: Mapping[str, AnswerValue], form: Form, today: date
) -> AnswerValue | None:
    """The answer to question `name`, or a derived value such as `age`; None when unknown."""
    if name == "age":
        born = answers.get(form.age_from)
        return age_on(born, today) if isinstance(born, date) else None
    return answers.get(name)


def evaluate(
    condition: Condition, answers: Mapping[str, AnswerValue], form: Form, today: date
) -> bool:
    if isinstance(condition, AllOf):
        return all(evaluate(c, answers, form, today) for c in condition.all)
    if isinstance(condition, AnyOf):
        return any(evaluate(c, answers, form, today) for c in condition.any)
    return _clause(condition, value_of(condition.question, answers, form, today), form)


def _clause(clause: Clause, value: AnswerValue | None, form: Form) -> bool:
    expected = clause.answer
    if isinstance(expected, Param):
        expected = form.parameters[expected.param]
    if clause.operator == "exists":
        return (value is not None) == bool(expected)
    if value is None:
        return False
    if isinstance(value, tuple):  # multiple choice: does the set contain / avoid the option
        wanted = expected if isinstance(expected, list) else [expected]
        if clause.operator == "!=":
            return not any(v in value for v in wanted)
        if clause.operator in ("=", "in"):
            return any(v in value for v in wanted)
        return False
    match clause.operator:
        case "=":
            return value == expected
        case "!=":
            return value != expected
        case "in":
            return isinstance(expected, list) and value in expected
    if not isinstance(value, int) or isinstance(expected, bool) or not isinstance(expected, int):
        return False
    match clause.operator:
        case ">":
            return value > expected
        case "<":
            return value < expected
        case ">=":
            return value >= expected
        case _:
            return value <= expected


def clauses(condition: Condition) -> Iterator[Clause]:
    """Every clause in a condition, depth first."""
    if isinstance(condition, Clause):
        yield condition
    else:
        for child in condition.all if isinstance(condition, AllOf) else condition.any:
            yield from clauses(child)


def describe(condition: Condition, form: Form, words: Messages | None = None) -> str:
    """The condition in staff words, with labels not ids: "Blood thinners includes Other"
    (in `words`' language, English by default)."""
    words = words or english()
    if isinstance(condition, AllOf):
        return words("conditions.all").join(describe(c, form, words) for c in condition.all)
    if isinstance(condition, AnyOf):
        parts = (describe(c, form, words) for c in condition.any)
        return "(" + words("conditions.any").join(parts) + ")"
    expected = condition.answer
    if isinstance(expected, Param):
        expected = form.parameters[expected.param]
    question = next((q for q in form.questions if q.id == condition.question), None)
    name = question.label if question is not None else condition.question
    if question is None and condition.question == "age":  # derived from the date of birth
        name = words("conditions.age")
    if condition.operator == "exists":
        return f"{name} {words('conditions.answered' if expected else 'conditions.not_answered')}"
    options = {o.id: o.staff_text for o in getattr(question, "options", [])}
    values = expected if isinstance(expected, list) else [expected]
    shown = ", ".join(options.get(v, str(v)) if isinstance(v, str) else str(v) for v in values)
    table = _OPERATOR_WORDS if question is None else OPERATOR_WORDS[question.type]
    return f"{name} {words(table[condition.operator])} {shown}"
