"""What counts as a valid answer to each question type, and the JSON form of answers.

The screens and `kiosk summary --answers FILE` both pass through `check_answer`, so a value
the kiosk accepts is exactly a value the CLI accepts. JSON shapes: text and single choice are
strings, dates are "YYYY-MM-DD", multiple choice is a list of option ids, scale is an integer.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, NamedTuple

from kiosk.core.alphabets import text_length
from kiosk.core.form.conditions import age_on
from kiosk.core.form.model import (
    AnswerValue,
    DateQuestion,
    Form,
    MultipleChoice,
    ScaleQuestion,
    SingleChoice,
    TextQuestion,
)
from kiosk.core.messages import Messages, english
from kiosk.errors import AnswerError, Problem

NAME_PUNCTUATION = frozenset(" -'’.")


def check_answer(form: Form, question, value: AnswerValue, today: date) -> str | None:
    """None when `value` is a valid answer to `question`, else what is wrong, in plain words."""
    rules = ANSWER_RULES.get(question.type)
    if rules is None:
        return f"unknown question type {question.type!r}"
    return rules.check(form, question, value, today)


def _check_date(form: Form, question: DateQuestion, value: AnswerValue, today: date) -> str | None:
    if not isinstance(value, date):
        return f"expected a date as YYYY-MM-DD, got {value!r}"
    limits = _date_limits(form, question, value, today)
    if limits.future:
        return "the date is in the future"
    if not limits.age_allowed:
        return f"expected an age from {limits.low} to {limits.high}, got {limits.age}"
    return None


def _check_single(form: Form, question: SingleChoice, value: AnswerValue, today: date):
    known = [o.id for o in question.options]
    if not isinstance(value, str) or value not in known:
        return f"expected one of {', '.join(known)}, got {value!r}"
    return None


def _check_scale(form: Form, question: ScaleQuestion, value: AnswerValue, today: date):
    if isinstance(value, bool) or not isinstance(value, int):
        return f"expected a whole number from {question.min} to {question.max}, got {value!r}"
    if not question.min <= value <= question.max:
        return f"expected a whole number from {question.min} to {question.max}, got {value}"
    return None


class _DateLimits(NamedTuple):
    future: bool
    age: int
    low: int
    high: int

    @property
    def age_allowed(self) -> bool:
        return self.low <= self.age <= self.high


def _date_limits(form: Form, question: DateQuestion, value: date, today: date) -> _DateLimits:
    """The date rules of a form, in one place for check_answer and the patient's wording."""
    low, high = form.resolve(question.min_age), form.resolve(question.max_age)
    return _DateLimits(value > today, age_on(value, today), low, high)


def date_problem_for_patient(
    form: Form, question: DateQuestion, value: date, today: date, words: Messages | None = None
) -> str | None:
    """check_answer's date rules, said to the patient with what to do; None when it passes."""
    words = words or english()
    limits = _date_limits(form, question, value, today)
    if limits.future:
        return words("date.future")
    if not limits.age_allowed:
        return words("date.age_outside", age=limits.age, low=limits.low, high=limits.high)
    return None


def text_problem_for_patient(
    question: TextQuestion, value: str, words: Messages | None = None
) -> str | None:
    """check_answer's text rules, said to the patient in their language; None when it passes."""
    words = words or english()
    for char in value:
        category = unicodedata.category(char)
        if category.startswith("C"):
            return words("text.control")
        if question.charset == "name" and not (category[0] in "LM" or char in NAME_PUNCTUATION):
            return words("text.name_letters", char=repr(char))
    room = max(len(value), text_length(value, question.charset))
    if room > question.max_length:
        return words("text.too_long", room=room, max=question.max_length)
    return None


def _check_text(form: Form, question: TextQuestion, value: AnswerValue, today: date):
    if not isinstance(value, str):
        return "expected text"
    if not value.strip():
        return "expected some text"
    if len(value) > question.max_length:
        return f"expected at most {question.max_length} characters, got {len(value)}"
    for char in value:
        category = unicodedata.category(char)
        if category.startswith("C"):
            return "control characters are not allowed"
        if question.charset == "name" and not (category[0] in "LM" or char in NAME_PUNCTUATION):
            return f"a name may hold letters, spaces, hyphens and apostrophes, not {char!r}"
    room = text_length(value, question.charset)
    if room > question.max_length:
        return (
            f"too long to print ({room} of {question.max_length}; letters other than A-Z count "
            "double or more): please shorten it"
        )
    return None


def _check_multiple(form: Form, question: MultipleChoice, value: AnswerValue, today: date):
    known = {o.id: o for o in question.options}
    if not isinstance(value, tuple) or not value:
        return "expected a list of one or more option ids"
    for item in value:
        if not isinstance(item, str) or item not in known:
            return f"expected option ids from {', '.join(known)}, got {item!r}"
    if len(set(value)) != len(value):
        return "an option is listed twice"
    exclusive = [v for v in value if known[v].exclusive]
    if exclusive and len(value) > 1:
        return f"{exclusive[0]!r} cannot be chosen with other options"
    return None


def normalise(question, value: AnswerValue) -> AnswerValue:
    """The canonical stored form: text trimmed, multiple choice in the form's option order."""
    rules = ANSWER_RULES.get(question.type)
    return value if rules is None else rules.normalise(question, value)


def _trimmed(question: TextQuestion, value: AnswerValue) -> AnswerValue:
    return value.strip() if isinstance(value, str) else value


def _in_option_order(question: MultipleChoice, value: AnswerValue) -> AnswerValue:
    if not isinstance(value, tuple):
        return value
    order = [o.id for o in question.options]
    return tuple(sorted(value, key=lambda v: order.index(v) if v in order else len(order)))


def _as_is(question, value: Any) -> Any:
    return value


def from_json(form: Form, raw: Mapping[str, Any], today: date, source: str = "answers") -> dict:
    """Turn a JSON object of answers into typed values; raise AnswerError naming every bad one."""
    by_id = {q.id: q for q in form.questions}
    answers: dict[str, AnswerValue] = {}
    problems: list[Problem] = []
    for question_id, value in raw.items():
        question = by_id.get(question_id)
        if question is None:
            problems.append(
                Problem(
                    source, f"unknown question id (known: {', '.join(by_id)})", field=question_id
                )
            )
            continue
        if value is None or value == "" or value == []:
            continue  # not answered
        value = normalise(question, typed(question, value))
        error = check_answer(form, question, value, today)
        if error:
            problems.append(Problem(source, error, field=question_id))
        else:
            answers[question_id] = value
    if problems:
        raise AnswerError(problems)
    return answers


def typed(question, value: Any) -> Any:
    """A JSON value (from a file or a summary line) as the answer type `check_answer` takes."""
    rules = ANSWER_RULES.get(question.type)
    return value if rules is None else rules.from_json(question, value)


def _date_from_json(question: DateQuestion, value: Any) -> Any:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value  # check_answer says "expected a date"
    return value


def _tuple_from_json(question: MultipleChoice, value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


class AnswerRules(NamedTuple):
    """What one question type accepts as an answer."""

    check: Callable[[Form, Any, AnswerValue, date], str | None]
    """None when the value is a valid answer, else what is wrong."""
    normalise: Callable[[Any, AnswerValue], AnswerValue]
    """The canonical stored form of a valid answer."""
    from_json: Callable[[Any, Any], Any]
    """The JSON shape (module docstring) to the stored type; unchanged when it is not one."""


ANSWER_RULES: dict[str, AnswerRules] = {
    "text": AnswerRules(_check_text, _trimmed, _as_is),
    "date": AnswerRules(_check_date, _as_is, _date_from_json),
    "single": AnswerRules(_check_single, _as_is, _as_is),
    "multiple": AnswerRules(_check_multiple, _in_option_order, _tuple_from_json),
    "scale": AnswerRules(_check_scale, _as_is, _as_is),
}
"""Question type -> its answer rules: one entry per type (kiosk/core/question_types.py)."""


def to_json(answers: Mapping[str, AnswerValue]) -> dict[str, Any]:
    """The inverse of `from_json`."""
    out: dict[str, Any] = {}
    for key, value in answers.items():
        if isinstance(value, date):
            out[key] = value.isoformat()
        elif isinstance(value, tuple):
            out[key] = list(value)
        else:
            out[key] = value
    return out
