"""Export of station cases: CSV, and FHIR (validated with fhir.resources' R4B models).

fhir.resources 8 defaults to R5 and ships R4B, not R4; the R4 check is the official R4 JSON
schema, in test_fhir_r4_schema.py.
"""

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir_r4 import r4_errors
from station_patients import CALM, EVERYTHING

from kiosk.cli import main
from kiosk.core.answers import from_json, to_json
from kiosk.core.form import load_form
from kiosk.settings.config import DEFAULT_FORM
from kiosk.station.export import canonical, fhir_bundle, left_out_of_fhir, questionnaire, to_csv
from kiosk.station.store import Store

T0 = datetime(2026, 11, 25, 10, 42, tzinfo=UTC)


@pytest.fixture(scope="module")
def form():
    return load_form(DEFAULT_FORM)


def _answers(form, raw):
    return to_json(from_json(form, raw, date(2026, 11, 25)))


def _cases(tmp_path, form, complete=True):
    store = Store(tmp_path / "station.sqlite3")
    everything, _ = store.record_scan(
        "111", status="valid", reason="verified", scanned_at=T0, form_id=form.id,
        form_version=form.version, kiosk_id="gate18-1", issued_at=T0 - timedelta(hours=1),
        answers=_answers(form, EVERYTHING), baseline=8,
    )  # fmt: skip
    store.record_scan(
        "222", status="expired", reason="expired: issued 30 h ago, limit 24 h",
        scanned_at=T0 + timedelta(minutes=5), form_id=form.id, form_version=form.version,
        kiosk_id="gate18-1", answers=_answers(form, CALM), baseline=7,
    )  # fmt: skip
    if complete:
        store.complete(everything.id, post_score=2, staff="AB", identity_confirmed=True, at=T0)
    cases = store.cases_since(T0 - timedelta(days=1))
    store.close()
    return cases


def test_questionnaire_validates_and_has_every_question(form):
    q = Questionnaire.model_validate(questionnaire(form))
    links = {item.linkId: item for item in q.item}
    for question in form.questions:
        assert question.id in links
    assert links["dob"].type == "date"
    assert links["pain_score"].type == "integer"
    assert links["blood_thinners"].type == "choice" and links["blood_thinners"].repeats
    codes = [o.valueCoding.code for o in links["transport_home"].answerOption]
    assert codes == [o.id for o in form.question("transport_home").options]


def test_fhir_round_trip_every_answer_with_its_link_id(tmp_path, form):
    cases = _cases(tmp_path, form)
    bundle = Bundle.model_validate(fhir_bundle(cases, [form]))
    resources = [e.resource for e in bundle.entry]
    assert isinstance(resources[0], Questionnaire)
    responses = [r for r in resources if isinstance(r, QuestionnaireResponse)]
    assert len(responses) == 1  # the expired receipt's answers are not exported (not verified)
    first = responses[0]
    assert first.questionnaire == canonical(form)
    assert first.status == "completed"
    items = {i.linkId: i for i in first.item}
    expected = _answers(form, EVERYTHING)
    assert set(expected) <= set(items)
    for qid, value in expected.items():
        answers = items[qid].answer
        if isinstance(value, list):
            assert [a.valueCoding.code for a in answers] == value
        elif qid == "dob":
            assert answers[0].valueDate == date.fromisoformat(value)
        elif isinstance(value, int):
            assert answers[0].valueInteger == value
        elif form.question(qid).type == "single":
            assert answers[0].valueCoding.code == value
        else:
            assert answers[0].valueString == value
    station = {i.linkId: i.answer[0] for i in items["station"].item}
    assert station["station.post_pain_score"].valueInteger == 2
    assert station["station.staff"].valueString == "AB"
    assert station["station.identity_confirmed"].valueBoolean is True
    assert first.meta.tag[0].code == "valid"
    [(left, why)] = left_out_of_fhir(cases, [form])
    assert left.status == "expired" and why.startswith("not verified (expired)")


def test_every_response_link_id_exists_in_the_questionnaire(tmp_path, form):
    bundle = fhir_bundle(_cases(tmp_path, form), [form])
    q = bundle["entry"][0]["resource"]
    known = {i["linkId"] for i in q["item"]} | {i["linkId"] for i in q["item"][-1]["item"]}
    for entry in bundle["entry"][1:]:
        for item in entry["resource"]["item"]:
            assert item["linkId"] in known
            assert all(sub["linkId"] in known for sub in item.get("item", []))


def test_csv_has_one_row_per_case_with_relief_and_safe_cells(tmp_path, form):
    rows = list(csv.DictReader(io.StringIO(to_csv(_cases(tmp_path, form), [form], [50, 80]))))
    assert len(rows) == 2
    first = rows[0]
    assert (first["status"], first["post_pain"], first["change"]) == ("valid", "2", "-6")
    assert first["percent_relief"] == "75"
    assert first["antiplatelets"] == "clopidogrel;other"
    assert first["questions"] == "'=SUM(A1) how long?"  # never a spreadsheet formula
    assert rows[1]["post_pain"] == "" and rows[1]["status"] == "expired"


def export_args(tmp_path: Path) -> tuple[list[str], Path]:
    """`kiosk station export` arguments for a station database in tmp_path, and an out file."""
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[form]\npath = "{DEFAULT_FORM}"\n[station]\ndb_path = "station.sqlite3"\n')
    args = ["station", "export", "--config", str(config), "--since", "2026-11-01"]
    return args, tmp_path / "out.json"


def test_cli_export_writes_fhir_and_csv(tmp_path, form, capsys):
    _cases(tmp_path, form)
    args, out = export_args(tmp_path)
    assert main([*args, "--format", "fhir", "--out", str(out)]) == 0
    bundle = Bundle.model_validate(json.loads(out.read_text()))
    assert len(bundle.entry) == 2  # the Questionnaire and the one verified case
    assert main([*args, "--format", "csv"]) == 0
    assert capsys.readouterr().out.count("\n") == 3
    later = [*args[:-1], "2026-11-26"]  # --since the day after the cases
    assert main([*later, "--format", "csv"]) == 0
    assert capsys.readouterr().out.count("\n") == 1  # header only


def _with_unreadable(tmp_path, form):
    """The two cases of `_cases`, then a receipt from a form this station does not have."""
    _cases(tmp_path, form)
    with Store(tmp_path / "station.sqlite3") as store:
        store.record_scan(
            "333", status="unknown_form",
            reason="made by a form this station does not have (form code 123)",
            scanned_at=T0 + timedelta(minutes=9),
        )  # fmt: skip


def test_left_out_of_fhir_names_each_case_and_why(tmp_path, form):
    _with_unreadable(tmp_path, form)
    with Store(tmp_path / "station.sqlite3") as store:
        cases = store.cases_since(T0 - timedelta(days=1))
    left_out = left_out_of_fhir(cases, [form])
    assert [(case.payload, why) for case, why in left_out] == [
        ("222", "not verified (expired): expired: issued 30 h ago, limit 24 h"),
        ("333", "no answers could be read: made by a form this station does not have (form code"
         " 123)"),
    ]  # fmt: skip
    responses = fhir_bundle(cases, [form])["entry"][1:]
    assert len(responses) == len(cases) - len(left_out)
    gone = left_out_of_fhir(cases, [form.model_copy(update={"version": "9.9"})])
    assert len(gone) == 3 and "is not in this station's config" in gone[0][1]


def test_cli_export_counts_exported_and_left_out_cases(tmp_path, form, capsys):
    _with_unreadable(tmp_path, form)
    args, out = export_args(tmp_path)
    assert main([*args, "--format", "fhir", "--out", str(out)]) == 0
    report = capsys.readouterr().err.splitlines()
    assert report[0] == f"1 case(s) exported to {out}; 2 left out (they are in the CSV export):"
    assert report[1].startswith("  case 2, scanned ") and "not verified (expired)" in report[1]
    assert report[2].startswith("  case 3, scanned ")
    assert report[2].endswith(": no answers could be read: made by a form this station does not"
                              " have (form code 123)")  # fmt: skip
    assert len(report) == 3
    assert main([*args, "--format", "csv", "--out", str(out)]) == 0
    assert capsys.readouterr().err == f"3 case(s) exported to {out}\n"


def test_csv_relief_agrees_with_the_station_screen(tmp_path, form):
    """The CSV judges relief as the station does: from the in-room score when one was taken,
    and never a percent from a baseline the form calls too low to judge (a 1 to 0 drop is not
    '100% relief')."""
    store = Store(tmp_path / "station.sqlite3")
    common = dict(
        status="valid", reason="verified", scanned_at=T0, form_id=form.id,
        form_version=form.version, kiosk_id="gate18-1", answers=_answers(form, CALM),
    )  # fmt: skip
    low, _ = store.record_scan("111", baseline=1, **common)
    store.complete(low.id, post_score=0, staff="AB", identity_confirmed=True, at=T0)
    room, _ = store.record_scan("222", baseline=4, **common)
    store.set_room_baseline(room.id, 8)
    store.complete(room.id, post_score=2, staff="AB", identity_confirmed=True, at=T0)
    cases = store.cases_since(T0 - timedelta(days=1))
    store.close()
    rows = list(csv.DictReader(io.StringIO(to_csv(cases, [form], [50, 80]))))
    by_case = {int(r["case_id"]): r for r in rows}
    assert by_case[low.id]["percent_relief"] == ""  # cannot be judged
    assert by_case[room.id]["percent_relief"] == "75"  # (8 - 2) / 8, the in-room score
    # both scores are in the record, so the percent can be checked from the row itself
    assert (by_case[room.id]["baseline_pain"], by_case[room.id]["room_baseline_pain"]) == ("4", "8")
    assert by_case[low.id]["room_baseline_pain"] == ""  # none was taken


def test_fhir_keeps_the_in_room_score_beside_the_kiosk_score(tmp_path, form):
    store = Store(tmp_path / "station.sqlite3")
    case, _ = store.record_scan(
        "222", status="valid", reason="verified", scanned_at=T0, form_id=form.id,
        form_version=form.version, kiosk_id="gate18-1", answers=_answers(form, CALM),
        baseline=CALM["pain_score"],
    )  # fmt: skip
    store.set_room_baseline(case.id, 4)
    store.complete(case.id, post_score=1, staff="AB", identity_confirmed=True, at=T0)
    plain, _ = store.record_scan(
        "333", status="valid", reason="verified", scanned_at=T0, form_id=form.id,
        form_version=form.version, kiosk_id="gate18-1", answers=_answers(form, CALM),
        baseline=CALM["pain_score"],
    )  # fmt: skip
    cases = store.cases_since(T0 - timedelta(days=1))
    store.close()
    exported = fhir_bundle(cases, [form])
    assert r4_errors(exported) == []
    bundle = Bundle.model_validate(exported)
    room, none = (e.resource for e in bundle.entry[1:])
    items = {i.linkId: i for i in room.item}
    assert items["pain_score"].answer[0].valueInteger == CALM["pain_score"]  # the kiosk's
    station = {i.linkId: i.answer[0] for i in items["station"].item}
    assert station["station.room_pain_score"].valueInteger == 4
    station_links = {i.linkId for i in bundle.entry[0].resource.item[-1].item}
    assert "station.room_pain_score" in station_links  # the Questionnaire names it
    later = {i.linkId for i in next(i for i in none.item if i.linkId == "station").item}
    assert "station.room_pain_score" not in later  # not taken: not made up
