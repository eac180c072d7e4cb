"""Export station cases for the hospital's records: CSV, or FHIR R4 JSON.

FHIR: one `Questionnaire` per form (linkId = question id, answerOption codes = option ids) and
one `QuestionnaireResponse` per verified case, linked by canonical URL `url|version`, in a
`collection` Bundle. A form condition on other questions is exported as `enableWhen` with
`enableBehavior`; one FHIR cannot say (the derived `age` of the pregnancy question) makes the
item not `required`, so a `completed` response may leave it out. Answers that did not verify
(tampered, expired, another form) are never exported: `left_out_of_fhir` names and counts them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from kiosk.core.answers import from_json
from kiosk.core.form.conditions import DERIVED
from kiosk.core.form.model import (
    AllOf,
    Clause,
    DateQuestion,
    Form,
    MultipleChoice,
    ScaleQuestion,
    SingleChoice,
    TextQuestion,
)
from kiosk.core.summary import build_summary
from kiosk.station.relief import judges_relief, low_baseline_max, relief
from kiosk.station.store import Case

SYSTEM = "urn:gate18-kiosk"
STATION_ITEMS = (
    ("station.identity_confirmed", "boolean", "Name and date of birth confirmed with the patient"),
    ("station.room_pain_score", "integer", "Pain score in the room before the procedure"),
    ("station.post_pain_score", "integer", "Pain score after the procedure"),
    ("station.staff", "string", "Staff initials"),
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def questionnaire_url(form: Form) -> str:
    return f"{SYSTEM}:questionnaire:{form.id}"


def canonical(form: Form) -> str:
    return f"{questionnaire_url(form)}|{form.version}"


def option_system(form: Form, question_id: str) -> str:
    return f"{SYSTEM}:form:{form.id}:{question_id}"


def questionnaire(form: Form) -> dict[str, Any]:
    """The form as a FHIR R4 Questionnaire."""
    items: list[dict[str, Any]] = []
    for page in form.pages:
        if page.kind == "info":
            items.append({"linkId": page.id, "type": "display", "text": page.title})
        else:
            items.append(_question_item(form, page))
    items.append(
        {
            "linkId": "station",
            "type": "group",
            "text": "Recorded at the radiographer's station",
            "item": [
                {"linkId": link, "type": kind, "text": text, "required": False}
                for link, kind, text in STATION_ITEMS
            ],
        }
    )
    return {
        "resourceType": "Questionnaire",
        "id": f"{form.id}-{form.version}",
        "url": questionnaire_url(form),
        "version": form.version,
        "title": form.title,
        "status": "active",
        "item": items,
    }


def _question_item(form: Form, q) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": q.id, "text": q.prompt, "required": q.required}
    if q.show_if is not None:
        enable = enable_when(form, q.show_if)
        if enable is None:  # FHIR cannot say when it is asked: answering it cannot be required
            item["required"] = False
        else:
            conditions, behaviour = enable
            item["enableWhen"] = conditions
            if len(conditions) > 1:
                item["enableBehavior"] = behaviour
    item.update(FHIR_ITEMS[q.type].item(form, q))
    return item


def _text_item(form: Form, q: TextQuestion) -> dict[str, Any]:
    return {"type": "string" if q.charset == "name" else "text", "maxLength": q.max_length}


def _date_item(form: Form, q: DateQuestion) -> dict[str, Any]:
    return {"type": "date"}


def _choice_item(form: Form, q: SingleChoice | MultipleChoice) -> dict[str, Any]:
    return {
        "type": "choice",
        "repeats": q.type == "multiple",
        "answerOption": [{"valueCoding": _coding(form, q, o.id)} for o in q.options],
    }


def _scale_item(form: Form, q: ScaleQuestion) -> dict[str, Any]:
    return {
        "type": "integer",
        "extension": [
            {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": q.min},
            {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": q.max},
        ],
    }


_Tests = tuple[list[dict[str, Any]], str]
"""enableWhen tests and the enableBehavior that joins them."""
_FHIR_OPERATORS = {"=": "=", "!=": "!=", ">": ">", "<": "<", ">=": ">=", "<=": "<="}


def enable_when(form: Form, condition) -> tuple[list[dict[str, Any]], str] | None:
    """A form condition as FHIR (enableWhen list, enableBehavior), or None when FHIR's flat
    list of tests joined by one "all" or "any" cannot say the same thing."""
    if isinstance(condition, Clause):
        return _clause_tests(form, condition)
    parts = condition.all if isinstance(condition, AllOf) else condition.any
    behaviour = "all" if isinstance(condition, AllOf) else "any"
    tests: list[dict[str, Any]] = []
    for part in parts:
        if not isinstance(part, Clause):
            return None
        found = _clause_tests(form, part)
        if found is None or (len(found[0]) > 1 and found[1] != behaviour):
            return None
        tests += found[0]
    return tests, behaviour


def _clause_tests(form: Form, clause: Clause) -> tuple[list[dict[str, Any]], str] | None:
    if clause.question in DERIVED or not isinstance(clause.answer, bool | int | str | list):
        return None
    q = form.question(clause.question)
    if clause.operator == "exists":
        return [{"question": q.id, "operator": "exists", "answerBoolean": clause.answer}], "all"
    values = clause.answer if isinstance(clause.answer, list) else [clause.answer]
    return FHIR_ITEMS[q.type].tests(form, q, clause, values)


def _choice_tests(form: Form, q, clause: Clause, values: list) -> _Tests | None:
    operator = "!=" if clause.operator == "!=" else "="
    if clause.operator not in ("=", "in", "!="):
        return None
    tests = [
        {"question": q.id, "operator": operator, "answerCoding": _coding(form, q, v)}
        for v in values
    ]
    return tests, ("all" if operator == "!=" else "any")


def _scale_tests(form: Form, q: ScaleQuestion, clause: Clause, values: list) -> _Tests | None:
    if clause.operator not in _FHIR_OPERATORS:
        return None
    return [{"question": q.id, "operator": clause.operator, "answerInteger": values[0]}], "all"


def _no_tests(form: Form, q, clause: Clause, values: list) -> _Tests | None:
    return None  # dates are compared through the derived age; text is not compared in FHIR


def _coding(form: Form, q, option_id: str) -> dict[str, str]:
    option = next(o for o in q.options if o.id == option_id)
    return {"system": option_system(form, q.id), "code": option.id, "display": option.text}


def _answers(form: Form, q, value: Any) -> list[dict[str, Any]]:
    return FHIR_ITEMS[q.type].answers(form, q, value)


class FhirItem(NamedTuple):
    """How one question type appears in the FHIR R4 Questionnaire and its responses."""

    item: Callable[[Form, Any], dict[str, Any]]
    """The Questionnaire item's `type` and what goes with it (options, limits)."""
    answers: Callable[[Form, Any, Any], list[dict[str, Any]]]
    """A stored answer (JSON shape) as QuestionnaireResponse `answer` values."""
    tests: Callable[[Form, Any, Clause, list], _Tests | None]
    """A clause on this question (not `exists`) as enableWhen tests, or None when FHIR
    cannot say it."""


FHIR_ITEMS: dict[str, FhirItem] = {
    "text": FhirItem(_text_item, lambda form, q, v: [{"valueString": str(v)}], _no_tests),
    "date": FhirItem(_date_item, lambda form, q, v: [{"valueDate": v}], _no_tests),
    "single": FhirItem(
        _choice_item, lambda form, q, v: [{"valueCoding": _coding(form, q, v)}], _choice_tests
    ),
    "multiple": FhirItem(
        _choice_item,
        lambda form, q, v: [{"valueCoding": _coding(form, q, o)} for o in v],
        _choice_tests,
    ),
    "scale": FhirItem(_scale_item, lambda form, q, v: [{"valueInteger": int(v)}], _scale_tests),
}
"""Question type -> its FHIR shape: one entry per type (kiosk/core/question_types.py)."""


def questionnaire_response(case: Case, form: Form) -> dict[str, Any]:
    """One verified case as a QuestionnaireResponse to `questionnaire(form)`, by linkId.

    `completed` only when the station finished the case and every question the patient was
    asked that the Questionnaire requires has an answer; else `in-progress`."""
    answers = case.answers or {}
    items = [
        {"linkId": q.id, "text": q.label, "answer": _answers(form, q, answers[q.id])}
        for q in form.questions
        if answers.get(q.id) is not None
    ]
    station = [
        ("station.identity_confirmed", {"valueBoolean": case.identity_confirmed}),
        (  # kept beside the kiosk's score (the pain_score answer); relief is judged from it
            "station.room_pain_score",
            case.room_baseline is not None and {"valueInteger": case.room_baseline},
        ),
        (
            "station.post_pain_score",
            case.post_score is not None and {"valueInteger": case.post_score},
        ),
        ("station.staff", bool(case.staff) and {"valueString": case.staff}),
    ]
    items.append(
        {
            "linkId": "station",
            "item": [{"linkId": link, "answer": [value]} for link, value in station if value],
        }
    )
    authored = case.completed_at or case.scanned_at
    complete = case.completed_at is not None and not _missing_required(case, form)
    name = answers.get(form.name_from)
    born = answers.get(form.age_from)
    patient = f"{name or 'name not given'}, born {born or 'date not given'}"
    return {
        "resourceType": "QuestionnaireResponse",
        "id": f"case-{case.id}",
        "meta": {
            "tag": [
                {"system": f"{SYSTEM}:verification", "code": case.status, "display": case.reason}
            ]
        },
        "identifier": {"system": f"{SYSTEM}:station-case", "value": str(case.id)},
        "questionnaire": canonical(form),
        "status": "completed" if complete else "in-progress",
        "subject": {"type": "Patient", "display": patient},
        "authored": authored.isoformat(),
        "author": {"type": "Device", "display": f"Gate 18 check-in kiosk {case.kiosk_id}"},
        "source": {"type": "Patient", "display": f"{patient} (answered at the kiosk)"},
        "item": items,
    }


def _missing_required(case: Case, form: Form) -> list[str]:
    """Questions the Questionnaire requires, shown to this patient, with no answer."""
    issued = case.issued_at or case.scanned_at
    typed = from_json(form, case.answers or {}, issued.date())
    summary = build_summary(form, typed, issued)
    required = {i["linkId"] for i in questionnaire(form)["item"] if i.get("required")}
    return [
        a.question_id
        for a in summary.answers
        if a.status == "not_answered" and a.question_id in required
    ]


def fhir_bundle(cases: Iterable[Case], forms: Sequence[Form]) -> dict[str, Any]:
    """A collection Bundle: the Questionnaire of each form used, then one response per case.

    Cases `left_out_of_fhir` names (not verified, nothing decoded, or a form this station no
    longer has) are not in it.
    """
    by_key = _by_key(forms)
    used: dict[tuple[str, str], Form] = {}
    responses = []
    for case in cases:
        if _why_left_out(case, by_key) is not None:
            continue
        form = by_key[(case.form_id, case.form_version)]
        used[(form.id, form.version)] = form
        responses.append(questionnaire_response(case, form))
    entries = [{"resource": questionnaire(f)} for f in used.values()]
    entries += [{"resource": r} for r in responses]
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def left_out_of_fhir(cases: Iterable[Case], forms: Sequence[Form]) -> list[tuple[Case, str]]:
    """The cases `fhir_bundle` leaves out, each with why (the CSV export has every case)."""
    by_key = _by_key(forms)
    whys = ((case, _why_left_out(case, by_key)) for case in cases)
    return [(case, why) for case, why in whys if why is not None]


def _why_left_out(case: Case, by_key: dict) -> str | None:
    """Why a case cannot be a QuestionnaireResponse, or None when it can."""
    if case.answers is None:
        return f"no answers could be read: {case.reason}"
    if not case.verified:  # never export answers nobody can vouch for as the patient's
        return f"not verified ({case.status}): {case.reason}"
    if (case.form_id, case.form_version) not in by_key:
        return (
            f"its form {case.form_id} {case.form_version} is not in this station's config "
            "(list it in [station] extra_forms)"
        )
    return None


def _by_key(forms: Sequence[Form]) -> dict[tuple[str | None, str | None], Form]:
    return {(f.id, f.version): f for f in forms}


def _cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (patients type free text)."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        value = ";".join(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(cases: Iterable[Case], forms: Sequence[Form], thresholds: Sequence[int]) -> str:
    """One row per case; answer columns are the question ids of `forms`, in form order."""
    question_ids: list[str] = []
    for form in forms:
        question_ids += [q.id for q in form.questions if q.id not in question_ids]
    head = [
        "case_id", "scanned_at", "status", "reason", "form_id", "form_version", "kiosk_id",
        "issued_at", "identity_confirmed", "baseline_pain", "room_baseline_pain", "post_pain",
        "change", "percent_relief", "staff", "completed_at",
    ]  # fmt: skip
    by_key = _by_key(forms)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(head + question_ids)
    for case in cases:
        change = percent = None
        form = by_key.get((case.form_id, case.form_version))
        if case.post_score is not None and judges_relief(form):
            # Judged as the station screen judges it: from the in-room score when there is one,
            # with the form's own low-baseline limit; never across two different scales.
            result = relief(
                case.relief_baseline, case.post_score, thresholds, low_baseline_max(form)
            )
            change = result.change
            percent = None if result.percent is None else f"{result.percent:.0f}"
        answers = case.answers or {}
        row = [
            case.id, case.scanned_at.isoformat(), case.status, case.reason, case.form_id,
            case.form_version, case.kiosk_id, case.issued_at and case.issued_at.isoformat(),
            "yes" if case.identity_confirmed else "no", case.baseline, case.room_baseline,
            case.post_score, change, percent, case.staff,
            case.completed_at and case.completed_at.isoformat(),
        ]  # fmt: skip
        writer.writerow([_cell(v) for v in row] + [_cell(answers.get(q)) for q in question_ids])
    return out.getvalue()
