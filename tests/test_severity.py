"""Flags graded by harm: the legend, unknown answers graded like their worst answer, one Yes/No
order, and the pregnancy answer kept off the paper.

The expected grades are written here from what each answer means for the patient, not read
from the form, so a rule weakened in the TOML fails a test.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from core_fixtures import CALM, FORM

from kiosk.core.escpos import PAPER_DOTS
from kiosk.core.form import MultipleChoice, SingleChoice
from kiosk.core.preview import render
from kiosk.core.receipt_layout import PRIVATE_ANSWER, render_receipt
from kiosk.core.severity import DEFINITIONS, SEVERITY_WORDS, legend_lines
from kiosk.core.summary import NOT_ANSWERED_STOP_FLAG, build_summary, stop_questions
from kiosk.settings.load import load_site

NOW = datetime(2026, 3, 4, 9, 30)
SITE = load_site()
ON_THINNER = {
    **CALM,
    "blood_thinners": ("apixaban",),
    "antiplatelets": ("none",),
    "blood_thinner_stopped": "yes",
    "blood_thinner_last_dose": "days_4_7",
}

UNKNOWN_IS_STOP = [
    # (question, the unknown answer, base answers it is asked after)
    ("blood_thinners", ("not_sure",), CALM),
    ("antiplatelets", ("not_sure",), CALM),
    ("blood_thinner_stopped", "not_sure", ON_THINNER),
    ("allergies", ("not_sure",), CALM),
    ("unwell", "not_sure", CALM),
    ("pregnancy", "not_sure", CALM),
    ("pregnancy", "prefer_to_discuss", CALM),
]
"""Questions where a known answer is a STOP: "not sure" must be a STOP too."""


def flags(answers):
    return build_summary(FORM, answers, NOW).flags


def paper(answers) -> str:
    summary = build_summary(FORM, answers, NOW)
    out = render(render_receipt(summary, SITE.form, SITE.config, "1234"), PAPER_DOTS[80])
    return "\n".join(line.text for line in out.lines)


# --- the legend --------------------------------------------------------------------------------


def test_every_severity_has_one_sentence_and_one_word():
    assert set(DEFINITIONS) == set(SEVERITY_WORDS) == {"stop", "check", "note"}
    for sentence in DEFINITIONS.values():
        assert sentence.endswith(".") and sentence.count(".") == 1
    assert [line.split(" = ")[0] for line in legend_lines()] == ["STOP", "CHECK", "NOTE"]


def test_receipt_prints_the_legend_for_the_grades_it_shows():
    text = paper({**CALM, "unwell": "yes", "transport_home": "driving_myself"})
    squeezed = "".join(text.split())
    for severity in ("stop", "check"):
        assert "".join(f"{SEVERITY_WORDS[severity]} = {DEFINITIONS[severity]}".split()) in squeezed
    assert "NOTE =" not in text  # no NOTE flag on this receipt


def test_calm_receipt_has_no_legend():
    assert "STOP =" not in paper(CALM) and "CHECK =" not in paper(CALM)


# --- unknown is graded like its worst answer ---------------------------------------------------


@pytest.mark.parametrize(("question", "value", "base"), UNKNOWN_IS_STOP)
def test_not_sure_to_a_stop_question_is_a_stop(question, value, base):
    if question == "pregnancy":
        base = {**base, "dob": date(1990, 5, 1)}
    raised = flags({**base, question: value})
    assert any(f.severity == "stop" for f in raised), [f.id for f in raised]


@pytest.mark.parametrize(
    "question",
    [
        "blood_thinners",
        "antiplatelets",
        "allergies",
        "unwell",
        "pregnancy",
        "blood_thinner_stopped",
    ],
)
def test_unanswered_stop_question_is_a_stop(question):
    base = ON_THINNER if question == "blood_thinner_stopped" else CALM
    answers = {k: v for k, v in base.items() if k != question}
    if question == "pregnancy":
        answers["dob"] = date(1990, 5, 1)  # asked at 35
    raised = flags(answers)
    stop = [f for f in raised if f.id == NOT_ANSWERED_STOP_FLAG]
    assert [f.severity for f in stop] == ["stop"]
    assert FORM.question(question).label in stop[0].action


def test_unanswered_date_of_birth_is_a_stop_because_pregnancy_depends_on_it():
    answers = {k: v for k, v in CALM.items() if k not in ("dob", "pregnancy")}
    summary = build_summary(FORM, answers, NOW)
    assert summary.answer("pregnancy").display == "Not asked (no date of birth given)"
    stop = [f for f in summary.flags if f.id == NOT_ANSWERED_STOP_FLAG]
    assert stop and "Date of birth" in stop[0].action


def test_unanswered_check_question_stays_a_check():
    answers = {k: v for k, v in CALM.items() if k != "transport_home"}
    raised = flags(answers)
    assert [(f.id, f.severity) for f in raised] == [("not_answered", "check")]


def test_every_not_sure_option_of_a_stop_question_raises_a_stop():
    """Over the whole form, not only the questions listed above: a new STOP question whose
    'not sure' raises only a CHECK fails here."""
    checked = 0
    for q in FORM.questions:
        if q.id not in stop_questions(FORM) or not isinstance(q, SingleChoice | MultipleChoice):
            continue
        base = ON_THINNER if q.id in ("blood_thinner_stopped", "blood_thinner_last_dose") else CALM
        for option in q.options:
            if option.id not in ("not_sure", "prefer_to_discuss"):
                continue
            value = (option.id,) if isinstance(q, MultipleChoice) else option.id
            answers = {**base, q.id: value}
            if q.id == "pregnancy":
                answers["dob"] = date(1990, 5, 1)
            extra = [f for f in flags(answers) if f.id not in {x.id for x in flags(base)}]
            assert any(f.severity == "stop" for f in extra), (q.id, option.id)
            checked += 1
    assert checked >= 5


def test_stop_questions_are_the_ones_whose_answers_can_stop_the_procedure():
    assert stop_questions(FORM) == {
        "blood_thinners", "antiplatelets", "blood_thinner_stopped", "allergies", "unwell",
        "pregnancy", "dob",
    }  # fmt: skip


# --- the answers patients can give truly -------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "drug"),
    [
        ("blood_thinners", "apixaban"),
        ("blood_thinners", "edoxaban"),
        ("blood_thinners", "heparin"),
        ("antiplatelets", "aspirin"),
        ("antiplatelets", "ticagrelor"),
        ("antiplatelets", "prasugrel"),
    ],
)
def test_common_blood_thinners_can_be_chosen_and_raise_the_stop(question, drug):
    on_it = {**ON_THINNER, "blood_thinners": ("none",), question: (drug,)}
    raised = flags(on_it)
    assert [(f.id, f.severity) for f in raised] == [("blood_thinner", "stop")]
    # and the paper names the drug under a staff label that is not "Blood thinners: None"
    text = paper(on_it)
    assert FORM.question(question).options[0].id  # the page exists
    assert "Blood thinners: None" not in text


def test_none_on_the_first_page_cannot_hide_a_drug_on_the_second():
    """The first page's none says "none of these" and its help says more follow; the staff
    labels name the drug class, so no line reads as "no blood thinner" for an aspirin taker."""
    first = FORM.question("blood_thinners")
    assert "next page" in first.help
    none = next(o for o in first.options if o.id == "none")
    assert none.text == "I take none of these" and none.exclusive
    assert (first.label, FORM.question("antiplatelets").label) == (
        "Anticoagulants", "Antiplatelets",
    )  # fmt: skip
    second = [o.id for o in FORM.question("antiplatelets").options]
    assert "other" in second and "not_sure" in second


def test_every_choice_page_fits_eight_answers():
    """More than eight answers do not fit 80x24 without scrolling (tests/test_app_layout.py)."""
    for q in FORM.questions:
        assert len(getattr(q, "options", [])) <= 8, q.id


@pytest.mark.parametrize(
    ("answer", "flag", "severity"),
    [
        (("local_anaesthetic",), "allergy_procedure", "stop"),
        (("skin_cleaner",), "allergy_procedure", "stop"),
        (("xray_dye",), "allergy_procedure", "stop"),
        (("latex",), "allergy_procedure", "stop"),
        (("plasters",), "allergy_plasters", "check"),
        (("other",), "allergy_other", "check"),
    ],
)
def test_each_allergy_raises_a_flag_with_what_to_do(answer, flag, severity):
    [raised] = flags({**CALM, "allergies": answer})
    assert (raised.id, raised.severity) == (flag, severity)
    assert raised.action


def test_blood_thinner_follow_ups_are_asked_only_of_those_who_take_one():
    summary = build_summary(FORM, CALM, NOW)
    for qid in ("blood_thinner_stopped", "blood_thinner_last_dose"):
        assert summary.answer(qid).status == "not_asked"
    with_drug = build_summary(FORM, {**CALM, "antiplatelets": ("aspirin",)}, NOW)
    assert with_drug.answer("blood_thinner_stopped").status == "not_answered"


def test_the_pain_question_asks_about_the_pain_now():
    prompt = FORM.question("pain_score").prompt
    assert "right now" in prompt and "usual" not in prompt


# --- one Yes/No order --------------------------------------------------------------------------


def test_yes_and_no_sit_in_the_same_places_on_every_question():
    """With a tap that moves on, the same spot on the screen must mean the same answer."""
    found = 0
    for q in FORM.questions:
        if not isinstance(q, SingleChoice):
            continue
        ids = [o.id for o in q.options]
        if "yes" in ids and "no" in ids:
            assert ids[:2] == ["yes", "no"], q.id
            found += 1
        elif "yes" in ids:
            assert ids[0] == "yes", q.id
    assert found >= 4  # pain relief, blood-thinner stop, unwell, pregnancy


# --- pregnancy: private on paper, and a No is not the legal check ------------------------------

PREGNANT_AGE = date(1990, 5, 1)


@pytest.mark.parametrize("answer", ["yes", "not_sure", "prefer_to_discuss", "no"])
def test_the_pregnancy_answer_is_never_printed_on_paper(answer):
    text = paper({**CALM, "dob": PREGNANT_AGE, "pregnancy": answer})
    assert f"Could be pregnant: {PRIVATE_ANSWER}" in text.replace("\n", " ")
    for word in ("Possible pregnancy", "Wants to discuss", "pregnant: Yes", "pregnant: No"):
        assert word not in text.replace("\n", " ")


def test_a_possible_pregnancy_prints_a_discreet_stop_and_the_qr_keeps_it():
    answers = {**CALM, "dob": PREGNANT_AGE, "pregnancy": "yes"}
    summary = build_summary(FORM, answers, NOW)
    [flag] = summary.flags
    assert (flag.id, flag.severity, flag.title) == (
        "pregnancy_possible",
        "stop",
        "Possible pregnancy",
    )
    text = paper(answers).replace("\n", " ")
    assert "STOP: Private check needed" in text
    assert summary.answer("pregnancy").value == "yes"  # the QR and station carry the answer


STILL_ASKS = "The radiographer still asks and records the pregnancy check in the room."
A_NO_IS_NOT = "A No is not the pregnancy check: the radiographer still asks and records it."
AGED_64 = date(1962, 1, 10)
PREGNANCY_LINES = {
    # answer: (date of birth, what staff read, the note after it at the station and in the
    # summary, what the paper prints for the line)
    "yes": (PREGNANT_AGE, "Yes", STILL_ASKS, f"{PRIVATE_ANSWER} {STILL_ASKS}"),
    "no": (PREGNANT_AGE, "No", A_NO_IS_NOT, f"{PRIVATE_ANSWER} {STILL_ASKS}"),
    "not_sure": (PREGNANT_AGE, "Not sure", STILL_ASKS, f"{PRIVATE_ANSWER} {STILL_ASKS}"),
    "prefer_to_discuss": (
        PREGNANT_AGE, "Wants to discuss", STILL_ASKS, f"{PRIVATE_ANSWER} {STILL_ASKS}",
    ),
    "not answered": (PREGNANT_AGE, "Not answered", STILL_ASKS, f"Not answered {STILL_ASKS}"),
    "not asked": (
        AGED_64, "Not asked (age 64 from the date of birth given)", "",
        "Not asked (age 64 from the date of birth given)",
    ),
}  # fmt: skip
"""Each way the pregnancy line can read. A No never reads as the pregnancy check; the paper
never says which answer was given (its note is the same for every answer)."""


@pytest.mark.parametrize("answer", list(PREGNANCY_LINES))
def test_receipt_and_summary_say_the_radiographer_still_asks(answer):
    born, display, note, on_paper = PREGNANCY_LINES[answer]
    answers = {k: v for k, v in CALM.items() if k != "pregnancy"} | {"dob": born}
    if answer not in ("not answered", "not asked"):
        answers["pregnancy"] = answer
    summary = build_summary(FORM, answers, NOW)
    line = summary.answer("pregnancy")
    assert (line.display, line.staff_note) == (display, note)
    text = summary.to_text()
    assert f"  Could be pregnant: {display}" in text.splitlines()
    assert (f"    ({note})" in text.splitlines()) is bool(note)
    printed = " ".join(paper(answers).split())
    assert f"Could be pregnant: {on_paper}" in printed
    assert "A No is not" not in printed  # would tell anyone holding the receipt the answer
    if answer == "not asked":  # no note about an answer nobody gave
        assert "still asks" not in printed and "still asks" not in text


def test_the_paper_prints_the_same_pregnancy_line_whatever_the_answer():
    """Private: between the flags and the QR, the receipts of Yes, No, Not sure and Wants to
    discuss are the same words (only the flag, worded "Private check needed", differs)."""

    def answer_part(answer):
        printed = paper({**CALM, "dob": PREGNANT_AGE, "pregnancy": answer})
        start = printed.index("Could be pregnant")
        return " ".join(printed[start : printed.index("Pain score before")].split())

    [seen] = {answer_part(a) for a in ("yes", "no", "not_sure", "prefer_to_discuss")}
    assert seen.startswith(f"Could be pregnant: {PRIVATE_ANSWER} {STILL_ASKS} ")


def test_outside_the_age_range_the_age_is_given_so_a_wrong_year_shows():
    answers = {k: v for k, v in CALM.items() if k != "pregnancy"} | {"dob": date(1962, 1, 10)}
    summary = build_summary(FORM, answers, NOW)
    assert summary.answer("pregnancy").display == "Not asked (age 64 from the date of birth given)"
    assert "age 64 from the date of birth given" in " ".join(paper(answers).split())


def test_everyone_is_told_how_to_raise_a_pregnancy():
    """Patients outside the age range never see the question: the leaflet page says it."""
    risks = FORM.pages[FORM.page_index("risks")]
    assert any("If you could be pregnant, tell the staff." in b for b in risks.bullets)


def test_the_pregnancy_help_promises_only_what_the_paper_keeps():
    help_text = FORM.question("pregnancy").help
    assert "not printed on your receipt" in help_text
    assert FORM.question("pregnancy").private
