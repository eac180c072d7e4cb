"""Checks a form beyond its schema: ids, references, answer types, and flags that can never fire.

Each problem carries the pydantic-style location (`("pages", 5, "show_if")`) so the loader can
point at the TOML line. A flag is proved able to fire by trying every combination of answers to
the questions it depends on (small domains: options, scale points, ages).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, NamedTuple

from kiosk.core.form.conditions import DERIVED, clauses, evaluate
from kiosk.core.form.model import (
    AnswerValue,
    Clause,
    Condition,
    DateQuestion,
    Form,
    MultipleChoice,
    Param,
    ScaleQuestion,
    SingleChoice,
    TextQuestion,
)
from kiosk.core.form.paper import PHONE

Loc = tuple[str | int, ...]
Issue = tuple[Loc, str]
_ENUMERATION_LIMIT = 200_000
_PROBE_TODAY = date(2000, 6, 15)
_NUMERIC_OPS = {">", "<", ">=", "<="}


AGE_RANGE = (0, 150)
"""Ages (and the parameters that stand for them) are whole years in this range."""


def check_form(form: Form) -> list[Issue]:
    """Every problem with `form`. The ids and references are checked first: the later checks
    look questions up by id, so they only run on a form whose ids hold together."""
    issues: list[Issue] = []
    issues += _duplicates(form)
    issues += _pointers(form)
    issues += _ages(form)
    issues += _slip_placeholders(form)
    if issues:
        return issues
    for index, page in enumerate(form.pages):
        if page.kind != "question":
            continue
        loc: Loc = ("pages", index)
        issues += _question_shape(form, page, loc)
        if page.show_if is not None:
            issues += _condition(form, page.show_if, (*loc, "show_if"), before=index)
    for index, flag in enumerate(form.flags):
        loc = ("flags", index, "when")
        problems = _condition(form, flag.when, loc, before=len(form.pages))
        issues += problems
        if not problems and not issues and not _can_fire(form, flag.when):
            issues.append(
                (loc, f"flag {flag.id!r} can never fire with the answers this form allows")
            )
    return issues


def _duplicates(form: Form) -> Iterator[Issue]:
    seen: set[str] = set()
    for index, page in enumerate(form.pages):
        if page.id in seen or page.id in DERIVED:
            yield ("pages", index, "id"), f"duplicate or reserved id {page.id!r}"
        seen.add(page.id)
    flag_ids: set[str] = set()
    for index, flag in enumerate(form.flags):
        if flag.id in flag_ids:
            yield ("flags", index, "id"), f"duplicate flag id {flag.id!r}"
        flag_ids.add(flag.id)


def _ages(form: Form) -> Iterator[Issue]:
    low, high = AGE_RANGE
    for name, value in form.parameters.items():
        if not low <= value <= high:
            yield ("parameters", name), f"expected an age {low}-{high}, got {value}"
    for index, page in enumerate(form.pages):
        if page.kind == "question" and isinstance(page, DateQuestion):
            for name in ("min_age", "max_age"):
                value = getattr(page, name)
                if isinstance(value, int) and not low <= value <= high:
                    yield ("pages", index, name), f"expected an age {low}-{high}, got {value}"


def _pointers(form: Form) -> Iterator[Issue]:
    by_id = {q.id: q for q in form.questions}
    if not isinstance(by_id.get(form.name_from), TextQuestion):
        yield ("name_from",), f"expected the id of a text question, got {form.name_from!r}"
    if not isinstance(by_id.get(form.age_from), DateQuestion):
        yield ("age_from",), f"expected the id of a date question, got {form.age_from!r}"
    if form.baseline is not None:
        wanted = form.baseline.question
        if not isinstance(by_id.get(wanted), ScaleQuestion):
            yield ("baseline", "question"), f"expected the id of a scale question, got {wanted!r}"
        elif by_id[wanted].show_if is not None:  # the station judges relief against it
            yield ("baseline", "question"), f"{wanted!r} is asked only sometimes (show_if)"
        elif form.baseline.judges_relief and (by_id[wanted].min, by_id[wanted].max) != (0, 10):
            scale = by_id[wanted]
            why = "relief is judged against the station's 0-10 pain scores"
            runs = f"{wanted!r} runs {scale.min}-{scale.max}"
            yield (
                ("baseline", "judges_relief"),
                f"{why}, so the baseline must be a 0-10 scale; {runs}",
            )


_PLACEHOLDER = re.compile(r"[{}]")


def _slip_placeholders(form: Form) -> Iterator[Issue]:
    """Slip points may say `{phone}` (the site's number) and nothing else in braces."""
    if form.slip is None:
        return
    for s, section in enumerate(form.slip.sections):
        for p, point in enumerate(section.points):
            if _PLACEHOLDER.search(point.replace(PHONE, "")):
                yield (
                    ("slip", "sections", s, "points", p),
                    f"the only placeholder a slip point may hold is {PHONE}",
                )


def _question_shape(form: Form, q, loc: Loc) -> Iterator[Issue]:
    yield from FORM_RULES[q.type].shape(form, q, loc)


def _duplicate_options(q: SingleChoice | MultipleChoice, loc: Loc) -> Iterator[Issue]:
    ids = [o.id for o in q.options]
    for i, option_id in enumerate(ids):
        if option_id in ids[:i]:
            yield (*loc, "options", i, "id"), f"duplicate option id {option_id!r}"


def _shape_single(form: Form, q: SingleChoice, loc: Loc) -> Iterator[Issue]:
    yield from _duplicate_options(q, loc)
    for i, option in enumerate(q.options):
        if option.exclusive:
            yield (*loc, "options", i, "exclusive"), "only multiple choice has exclusive options"


def _shape_multiple(form: Form, q: MultipleChoice, loc: Loc) -> Iterator[Issue]:
    yield from _duplicate_options(q, loc)
    for i, option in enumerate(q.options):
        if option.staff_note is not None:  # several answers: whose note would it be?
            yield (
                (*loc, "options", i, "staff_note"),
                "only single choice options have a staff_note",
            )


def _shape_scale(form: Form, q: ScaleQuestion, loc: Loc) -> Iterator[Issue]:
    if q.min >= q.max:
        yield (*loc, "max"), f"expected max greater than min ({q.min}), got {q.max}"
    elif q.words and len(q.words) != q.max - q.min + 1:
        yield (
            (*loc, "words"),
            f"expected {q.max - q.min + 1} words (one per point), got {len(q.words)}",
        )


def _shape_date(form: Form, q: DateQuestion, loc: Loc) -> Iterator[Issue]:
    for name in ("min_age", "max_age"):
        value = getattr(q, name)
        if isinstance(value, Param) and value.param not in form.parameters:
            yield (*loc, name), f"unknown parameter {value.param!r}"
    fixed = not any(isinstance(getattr(q, n), Param) for n in ("min_age", "max_age"))
    if fixed and q.min_age > q.max_age:
        yield (*loc, "max_age"), f"expected at least min_age ({q.min_age}), got {q.max_age}"


def _shape_text(form: Form, q: TextQuestion, loc: Loc) -> Iterator[Issue]:
    return iter(())  # the schema's limits are all a text question has


def _condition(form: Form, condition: Condition, loc: Loc, before: int) -> list[Issue]:
    """Every clause must name an earlier question (or `age`) and an answer of the right type."""
    order = {page.id: i for i, page in enumerate(form.pages)}
    issues: list[Issue] = []
    for clause in clauses(condition):
        name = clause.question
        if name == "age":
            target_index = order.get(form.age_from, -1)
        elif name not in order or form.pages[order[name]].kind != "question":
            issues.append((loc, f"unknown question {name!r}"))
            continue
        else:
            target_index = order[name]
        if target_index >= before:
            issues.append((loc, f"{name!r} is asked after this page, so it cannot decide it"))
        if isinstance(clause.answer, Param) and clause.answer.param not in form.parameters:
            issues.append((loc, f"unknown parameter {clause.answer.param!r}"))
            continue
        message = _answer_type_problem(form, clause)
        if message:
            issues.append((loc, message))
    return issues


def _answer_type_problem(form: Form, clause: Clause) -> str | None:
    if clause.operator == "exists":
        return None if isinstance(clause.answer, bool) else "exists takes true or false"
    if clause.question == "age":
        return _compare_number(form, None, clause)
    q = form.question(clause.question)
    return FORM_RULES[q.type].compare(form, q, clause)


def _compare_number(form: Form, q: ScaleQuestion | None, clause: Clause) -> str | None:
    """A number question (or the derived `age`) is compared with a whole number."""
    if clause.operator == "in" or isinstance(clause.answer, bool | str | list):
        return (
            f"{clause.question!r} is a number: "
            f"expected a whole number to compare, got {clause.answer!r}"
        )
    return None


def _not_a_number(clause: Clause) -> str | None:
    if clause.operator in _NUMERIC_OPS:
        return f"{clause.operator} needs a number question, {clause.question!r} is not one"
    return None


def _compare_options(form: Form, q: SingleChoice | MultipleChoice, clause: Clause) -> str | None:
    if message := _not_a_number(clause):
        return message
    answer = clause.answer
    wanted = answer if isinstance(answer, list) else [answer]
    if clause.operator == "in" and not isinstance(answer, list):
        return "in takes a list of option ids"
    known = {o.id for o in q.options}
    for value in wanted:
        if not isinstance(value, str):
            return f"expected an option id of {q.id!r}, got {value!r}"
        if value not in known:
            return f"{q.id!r} has no option {value!r} (options: {', '.join(sorted(known))})"
    return None


def _compare_date(form: Form, q: DateQuestion, clause: Clause) -> str | None:
    return _not_a_number(clause) or f"{q.id!r} is a date: use exists, or the derived value 'age'"


def _compare_text(form: Form, q: TextQuestion, clause: Clause) -> str | None:
    if message := _not_a_number(clause):
        return message
    return (
        None
        if isinstance(clause.answer, str)
        else f"expected text to compare, got {clause.answer!r}"
    )


# --- can a flag fire? ----------------------------------------------------------------------


def _can_fire(form: Form, condition: Condition) -> bool:
    names = _closure(form, condition)
    domains = [_domain(form, name, condition) for name in names]
    size = 1
    for d in domains:
        size *= len(d)
    if size > _ENUMERATION_LIMIT:
        return True  # too many to try; assume it can (the form's own tests still cover it)
    # Any order of the same combinations gives the same answer. This one finds a firing one
    # soon: the flag's condition first (one test, cheaper than every show_if), and "not
    # answered" last in each domain (the load time it saved: benchmarks/patient_kiosk.py).
    for combo in itertools.product(*domains):
        answers = {n: v for n, v in zip(names, combo, strict=True) if v is not None}
        if evaluate(condition, answers, form, _PROBE_TODAY) and _consistent(form, names, answers):
            return True
    return False


def _closure(form: Form, condition: Condition) -> list[str]:
    """The questions a condition depends on, with those that decide whether they are shown."""
    pending = [c.question for c in clauses(condition)]
    found: list[str] = []
    while pending:
        raw = pending.pop()
        name = form.age_from if raw == "age" else raw
        if name in found:
            continue
        found.append(name)
        show_if = form.question(name).show_if
        if show_if is not None:
            pending += [c.question for c in clauses(show_if)]
    return found


def _consistent(form: Form, names: list[str], answers: dict[str, AnswerValue]) -> bool:
    for name in names:
        show_if = form.question(name).show_if
        hidden = show_if is not None and not evaluate(show_if, answers, form, _PROBE_TODAY)
        if name in answers and hidden:
            return False
    return True


def _domain(form: Form, name: str, condition: Condition) -> list[AnswerValue | None]:
    """Every answer `name` can have, then None (not answered): last, as answers fire flags."""
    q = form.question(name)
    return [*FORM_RULES[q.type].domain(form, q, condition), None]


def _domain_single(form: Form, q: SingleChoice, condition: Condition) -> list[AnswerValue]:
    return [o.id for o in q.options]


def _domain_multiple(form: Form, q: MultipleChoice, condition: Condition) -> list[AnswerValue]:
    plain = [o.id for o in q.options if not o.exclusive]
    subsets = [tuple(s) for r in range(1, len(plain) + 1) for s in itertools.combinations(plain, r)]
    return [*subsets, *((o.id,) for o in q.options if o.exclusive)]


def _domain_scale(form: Form, q: ScaleQuestion, condition: Condition) -> list[AnswerValue]:
    return list(range(q.min, q.max + 1))


def _domain_date(form: Form, q: DateQuestion, condition: Condition) -> list[AnswerValue]:
    low, high = form.resolve(q.min_age), form.resolve(q.max_age)
    return [date(_PROBE_TODAY.year - a, 6, 15) for a in range(low, high + 1)]


def _domain_text(form: Form, q: TextQuestion, condition: Condition) -> list[AnswerValue]:
    """Text is infinite: one answer no clause names, and each text a clause compares with."""
    literals = {c.answer for c in clauses(condition) if isinstance(c.answer, str)}
    return ["x", *literals]


class FormRules(NamedTuple):
    """What a form file may say about one question type, beyond its schema."""

    shape: Callable[[Form, Any, Loc], Iterator[Issue]]
    """Problems with the question itself (duplicate options, min above max)."""
    compare: Callable[[Form, Any, Clause], str | None]
    """What is wrong with a condition's clause (not `exists`) that tests this question."""
    domain: Callable[[Form, Any, Condition], list[AnswerValue]]
    """Every answer it can have (a few stand-ins for text), to prove a flag can fire."""


FORM_RULES: dict[str, FormRules] = {
    "text": FormRules(_shape_text, _compare_text, _domain_text),
    "date": FormRules(_shape_date, _compare_date, _domain_date),
    "single": FormRules(_shape_single, _compare_options, _domain_single),
    "multiple": FormRules(_shape_multiple, _compare_options, _domain_multiple),
    "scale": FormRules(_shape_scale, _compare_number, _domain_scale),
}
"""Question type -> its form checks: one entry per type (kiosk/core/question_types.py)."""
