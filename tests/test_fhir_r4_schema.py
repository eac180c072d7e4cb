"""The FHIR export checked against the official FHIR R4 JSON schema, not only Python models.

fhir.resources 8 has R5, R4B and STU3 models but no R4 set, so the R4B models alone cannot
show the export is R4. The schema (see `fhir_r4.py` for where it comes from) is HL7's
`fhir.schema.json` for 4.0: every element name, primitive pattern and code list of R4.
"""

from __future__ import annotations

import copy

import pytest
from fhir_r4 import SCHEMA_ID, r4_errors, schema
from jsonschema import Draft6Validator
from station_patients import CALM, EVERYTHING
from test_fhir_semantics import OLDER, record

from kiosk.core.form import load_form
from kiosk.settings.config import DEFAULT_FORM
from kiosk.station.export import fhir_bundle, left_out_of_fhir, questionnaire

PREGNANT_AGE = {**EVERYTHING, "pregnancy": "yes"}


@pytest.fixture(scope="module")
def form():
    return load_form(DEFAULT_FORM)


def test_the_schema_is_hl7s_r4_json_schema():
    found = schema()
    assert found["id"] == SCHEMA_ID
    assert found["$schema"] == "http://json-schema.org/draft-06/schema#"
    Draft6Validator.check_schema(found)  # a schema the validator can use as written
    kinds = found["discriminator"]["mapping"]
    assert {"Questionnaire", "QuestionnaireResponse", "Bundle"} <= set(kinds)
    assert "EffectEvidenceSynthesis" in kinds  # R4 only: R4B removed it
    assert "SubscriptionTopic" not in kinds  # R4B and R5 only


CASES = {
    "normal": [("valid", CALM, True), ("valid", EVERYTHING, True)],
    "pregnant-age-yes": [("valid", PREGNANT_AGE, True)],
    "aged-64-not-asked": [("valid", OLDER, True)],
    "not-finished": [("valid", CALM, False)],
    "with-tampered": [("valid", CALM, True), ("tampered", EVERYTHING, True)],
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_exported_bundle_and_each_resource_are_valid_r4(tmp_path, form, name):
    cases = record(tmp_path, form, CASES[name])
    bundle = fhir_bundle(cases, [form])
    assert r4_errors(bundle) == []
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    verified = sum(status == "valid" for status, *_ in CASES[name])
    assert kinds == ["Questionnaire"] + ["QuestionnaireResponse"] * verified
    for entry in bundle["entry"]:
        assert r4_errors(entry["resource"]) == [], entry["resource"]["resourceType"]
    if name == "with-tampered":  # left out and counted, not exported as anyone's answers
        [(case, _)] = left_out_of_fhir(cases, [form])
        assert case.status == "tampered"
    if name == "aged-64-not-asked":
        response = bundle["entry"][1]["resource"]
        assert response["status"] == "completed"
        assert "pregnancy" not in {i["linkId"] for i in response["item"]}


def _response(tmp_path, form):
    return fhir_bundle(record(tmp_path, form, [("valid", EVERYTHING, True)]), [form])["entry"][1][
        "resource"
    ]


def _break(resource, where: str):
    """A copy of `resource` with one R4 rule broken, named by `where`."""
    bad = copy.deepcopy(resource)
    items = bad["item"]
    if where == "item type":
        items[1]["type"] = "checkbox"  # not an R4 item type
    elif where == "status":
        bad["status"] = "done"
    elif where == "enableBehavior":
        next(i for i in items if "enableWhen" in i)["enableBehavior"] = "some"
    elif where == "unknown element":
        items[1]["answers"] = items[1].pop("answer", [])  # a misspelt element name
    elif where == "date pattern":
        next(i for i in items if i["linkId"] == "dob")["answer"][0]["valueDate"] = "01/05/1990"
    elif where == "linkId type":
        items[1]["linkId"] = 7
    return bad


BROKEN = {
    "item type": ("Questionnaire", "item.1.type"),
    "enableBehavior": ("Questionnaire", "enableBehavior"),
    "status": ("QuestionnaireResponse", "status"),
    "unknown element": ("QuestionnaireResponse", "item.1"),
    "date pattern": ("QuestionnaireResponse", "valueDate"),
    "linkId type": ("QuestionnaireResponse", "item.1.linkId"),
}


@pytest.mark.parametrize("where", list(BROKEN))
def test_the_schema_check_rejects_a_broken_resource(tmp_path, form, where):
    """The check can fail: each resource broken in one place is refused, with the place."""
    kind, path = BROKEN[where]
    good = questionnaire(form) if kind == "Questionnaire" else _response(tmp_path, form)
    assert r4_errors(good) == []
    errors = r4_errors(_break(good, where))
    assert errors, where
    assert any(path in e for e in errors), errors
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": _break(good, where)}],
    }
    assert r4_errors(bundle) != []  # inside a Bundle too


def test_a_resource_r4_does_not_have_is_refused():
    assert r4_errors({"resourceType": "SubscriptionTopic", "status": "active"}) == [
        "resourceType: 'SubscriptionTopic' is not an R4 resource"
    ]
