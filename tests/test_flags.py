"""Each flag of the default form, and how unknown answers reach staff.

The expected flags below are written from what each question means, not read from the form, so
a changed rule in the TOML shows up here. "Not sure", "I would like to talk about it" and no
answer at all must never reach staff as "No".
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime

import pytest
from core_fixtures import CALM, FORM

from kiosk.core.form import MultipleChoice, ScaleQuestion, SingleChoice
from kiosk.core.summary import NOT_ANSWERED_FLAG, SUMMARY_FLAGS, build_summary

NOW = datetime(2026, 3, 4, 9, 30)
STOP_CLASS = {
    "blood_thinners", "antiplatelets", "blood_thinner_stopped", "allergies", "unwell",
    "pregnancy", "dob",
}  # fmt: skip
"""Questions with an answer that is a STOP, written from what they mean (not read from code);
the date of birth because it decides whether the pregnancy question is asked."""


RAISES = {
    **{
        ("blood_thinners", drug): "blood_thinner"
        for drug in ("warfarin", "apixaban", "rivaroxaban", "edoxaban", "dabigatran", "heparin")
    },
    **{
        ("antiplatelets", drug): "blood_thinner"
        for drug in ("clopidogrel", "aspirin", "ticagrelor", "prasugrel", "dipyridamole", "other")
    },
    ("blood_thinners", "not_sure"): "blood_thinner_unsure",
    ("antiplatelets", "not_sure"): "blood_thinner_unsure",
    ("blood_thinner_stopped", "no"): "blood_thinner_not_stopped",
    ("blood_thinner_stopped", "not_sure"): "blood_thinner_stop_unsure",
    ("blood_thinner_last_dose", "not_sure"): "blood_thinner_last_dose_unsure",
    ("allergies", "local_anaesthetic"): "allergy_procedure",
    ("allergies", "skin_cleaner"): "allergy_procedure",
    ("allergies", "xray_dye"): "allergy_procedure",
    ("allergies", "latex"): "allergy_procedure",
    ("allergies", "plasters"): "allergy_plasters",
    ("allergies", "other"): "allergy_other",
    ("allergies", "not_sure"): "allergy_unsure",
    ("unwell", "yes"): "unwell_today",
    ("unwell", "not_sure"): "unwell_unsure",
    ("pregnancy", "yes"): "pregnancy_possible",
    ("pregnancy", "not_sure"): "pregnancy_possible",
    ("pregnancy", "prefer_to_discuss"): "pregnancy_possible",
    ("pain_relief_6h", "yes"): "pain_relief_recent",
    ("pain_relief_6h", "not_sure"): "pain_relief_recent",
    ("transport_home", "driving_myself"): "driving_home",
    ("transport_home", "not_sure"): "transport_unsure",
    ("ready_for_consent", "want_to_discuss"): "wants_discussion",
    ("pain_score", 0): "low_baseline_pain",
    ("pain_score", 1): "low_baseline_pain",
    ("pain_score", 2): "low_baseline_pain",
}
"""(question, answer) -> the one flag it must raise. Every other answer raises none."""

ON_THINNER = {
    **CALM,
    "blood_thinners": ("warfarin",),
    "antiplatelets": ("none",),
    "blood_thinner_stopped": "yes",
    "blood_thinner_last_dose": "days_4_7",
}
"""A patient on a blood thinner who answered its follow-ups with nothing to act on."""
FOLLOW_UPS = ("blood_thinner_stopped", "blood_thinner_last_dose")


def flag_ids(answers) -> list[str]:
    return [f.id for f in build_summary(FORM, answers, NOW).flags]


def single_answers():
    """Every answer a patient can give to a choice or scale question, one option at a time."""
    for q in FORM.questions:
        if isinstance(q, SingleChoice):
            yield from ((q.id, o.id, o.id) for o in q.options)
        elif isinstance(q, MultipleChoice):
            yield from ((q.id, o.id, (o.id,)) for o in q.options)
        elif isinstance(q, ScaleQuestion):
            yield from ((q.id, v, v) for v in range(q.min, q.max + 1))


def test_the_calm_patient_raises_nothing():
    summary = build_summary(FORM, CALM, NOW)
    assert summary.flags == []
    assert "No safety flags" in summary.to_text()


def test_every_flag_of_the_form_is_covered_here():
    assert {rule.id for rule in FORM.flags} == set(RAISES.values()) | {"has_questions"}


@pytest.mark.parametrize(("question", "option", "value"), list(single_answers()))
def test_each_answer_raises_exactly_its_flag(question, option, value):
    expected = RAISES.get((question, option))
    if question in FOLLOW_UPS or RAISES.get((question, option)) == "blood_thinner":
        # asked only of a patient on a blood thinner, who has that flag already
        got = flag_ids({**ON_THINNER, question: value})
        assert got[0] == "blood_thinner"
        assert got[1:] == ([expected] if expected and expected != "blood_thinner" else [])
    else:
        assert flag_ids({**CALM, question: value}) == ([expected] if expected else [])


def test_several_blood_thinners_raise_the_flag_once():
    answers = {
        **ON_THINNER,
        "blood_thinners": ("warfarin",),
        "antiplatelets": ("other",),
        "blood_thinners_other": "Edoxaban",
    }
    assert flag_ids(answers) == ["blood_thinner"]


def test_questions_for_the_doctor_raise_a_note_only_when_written():
    assert flag_ids({**CALM, "questions": "Will it hurt?"}) == ["has_questions"]
    assert flag_ids(CALM) == []  # optional and left empty: no flag, not even "not answered"


def test_no_pregnancy_flag_when_the_question_is_not_asked():
    older = {k: v for k, v in CALM.items() if k != "pregnancy"} | {"dob": date(1950, 1, 1)}
    summary = build_summary(FORM, older, NOW)
    assert summary.flags == []
    assert summary.answer("pregnancy").status == "not_asked"


def test_flags_are_ordered_stop_check_note_and_in_form_order_within_each():
    answers = {
        **CALM,
        "pain_relief_6h": "yes",
        "blood_thinners": ("none",),
        "antiplatelets": ("other",),
        "blood_thinner_stopped": "yes",
        "blood_thinner_last_dose": "today",
        "pregnancy": "yes",
        "transport_home": "driving_myself",
        "ready_for_consent": "want_to_discuss",
        "questions": "Can I eat after?",
        "pain_score": 1,
    }
    answers.pop("name")
    assert flag_ids(answers) == [
        "blood_thinner",
        "pregnancy_possible",
        "pain_relief_recent",
        "driving_home",
        NOT_ANSWERED_FLAG,
        "wants_discussion",
        "has_questions",
        "low_baseline_pain",
    ]


# --- unknown is never "no" ---------------------------------------------------------------------

SAYS_NO = re.compile(r"^(no|none)\b", re.IGNORECASE)

UNKNOWN = [
    ("pain_relief_6h", "not_sure", "Not sure"),
    ("blood_thinners", ("not_sure",), "Not sure"),
    ("antiplatelets", ("not_sure",), "Not sure"),
    ("allergies", ("not_sure",), "Not sure"),
    ("unwell", "not_sure", "Not sure"),
    ("pregnancy", "not_sure", "Not sure"),
    ("pregnancy", "prefer_to_discuss", "Wants to discuss"),
    ("transport_home", "not_sure", "Not sure"),
]


@pytest.mark.parametrize(("question", "value", "shown"), UNKNOWN)
def test_not_sure_is_shown_as_not_sure(question, value, shown):
    summary = build_summary(FORM, {**CALM, question: value}, NOW)
    line = summary.answer(question)
    assert line.display == shown and not SAYS_NO.match(line.display)
    assert f"  {line.label}: {shown}\n" in summary.to_text()
    record = next(
        a for a in json.loads(summary.to_json())["answers"] if a["question_id"] == question
    )
    assert record["status"] == "answered"
    assert record["value"] == (list(value) if isinstance(value, tuple) else value)
    assert record["display"] == shown


@pytest.mark.parametrize("question", [q.id for q in FORM.questions if q.id in CALM])
def test_unanswered_is_shown_as_not_answered(question):
    gone = {question, "pregnancy"} if question == "dob" else {question}  # no age: not asked
    summary = build_summary(FORM, {k: v for k, v in CALM.items() if k not in gone}, NOW)
    line = summary.answer(question)
    assert (line.status, line.display, line.value) == ("not_answered", "Not answered", None)
    assert f"  {line.label}: Not answered\n" in summary.to_text()
    record = next(
        a for a in json.loads(summary.to_json())["answers"] if a["question_id"] == question
    )
    assert (record["status"], record["value"]) == ("not_answered", None)
    if FORM.question(question).required:
        assert not summary.complete
        missing = next(f for f in summary.flags if line.label in f.action)
        assert missing.id in SUMMARY_FLAGS
        # not knowing the answer to a question with a STOP answer is itself a STOP
        assert missing.severity == ("stop" if question in STOP_CLASS else "check")
        assert "INCOMPLETE" in summary.to_text()


def test_only_a_real_no_reads_as_no():
    """Across every single answer, a line reads "No"/"None" only for the options that say so."""
    for question, option, value in single_answers():
        base = ON_THINNER if question in FOLLOW_UPS else CALM
        summary = build_summary(FORM, {**base, question: value}, NOW)
        display = summary.answer(question).display
        if SAYS_NO.match(display):
            assert option in ("no", "none") or isinstance(value, int), (question, option, display)


def test_an_empty_summary_says_not_given_not_no():
    summary = build_summary(FORM, {}, NOW)
    text = summary.to_text()
    assert "Patient: not given" in text and "Baseline pain score: not given" in text
    shown = {a.question_id: a.display for a in summary.answers}
    assert shown["pregnancy"] == "Not asked (no date of birth given)"  # no age to go on
    follow_ups = {"pregnancy", "blood_thinners_other", *FOLLOW_UPS}  # only for a blood thinner
    assert all(shown[q].startswith("Not asked") for q in follow_ups)
    assert all(d == "Not answered" for q, d in shown.items() if q not in follow_ups)


# --- flags come first -------------------------------------------------------------------------


def test_every_flag_is_printed_before_the_answers():
    answers = {
        **CALM,
        "pain_relief_6h": "not_sure",
        "blood_thinners": ("not_sure",),
        "antiplatelets": ("none",),
        "pregnancy": "prefer_to_discuss",
        "transport_home": "not_sure",
        "ready_for_consent": "want_to_discuss",
        "questions": "How long will it take?",
        "pain_score": 0,
    }
    summary = build_summary(FORM, answers, NOW)
    lines = summary.to_text().splitlines()
    answers_at = lines.index("ANSWERS")
    assert lines.index("SAFETY FLAGS") < answers_at
    assert len(summary.flags) == 7
    for flag in summary.flags:
        found = [i for i, line in enumerate(lines) if flag.text in line]
        assert found and max(found) < answers_at, flag.id
        assert lines[found[0]].split()[0] == flag.severity.upper()
