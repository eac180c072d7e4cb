"""A patient's way through the default form: moving, skipping hidden pages, progress, checks."""

from __future__ import annotations

from datetime import date

import pytest
from core_fixtures import CALM, CONFIG, FORM

from kiosk.core.form import load_form
from kiosk.core.session import Session
from kiosk.errors import AnswerError

TODAY = date(2026, 3, 4)
INFO = ["about", "preparation", "procedure", "risks"]
ALL_PAGES = [p.id for p in FORM.pages]

PATIENT = CALM
BLOOD_THINNER_PAGES = ("blood_thinners_other", "blood_thinner_stopped", "blood_thinner_last_dose")
"""Pages asked only of a patient who takes a blood thinner (the first only for "Other")."""


def walk(session: Session, answers: dict) -> list[tuple[str, tuple[int, int]]]:
    """Go through the form as a patient would: (page, progress) for every page seen."""
    seen = []
    while True:
        page = session.current
        seen.append((page.id, session.progress))
        if page.kind == "info":
            session.acknowledge(page.id)
        elif page.id in answers:
            session.set_answer(page.id, answers[page.id])
        if not session.next():
            return seen


def test_a_walk_sees_every_shown_page_once_with_steady_progress():
    session = Session(FORM, TODAY)
    seen = walk(session, PATIENT)
    expected = [p for p in ALL_PAGES if p not in BLOOD_THINNER_PAGES]
    assert [page for page, _ in seen] == expected
    # Until the date of birth is in, the age-dependent pregnancy page is not counted.
    assert [progress for _, progress in seen] == [(i, 15 if i <= 6 else 16) for i in range(1, 17)]
    assert session.is_last and session.is_complete
    assert dict(session.answers) == PATIENT


def test_an_older_patient_is_not_asked_about_pregnancy():
    session = Session(FORM, TODAY)
    patient = {k: v for k, v in PATIENT.items() if k != "pregnancy"} | {"dob": date(1950, 1, 1)}
    seen = [page for page, _ in walk(session, patient)]
    assert "pregnancy" not in seen and seen[-1] == "pain_score"
    assert session.progress == (15, 15) and session.is_complete


def test_other_blood_thinner_is_asked_when_other_is_chosen():
    session = Session(FORM, TODAY)
    patient = PATIENT | {
        "antiplatelets": ("other",),
        "blood_thinners_other": "Edoxaban",
        "blood_thinner_stopped": "no",
        "blood_thinner_last_dose": "today",
    }
    seen = [page for page, _ in walk(session, patient)]
    assert seen == ALL_PAGES
    assert session.answers["blood_thinners_other"] == "Edoxaban"


def test_progress_counts_pages_that_appear_later():
    session = Session(FORM, TODAY)
    session.go_to("dob")  # no age yet: pregnancy is not counted
    assert session.progress == (6, 15)
    session.set_answer("dob", date(1990, 1, 1))
    assert session.progress == (6, 16)
    session.set_answer("blood_thinners", ("warfarin",))
    assert session.progress == (6, 18)  # the two follow-ups
    session.set_answer("antiplatelets", ("other",))
    assert session.progress == (6, 19)  # and the other's name


def test_back_skips_hidden_pages_and_keeps_answers():
    session = Session(FORM, TODAY)
    walk(session, PATIENT | {"dob": date(1950, 1, 1), "pregnancy": None})
    session.go_to("transport_home")
    assert session.back() and session.current_id == "unwell"  # pregnancy hidden at 76
    session.go_to("allergies")
    assert session.back() and session.current_id == "antiplatelets"  # three hidden pages
    assert session.back() and session.current_id == "blood_thinners"
    assert session.answers["transport_home"] == "someone_driving"


def test_first_and_last_pages_stop_the_patient():
    session = Session(FORM, TODAY)
    assert session.is_first and not session.back()
    walk(session, PATIENT)
    assert session.is_last and not session.next()
    assert session.current_id == "pain_score"


def test_info_pages_must_be_acknowledged():
    session = Session(FORM, TODAY)
    assert session.page_problems() and not session.next()
    assert session.current_id == "about"
    session.acknowledge("about")
    assert session.next() and session.current_id == "preparation"


def test_required_questions_block_and_optional_ones_do_not():
    session = Session(FORM, TODAY)
    session.go_to("transport_home")
    assert not session.next() and session.current_id == "transport_home"
    assert session.page_problems() == ["Please answer this question to go on."]
    session.set_answer("transport_home", "taxi_or_public_transport")
    assert session.next() and session.current_id == "questions"
    assert not FORM.question("questions").required
    assert session.next() and session.current_id == "ready_for_consent"


def test_clearing_an_answer_blocks_again():
    session = Session(FORM, TODAY)
    session.go_to("name")
    session.set_answer("name", "  Ada  ")
    assert session.answers["name"] == "Ada"  # trimmed
    for empty in (None, ""):
        session.set_answer("name", "Ada")
        session.set_answer("name", empty)
        assert "name" not in session.answers
        assert not session.next()


def test_go_to_only_reaches_shown_pages():
    session = Session(FORM, TODAY)
    with pytest.raises(KeyError):
        session.go_to("pregnancy")  # no date of birth yet
    with pytest.raises(KeyError):
        session.go_to("no_such_page")
    session.set_answer("dob", date(1990, 1, 1))
    session.go_to("pregnancy")
    assert session.current_id == "pregnancy"


def test_an_answer_to_a_page_that_becomes_hidden_is_dropped_and_not_restored():
    session = Session(FORM, TODAY)
    session.set_answer("dob", date(1990, 1, 1))
    session.set_answer("pregnancy", "yes")
    session.set_answer("dob", date(1950, 1, 1))
    assert "pregnancy" not in session.answers
    session.set_answer("dob", date(1990, 1, 1))
    assert "pregnancy" not in session.answers  # asked again, not silently brought back
    assert "pregnancy" in [p.id for p in session.visible_pages()]


def test_changing_blood_thinners_drops_the_other_name():
    session = Session(FORM, TODAY)
    session.set_answer("antiplatelets", ("other",))
    session.set_answer("blood_thinners_other", "Edoxaban")
    session.set_answer("antiplatelets", ("aspirin",))
    assert "blood_thinners_other" not in session.answers
    assert session.answers["antiplatelets"] == ("aspirin",)


def test_a_changed_answer_asks_the_new_page_before_the_form_is_complete():
    session = Session(FORM, TODAY)
    walk(session, PATIENT | {"dob": date(1950, 1, 1), "pregnancy": None})
    assert session.is_complete
    session.go_to("dob")
    session.set_answer("dob", date(1990, 1, 1))
    assert not session.is_complete
    assert session.first_unfinished() == "pregnancy"


@pytest.mark.parametrize(
    "chosen",
    [("warfarin", "none"), ("none", "not_sure"), ("not_sure", "heparin"), ("warfarin", "warfarin")],
)
def test_exclusive_options_stand_alone(chosen):
    session = Session(FORM, TODAY)
    session.set_answer("blood_thinners", ("warfarin",))
    with pytest.raises(AnswerError):
        session.set_answer("blood_thinners", chosen)
    assert session.answers["blood_thinners"] == ("warfarin",)  # the old answer stays


def test_plain_options_combine_in_form_order():
    session = Session(FORM, TODAY)
    session.set_answer("blood_thinners", ("heparin", "dabigatran", "warfarin"))
    assert session.answers["blood_thinners"] == ("warfarin", "dabigatran", "heparin")
    session.set_answer("blood_thinners", ("none",))
    assert session.answers["blood_thinners"] == ("none",)


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("dob", date(2026, 3, 5)),  # tomorrow
        ("dob", date(2012, 1, 1)),  # 14: under the patient age range
        ("pain_relief_6h", "maybe"),
        ("pain_score", 11),
        ("pain_score", True),
        ("name", "R2-D2"),
        ("name", "x" * 51),
        ("questions", "line\nbreak"),
    ],
)
def test_invalid_answers_are_refused_and_not_stored(question, value):
    session = Session(FORM, TODAY)
    with pytest.raises(AnswerError) as caught:
        session.set_answer(question, value)
    assert caught.value.problems[0].field == question
    assert question not in session.answers


def test_the_patient_age_range_comes_from_the_config():
    low = CONFIG.form.parameters["patient_age_min"]
    session = Session(FORM, TODAY)
    session.set_answer("dob", TODAY.replace(year=TODAY.year - low))  # birthday today
    with pytest.raises(AnswerError):
        session.set_answer("dob", date(TODAY.year - low, TODAY.month, TODAY.day + 1))


def test_a_site_that_sees_younger_patients_asks_them_about_pregnancy():
    pregnancy_min = CONFIG.form.parameters["pregnancy_age_min"]
    form = load_form(CONFIG.form.path, {**CONFIG.form.parameters, "patient_age_min": 10})
    session = Session(form, TODAY)
    session.set_answer("dob", TODAY.replace(year=TODAY.year - pregnancy_min))
    assert "pregnancy" in [p.id for p in session.visible_pages()]
    session.set_answer("dob", TODAY.replace(year=TODAY.year - pregnancy_min + 1))
    assert "pregnancy" not in [p.id for p in session.visible_pages()]


def test_reset_forgets_everything():
    session = Session(FORM, TODAY)
    walk(session, PATIENT)
    session.reset()
    assert dict(session.answers) == {} and session.acknowledged == frozenset()
    assert session.current_id == "about" and session.progress == (1, 15)
    assert not session.is_complete and session.first_unfinished() == "about"


def test_answers_cannot_be_changed_behind_the_session():
    session = Session(FORM, TODAY)
    with pytest.raises(TypeError):
        session.answers["name"] = "Mallory"  # type: ignore[index]
