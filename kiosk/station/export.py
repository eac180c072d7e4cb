"""Export station cases for the hospital's records: CSV, or FHIR R4 JSON.

FHIR: one `Questionnaire` per form (linkId = question id, answerOption codes = option ids) and
one `QuestionnaireResponse` per case that decoded, linked by canonical URL `url|version`, in a
`collection` Bundle. Conditions are not exported as enableWhen (they use the derived `age`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from kiosk.form.model import (
    DateQuestion,
    Form,
    MultipleChoice,
    ScaleQuestion,
    SingleChoice,
    TextQuestion,
)
from kiosk.station.relief import relief
from kiosk.station.store import Case

SYSTEM = "urn:gate18-kiosk"
STATION_ITEMS = (
    ("station.identity_confirmed", "boolean", "Name and date of birth confirmed with the patient"),
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
    if isinstance(q, TextQuestion):
        item.update(type="string" if q.charset == "name" else "text", maxLength=q.max_length)
    elif isinstance(q, DateQuestion):
        item["type"] = "date"
    elif isinstance(q, SingleChoice | MultipleChoice):
        item["type"] = "choice"
        item["repeats"] = isinstance(q, MultipleChoice)
        item["answerOption"] = [{"valueCoding": _coding(form, q, o.id)} for o in q.options]
    elif isinstance(q, ScaleQuestion):
        item["type"] = "integer"
        item["extension"] = [
            {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": q.min},
            {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": q.max},
        ]
    return item


def _coding(form: Form, q, option_id: str) -> dict[str, str]:
    option = next(o for o in q.options if o.id == option_id)
    return {"system": option_system(form, q.id), "code": option.id, "display": option.text}


def _answers(form: Form, q, value: Any) -> list[dict[str, Any]]:
    if isinstance(q, DateQuestion):
        return [{"valueDate": value}]
    if isinstance(q, SingleChoice):
        return [{"valueCoding": _coding(form, q, value)}]
    if isinstance(q, MultipleChoice):
        return [{"valueCoding": _coding(form, q, v)} for v in value]
    if isinstance(q, ScaleQuestion):
        return [{"valueInteger": int(value)}]
    return [{"valueString": str(value)}]


def questionnaire_response(case: Case, form: Form) -> dict[str, Any]:
    """One case as a QuestionnaireResponse to `questionnaire(form)`; its answers by linkId."""
    answers = case.answers or {}
    items = [
        {"linkId": q.id, "text": q.label, "answer": _answers(form, q, answers[q.id])}
        for q in form.questions
        if answers.get(q.id) is not None
    ]
    station = [
        ("station.identity_confirmed", {"valueBoolean": case.identity_confirmed}),
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
        "status": "completed" if case.completed_at else "in-progress",
        "authored": authored.isoformat(),
        "item": items,
    }


def fhir_bundle(cases: Iterable[Case], forms: Sequence[Form]) -> dict[str, Any]:
    """A collection Bundle: the Questionnaire of each form used, then one response per case.

    Cases `left_out_of_fhir` names (nothing decoded, or a form this station no longer has) are
    not in it.
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
        "issued_at", "identity_confirmed", "baseline_pain", "post_pain", "change",
        "percent_relief", "staff", "completed_at",
    ]  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(head + question_ids)
    for case in cases:
        change = percent = None
        if case.post_score is not None:
            result = relief(case.baseline, case.post_score, thresholds)
            change = result.change
            percent = None if result.percent is None else f"{result.percent:.0f}"
        answers = case.answers or {}
        row = [
            case.id, case.scanned_at.isoformat(), case.status, case.reason, case.form_id,
            case.form_version, case.kiosk_id, case.issued_at and case.issued_at.isoformat(),
            "yes" if case.identity_confirmed else "no", case.baseline, case.post_score, change,
            percent, case.staff, case.completed_at and case.completed_at.isoformat(),
        ]  # fmt: skip
        writer.writerow([_cell(v) for v in row] + [_cell(answers.get(q)) for q in question_ids])
    return out.getvalue()
