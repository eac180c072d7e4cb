"""The summary of a few patients, as text and JSON, and that `kiosk summary` prints the same."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from core_fixtures import CALM_JSON, FORM, ROOT

from kiosk.cli import main
from kiosk.core.answers import from_json
from kiosk.core.summary import AnswerLine, BaselineLine, Summary, build_summary
from kiosk.errors import AnswerError

CONFIG_PATH = ROOT / "kiosk.toml"
NOW = "2026-03-04T09:30:00"

PATIENTS = {
    "calm": CALM_JSON,
    "worried": {
        "name": "Siobhán Ní Dhuibhir",
        "dob": "1962-03-04",
        "pain_relief_6h": "not_sure",
        "blood_thinners": ["rivaroxaban"],
        "antiplatelets": ["other"],
        "blood_thinners_other": "Edoxaban",
        "blood_thinner_stopped": "no",
        "blood_thinner_last_dose": "today",
        "allergies": ["xray_dye", "plasters"],
        "unwell": "not_sure",
        "transport_home": "driving_myself",
        "questions": "Will it hurt?",
        "ready_for_consent": "want_to_discuss",
        "pain_score": 2,
    },
    "unfinished": {"name": "Jan de Vries", "dob": "2000-02-29", "pregnancy": "prefer_to_discuss"},
}


def run_summary(tmp_path: Path, capsys, answers: dict, *extra: str) -> tuple[int, str, str]:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    code = main(
        ["summary", "--answers", str(path), "--config", str(CONFIG_PATH), "--now", NOW, *extra]
    )
    out, err = capsys.readouterr()
    return code, out, err


def summary_of(answers: dict) -> Summary:
    now = datetime.fromisoformat(NOW)
    return build_summary(FORM, from_json(FORM, answers, now.date()), now)


def test_the_worried_patient_in_full(tmp_path, capsys):
    code, out, err = run_summary(tmp_path, capsys, PATIENTS["worried"])
    assert (code, err) == (0, "")
    assert (
        out
        == f"""\
Medial branch block - check-in summary
Form medial-branch-block 1.0 ({FORM.source_hash})
Completed 2026-03-04 09:30
Patient: Siobhán Ní Dhuibhir
Born: 4 Mar 1962 (age 64)

SAFETY FLAGS
  STOP   Blood thinner: check with radiologist before procedure
  STOP   Not told to stop thinner: radiologist decides if the test goes ahead today
  STOP   Allergy to test materials: check what to use instead before starting
  STOP   Not sure if unwell: ask how they feel; a clinician decides
  CHECK  Plaster or tape allergy: use a dressing the patient can have
  CHECK  Recent pain relief: may hide the block result; tell the radiologist
  CHECK  Driving home: advise not to drive; arrange other transport
  NOTE   Wants to talk first: discuss the procedure before consent
  NOTE   Has questions: see the patient's questions for the doctor
  NOTE   Low pain before block: score 2 or less: relief cannot be judged
  STOP = do not start until a clinician has checked this with the patient.
  CHECK = check with the patient before the procedure; it may change the plan.
  NOTE = for information; no check is needed before the procedure.

ANSWERS
  Name: Siobhán Ní Dhuibhir
  Date of birth: 4 Mar 1962 (age 64)
  Pain relief in last 6 h: Not sure
  Anticoagulants: Rivaroxaban
  Antiplatelets: Other
  Other blood thinner: Edoxaban
  Told to stop thinner: Not told to stop
  Thinner last taken: Today
  Allergies: X-ray dye, Plasters or tape
  Unwell or infection: Not sure
  Could be pregnant: Not asked (age 64 from the date of birth given)
  Going home: Driving self
  Questions for doctor: Will it hurt?
  Ready for consent: Wants to talk first
  Pain score now: 2/10 Mild

Baseline pain score: 2/10
"""
    )


@pytest.mark.parametrize("patient", sorted(PATIENTS))
def test_cli_text_is_the_summary(tmp_path, capsys, patient):
    code, out, _ = run_summary(tmp_path, capsys, PATIENTS[patient])
    assert code == 0
    assert out == summary_of(PATIENTS[patient]).to_text()


@pytest.mark.parametrize("patient", sorted(PATIENTS))
def test_cli_json_is_the_summary(tmp_path, capsys, patient):
    code, out, _ = run_summary(tmp_path, capsys, PATIENTS[patient], "--format", "json")
    assert code == 0
    assert Summary.model_validate_json(out) == summary_of(PATIENTS[patient])


def test_json_shape(tmp_path, capsys):
    _, out, _ = run_summary(tmp_path, capsys, PATIENTS["worried"], "--format", "json")
    data = json.loads(out)
    assert list(data) == [
        "form_id", "form_version", "form_title", "form_hash", "completed_at", "complete",
        "patient_name", "date_of_birth", "age", "flags", "answers", "baseline",
    ]  # fmt: skip
    assert data["form_hash"] == FORM.source_hash
    assert (data["completed_at"], data["date_of_birth"], data["age"]) == (NOW, "1962-03-04", 64)
    assert data["complete"] is True
    assert data["baseline"] == {
        "question_id": "pain_score", "label": "Baseline pain score", "value": 2, "unit": "/10"
    }  # fmt: skip
    assert data["flags"][0] == {
        "id": "blood_thinner",
        "severity": "stop",
        "title": "Blood thinner",
        "action": "check with radiologist before procedure",
        "paper_title": None,
        "paper_action": None,
    }
    assert [a["question_id"] for a in data["answers"]] == [q.id for q in FORM.questions]
    by_id = {a["question_id"]: a for a in data["answers"]}
    assert by_id["blood_thinners"] == {
        "question_id": "blood_thinners",
        "label": "Anticoagulants",
        "status": "answered",
        "value": ["rivaroxaban"],
        "display": "Rivaroxaban",
        "staff_note": "",
        "paper_note": "",
        "private": False,
    }
    assert by_id["pregnancy"]["status"] == "not_asked" and by_id["pregnancy"]["value"] is None
    assert by_id["pain_score"]["value"] == 2


def test_an_unfinished_check_in_is_marked(tmp_path, capsys):
    _, out, _ = run_summary(tmp_path, capsys, PATIENTS["unfinished"])
    lines = out.splitlines()
    assert lines[2] == "Completed 2026-03-04 09:30 - INCOMPLETE"
    assert lines[4] == "Born: 29 Feb 2000 (age 26)"
    assert "  STOP   Possible pregnancy: talk in private and check before any X-ray" in lines
    # unknown answers to questions with a STOP answer are a STOP; the rest a CHECK
    assert (
        "  STOP   Not answered: ask the patient: Anticoagulants, Antiplatelets, Allergies, "
        "Unwell or infection" in lines
    )
    assert (
        "  CHECK  Not answered: ask the patient: Pain relief in last 6 h, Going home, "
        "Ready for consent, Pain score now" in lines
    )
    assert "  Could be pregnant: Wants to discuss" in lines
    assert "  Questions for doctor: Not answered" in lines
    assert lines[-1] == "Baseline pain score: not given"
    data = json.loads(run_summary(tmp_path, capsys, PATIENTS["unfinished"], "--format", "json")[1])
    assert data["complete"] is False and data["baseline"]["value"] is None


def test_the_same_answers_give_the_same_summary(tmp_path, capsys):
    first = run_summary(tmp_path, capsys, PATIENTS["worried"], "--format", "json")
    again = run_summary(tmp_path, capsys, PATIENTS["worried"], "--format", "json")
    assert first == again


def test_an_answer_to_a_question_not_asked_is_refused(tmp_path, capsys):
    answers = PATIENTS["calm"] | {"dob": "1950-01-01"}  # still answers pregnancy
    code, out, err = run_summary(tmp_path, capsys, answers)
    assert code == 2 and out == ""
    assert err == "answers: pregnancy: answered, but this question is not asked for this patient\n"
    with pytest.raises(AnswerError):
        summary_of(answers)


def test_the_age_is_taken_on_the_day_of_now():
    on_birthday = build_summary(FORM, {"dob": date(1962, 3, 4)}, datetime(2026, 3, 4, 0, 1))
    day_before = build_summary(FORM, {"dob": date(1962, 3, 4)}, datetime(2026, 3, 3, 23, 59))
    assert (on_birthday.age, day_before.age) == (64, 63)
    assert on_birthday.answer("dob").display == "4 Mar 1962 (age 64)"


def test_docs_summary_text_example_is_what_the_cli_prints(tmp_path, capsys):
    doc = (ROOT / "docs" / "summary.md").read_text(encoding="utf-8")
    example = doc.split("```text\n", 1)[1].split("```", 1)[0]
    answers = PATIENTS["worried"] | {
        "transport_home": "someone_driving",
        "ready_for_consent": "yes",
        "pain_score": 7,
    }
    _, out, _ = run_summary(tmp_path, capsys, answers)
    hash_in_doc = example.splitlines()[1].rsplit("(", 1)[1].rstrip(")")
    assert out == example.replace(hash_in_doc, FORM.source_hash)


def test_docs_summary_json_tables_list_every_key():
    doc = (ROOT / "docs" / "summary.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)` \|", doc, re.M))
    fields = Summary.model_fields | AnswerLine.model_fields | BaselineLine.model_fields
    assert set(fields) <= documented


def test_questions_not_asked_are_explained_in_labels_never_ids():
    older = {k: v for k, v in CALM_JSON.items() if k != "pregnancy"} | {"dob": "1940-01-01"}
    answers = from_json(FORM, older, date(2026, 11, 25), "test")
    summary = build_summary(FORM, answers, datetime(2026, 11, 25, 10, 0))
    shown = {line.question_id: line.display for line in summary.answers}
    assert shown["blood_thinners_other"] == (
        "Not asked (asked only when Antiplatelets includes Other)"
    )
    assert shown["pregnancy"].startswith("Not asked (")
    ids = [q.id for q in FORM.questions] + [
        o.id for q in FORM.questions for o in getattr(q, "options", [])
    ]
    leaked = [i for i in ids if "_" in i for text in shown.values() if i in text]
    assert leaked == []
