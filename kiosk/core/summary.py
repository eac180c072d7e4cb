"""The summary of one patient's answers: flags first, then every question exactly once.

Each question is "answered", "not answered" or "not asked" (hidden by a condition, with why);
nothing is dropped and unknown is never shown as "no". The same answers and `now` always give
the same summary. The text form is what the kiosk hands to the printer before the receipt
layout exists and what `kiosk summary` prints; the JSON form is documented in docs/summary.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from kiosk.core.form.conditions import DERIVED, age_on, clauses, describe, evaluate
from kiosk.core.form.model import (
    SEVERITY_ORDER,
    AnswerValue,
    DateQuestion,
    Form,
    MultipleChoice,
    Option,
    ScaleQuestion,
    Severity,
    SingleChoice,
)
from kiosk.core.messages import Messages, english
from kiosk.core.severity import legend_lines
from kiosk.errors import AnswerError, Problem

Status = Literal["answered", "not_answered", "not_asked"]
NOT_ANSWERED_FLAG = "not_answered"
NOT_ANSWERED_STOP_FLAG = "not_answered_stop"
SUMMARY_FLAGS = (NOT_ANSWERED_STOP_FLAG, NOT_ANSWERED_FLAG)
"""Flags the summary raises itself (not from the form's rules), so the payload does not carry
them: they follow from which answers are missing."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class FlagLine(_Frozen):
    id: str
    severity: Severity
    title: str
    action: str
    paper_title: str | None = None
    """What the paper receipt prints instead of the title (a private flag); None: the title."""
    paper_action: str | None = None

    @property
    def text(self) -> str:
        return f"{self.title}: {self.action}"

    @property
    def paper_text(self) -> tuple[str, str]:
        """(title, action) as the paper prints them: discreet for a private flag."""
        if self.paper_title:
            return self.paper_title, self.paper_action or self.action
        return self.title, self.action


class AnswerLine(_Frozen):
    question_id: str
    label: str
    status: Status
    value: str | int | list[str] | None
    """The raw answer in its JSON form (see kiosk.core.answers.to_json); None unless answered."""
    display: str
    """What staff read: the option's short text, "Not answered", "Not asked (...)"."""
    staff_note: str = ""
    """The form's note for staff on this answer: the chosen option's, else the question's."""
    paper_note: str = ""
    """The note paper may print: for a private answer the question's, which does not depend on
    the answer (an option's own note would give the answer away); else `staff_note`."""
    private: bool = False
    """The paper receipt does not print this answer (the QR and the station do)."""


class BaselineLine(_Frozen):
    """The form-declared baseline score (`[baseline]`), shown beside the name and date of birth."""

    question_id: str
    label: str
    value: int | None
    """The scale answer; None when not answered."""
    unit: str
    """Written straight after the value ("/10")."""

    @property
    def shown(self) -> str:
        return "not given" if self.value is None else f"{self.value}{self.unit}"

    @property
    def text(self) -> str:
        return f"{self.label}: {self.shown}"


class Summary(_Frozen):
    form_id: str
    form_version: str
    form_title: str
    form_hash: str
    completed_at: datetime
    complete: bool
    patient_name: str | None
    date_of_birth: date | None
    age: int | None
    flags: list[FlagLine]
    answers: list[AnswerLine]
    baseline: BaselineLine | None
    """None when the form declares no baseline."""

    @property
    def baseline_value(self) -> int | None:
        """The baseline score, what the station stores and judges relief from; None if none."""
        return self.baseline.value if self.baseline else None

    def answer(self, question_id: str) -> AnswerLine:
        return next(a for a in self.answers if a.question_id == question_id)

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), indent=2, ensure_ascii=False)

    def to_text(self) -> str:
        return "\n".join(text_lines(self)) + "\n"


def build_summary(
    form: Form, answers: Mapping[str, AnswerValue], now: datetime, words: Messages | None = None
) -> Summary:
    """Summarise `answers` (typed, as the session holds them) at time `now`; what the summary
    says itself ("Not answered", dates) in `words`' language, English by default."""
    words = words or english()
    today = now.date()
    hidden = [
        q.id
        for q in form.questions
        if q.id in answers
        and q.show_if is not None
        and not evaluate(q.show_if, answers, form, today)
    ]
    if hidden:
        raise AnswerError(
            [
                Problem(
                    "answers",
                    "answered, but this question is not asked for this patient",
                    field=qid,
                )
                for qid in hidden
            ]
        )
    lines = [_answer_line(form, q, answers, today, words) for q in form.questions]
    flags = [
        FlagLine(
            id=rule.id,
            severity=rule.severity,
            title=rule.title,
            action=rule.action,
            paper_title=rule.paper_title,
            paper_action=rule.paper_action,
        )
        for rule in form.flags
        if evaluate(rule.when, answers, form, today)
    ]
    missing = [
        q
        for line, q in zip(lines, form.questions, strict=True)
        if line.status == "not_answered" and q.required
    ]
    stop_class = stop_questions(form)
    for flag_id, severity, group in (
        (NOT_ANSWERED_STOP_FLAG, "stop", [q for q in missing if q.id in stop_class]),
        (NOT_ANSWERED_FLAG, "check", [q for q in missing if q.id not in stop_class]),
    ):
        if group:
            flags.append(
                FlagLine(
                    id=flag_id,
                    severity=severity,
                    title=words("summary.flag_not_answered"),
                    action=words(
                        "summary.ask_the_patient", labels=", ".join(q.label for q in group)
                    ),
                )
            )
    flags.sort(key=lambda f: SEVERITY_ORDER[f.severity])  # stable: form order within severity
    born = answers.get(form.age_from)
    name = answers.get(form.name_from)
    return Summary(
        form_id=form.id,
        form_version=form.version,
        form_title=form.title,
        form_hash=form.source_hash,
        completed_at=now,
        complete=not missing,
        patient_name=name if isinstance(name, str) else None,
        date_of_birth=born if isinstance(born, date) else None,
        age=age_on(born, today) if isinstance(born, date) else None,
        flags=flags,
        answers=lines,
        baseline=_baseline(form, answers),
    )


def _baseline(form: Form, answers: Mapping[str, AnswerValue]) -> BaselineLine | None:
    declared = form.baseline
    if declared is None:
        return None
    value = answers.get(declared.question)
    return BaselineLine(
        question_id=declared.question,
        label=declared.label,
        value=value if isinstance(value, int) else None,
        unit=declared.unit,
    )


def stop_questions(form: Form) -> frozenset[str]:
    """Questions that some STOP flag looks at: not knowing their answer is itself a STOP.

    The date of birth is one when a STOP question is asked by age (pregnancy): without it,
    nobody knows whether the question should have been asked."""
    stop = {
        clause.question
        for rule in form.flags
        if rule.severity == "stop"
        for clause in clauses(rule.when)
    }
    for q in form.questions:
        if q.id in stop and q.show_if is not None:
            stop |= {c.question for c in clauses(q.show_if)}
    if "age" in stop:
        stop.add(form.age_from)
    return frozenset(stop - set(DERIVED))


def _answer_line(
    form: Form, q, answers: Mapping[str, AnswerValue], today: date, words: Messages
) -> AnswerLine:
    base = {
        "question_id": q.id,
        "label": q.label,
        "staff_note": q.staff_note,
        "paper_note": q.staff_note,
        "private": q.private,
    }
    if q.show_if is not None and not evaluate(q.show_if, answers, form, today):
        why = q.not_asked or words(
            "summary.asked_only_when", condition=describe(q.show_if, form, words)
        )
        born = answers.get(form.age_from)
        if "{age}" in why:  # "age 64 from the date of birth given": a mistyped year shows
            age = age_on(born, today) if isinstance(born, date) else None
            why = words("summary.no_dob") if age is None else why.replace("{age}", str(age))
        base["staff_note"] = base["paper_note"] = ""  # about the answer: there is none to read
        return AnswerLine(
            **base, status="not_asked", value=None, display=words("summary.not_asked", why=why)
        )
    value = answers.get(q.id)
    if value is None:
        not_answered = words("summary.not_answered")
        return AnswerLine(**base, status="not_answered", value=None, display=not_answered)
    if isinstance(q, SingleChoice):
        own = next(o.staff_note for o in q.options if o.id == value)
        if own:
            base["staff_note"] = own
            base["paper_note"] = q.staff_note if q.private else own
    return AnswerLine(
        **base,
        status="answered",
        value=_json_value(value),
        display=display_value(q, value, today, words=words),
    )


def _json_value(value: AnswerValue) -> str | int | list[str]:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def display_value(
    q, value: AnswerValue, today: date, *, for_patient: bool = False, words: Messages | None = None
) -> str:
    """An answer as staff read it, or (`for_patient`) in the words of the buttons tapped;
    a date in `words`' language (English by default)."""
    return ANSWER_DISPLAYS[q.type](q, value, today, for_patient, words or english())


def _option_words(option: Option, for_patient: bool) -> str:
    return option.text if for_patient else option.staff_text


def _show_single(
    q: SingleChoice, value: AnswerValue, today: date, for_patient: bool, words: Messages
) -> str:
    return next(_option_words(o, for_patient) for o in q.options if o.id == value)


def _show_multiple(
    q: MultipleChoice, value: AnswerValue, today: date, for_patient: bool, words: Messages
) -> str:
    return ", ".join(_option_words(o, for_patient) for o in q.options if o.id in value)


def _show_date(
    q: DateQuestion, value: AnswerValue, today: date, for_patient: bool, words: Messages
) -> str:
    if isinstance(value, date):
        return words("date.with_age", date=format_date(value, words), age=age_on(value, today))
    return str(value)


def _show_scale(
    q: ScaleQuestion, value: AnswerValue, today: date, for_patient: bool, words: Messages
) -> str:
    word = f" {q.words[value - q.min]}" if q.words else ""
    return f"{value}/{q.max}{word}"


def _show_as_typed(q, value: AnswerValue, today: date, for_patient: bool, words: Messages) -> str:
    return str(value)


ANSWER_DISPLAYS: dict[str, Callable[[Any, AnswerValue, date, bool, Messages], str]] = {
    "text": _show_as_typed,
    "date": _show_date,
    "single": _show_single,
    "multiple": _show_multiple,
    "scale": _show_scale,
}
"""Question type -> how an answer reads (question, value, today, for_patient, words): one entry per
type (kiosk/core/question_types.py)."""


def format_date(value: date, words: Messages | None = None) -> str:
    """12 Mar 1961: day first and the month in letters, so it cannot be misread (the month's
    name from the catalogue: `date.months`)."""
    months = (words or english()).list("date.months")
    return f"{value.day} {months[value.month - 1]} {value.year}"


def text_lines(summary: Summary) -> list[str]:
    """The plain-text summary, flags first."""
    born = format_date(summary.date_of_birth) if summary.date_of_birth else "not given"
    lines = [
        f"{summary.form_title} - check-in summary",
        f"Form {summary.form_id} {summary.form_version} ({summary.form_hash})",
        f"Completed {summary.completed_at:%Y-%m-%d %H:%M}"
        + ("" if summary.complete else " - INCOMPLETE"),
        f"Patient: {summary.patient_name or 'not given'}",
        f"Born: {born}" + (f" (age {summary.age})" if summary.age is not None else ""),
        "",
    ]
    if summary.flags:
        lines.append("SAFETY FLAGS")
        lines += [f"  {f.severity.upper():<7}{f.text}" for f in summary.flags]
        lines += [f"  {line}" for line in legend_lines()]
    else:
        lines.append("No safety flags")
    lines += ["", "ANSWERS"]
    for a in summary.answers:
        lines.append(f"  {a.label}: {a.display}")
        if a.staff_note:
            lines.append(f"    ({a.staff_note})")
    if summary.baseline is not None:
        lines += ["", summary.baseline.text]
    return lines
