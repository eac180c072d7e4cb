"""FHIR export semantics beyond the shapes: R4 `required`/`enableWhen`, no unverified answers.

The rules are checked by a small evaluator written here from the R4 specification (an item is
enabled when its enableWhen tests pass, joined by enableBehavior; a `completed` response answers
every enabled required item), not by calling the exporter's own logic. Shapes are validated with
fhir.resources' R4B models here, and against HL7's R4 JSON schema in test_fhir_r4_schema.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from fhir.resources.R4B.bundle import Bundle
from station_patients import CALM, EVERYTHING

from kiosk.core.answers import from_json, to_json
from kiosk.core.form import load_form
from kiosk.settings.config import DEFAULT_FORM
from kiosk.station.export import fhir_bundle, left_out_of_fhir, questionnaire
from kiosk.station.store import Store

T0 = datetime(2026, 11, 25, 10, 42, tzinfo=UTC)
OLDER = {**CALM, "name": "Olive Older", "dob": "1962-01-10"}  # 64: pregnancy not asked


@pytest.fixture(scope="module")
def form():
    return load_form(DEFAULT_FORM)


def record(tmp_path, form, cases):
    """cases: (receipt, status, raw answers, completed); returns the stored cases."""
    store = Store(tmp_path / "station.sqlite3")
    for n, (status, raw, completed) in enumerate(cases):
        answers = to_json(from_json(form, raw, date(2026, 11, 25)))
        case, _ = store.record_scan(
            f"{n}00{n}", status=status, reason=f"{status} for the test", scanned_at=T0,
            form_id=form.id, form_version=form.version, kiosk_id="1",
            issued_at=T0 - timedelta(minutes=30), answers=answers, baseline=raw["pain_score"],
        )  # fmt: skip
        if completed:
            store.complete(case.id, post_score=1, staff="AB", identity_confirmed=True, at=T0)
    found = store.cases_since(T0 - timedelta(days=1))
    store.close()
    return found


def answer_codes(response) -> dict[str, list]:
    out = {}
    for item in response["item"]:
        out[item["linkId"]] = [
            a.get("valueCoding", {}).get("code", next(iter(a.values()))) for a in item["answer"]
        ] if "answer" in item else []  # fmt: skip
    return out


def enabled(item, answers) -> bool:
    """R4 enableWhen, for the operators and answer types the exporter may write."""
    tests = item.get("enableWhen")
    if not tests:
        return True
    results = []
    for test in tests:
        given = answers.get(test["question"], [])
        if test["operator"] == "exists":
            results.append(bool(given) == test["answerBoolean"])
        elif "answerCoding" in test:
            hit = test["answerCoding"]["code"] in given
            results.append(hit if test["operator"] == "=" else not hit)
        else:
            value = test["answerInteger"]
            ops = {"=": int.__eq__, "!=": int.__ne__, ">": int.__gt__, "<": int.__lt__,
                   ">=": int.__ge__, "<=": int.__le__}  # fmt: skip
            results.append(bool(given) and ops[test["operator"]](given[0], value))
    behaviour = item.get("enableBehavior", "all")
    assert len(tests) == 1 or "enableBehavior" in item  # R4 que-12
    return all(results) if behaviour == "all" else any(results)


def test_every_condition_is_enable_when_or_the_item_is_not_required(form):
    items = {i["linkId"]: i for i in questionnaire(form)["item"]}
    for q in form.questions:
        if q.show_if is None:
            assert "enableWhen" not in items[q.id]
        else:
            assert "enableWhen" in items[q.id] or items[q.id]["required"] is False, q.id
    # the pregnancy question is asked by age, which FHIR cannot test: not required
    assert items["pregnancy"]["required"] is False and "enableWhen" not in items["pregnancy"]
    # the other blood thinner's name: asked when "other" is chosen
    [test] = items["blood_thinners_other"]["enableWhen"]
    assert (test["question"], test["operator"], test["answerCoding"]["code"]) == (
        "antiplatelets", "=", "other",
    )  # fmt: skip
    follow = items["blood_thinner_stopped"]
    assert follow["enableBehavior"] == "any" and len(follow["enableWhen"]) == 12


@pytest.mark.parametrize("raw", [OLDER, EVERYTHING, CALM], ids=["aged-64", "everything", "calm"])
def test_a_completed_response_answers_every_enabled_required_item(tmp_path, form, raw):
    bundle = fhir_bundle(record(tmp_path, form, [("valid", raw, True)]), [form])
    Bundle.model_validate(bundle)
    q, response = (e["resource"] for e in bundle["entry"])
    assert response["status"] == "completed"
    answers = answer_codes(response)
    for item in q["item"]:
        if item["type"] in ("display", "group"):
            continue
        if item.get("required") and enabled(item, answers):
            assert answers.get(item["linkId"]), item["linkId"]
        if not enabled(item, answers):
            assert item["linkId"] not in answers  # R4: no answers to a disabled item


def test_an_unfinished_kiosk_summary_is_not_exported_as_completed(tmp_path, form):
    gaps = {k: v for k, v in CALM.items() if k != "allergies"}  # a required question unanswered
    bundle = fhir_bundle(record(tmp_path, form, [("valid", gaps, True)]), [form])
    assert bundle["entry"][1]["resource"]["status"] == "in-progress"


@pytest.mark.parametrize("status", ["tampered", "expired", "no_key", "malformed"])
def test_unverified_answers_are_left_out_and_counted(tmp_path, form, status):
    cases = record(tmp_path, form, [("valid", CALM, True), (status, EVERYTHING, True)])
    bundle = fhir_bundle(cases, [form])
    responses = [e["resource"] for e in bundle["entry"][1:]]
    assert len(responses) == 1 and responses[0]["meta"]["tag"][0]["code"] == "valid"
    names = [i for r in responses for i in r["item"] if i["linkId"] == "name"]
    assert all(n["answer"][0]["valueString"] != EVERYTHING["name"] for n in names)
    [(case, why)] = left_out_of_fhir(cases, [form])
    assert case.status == status and why.startswith(f"not verified ({status})")


def test_subject_author_and_source_say_who(tmp_path, form):
    bundle = fhir_bundle(record(tmp_path, form, [("valid", CALM, True)]), [form])
    response = bundle["entry"][1]["resource"]
    assert response["subject"] == {"type": "Patient", "display": "Ann Calm, born 1961-03-12"}
    assert response["author"]["type"] == "Device" and "kiosk 1" in response["author"]["display"]
    assert response["source"]["type"] == "Patient"
