"""kiosk/core/navigation.py: after a change from the review page, Next never skips a visible page
the patient has not seen, and the review page comes back only when nothing is left to answer."""

from __future__ import annotations

from datetime import date

from core_fixtures import CALM, FORM
from hypothesis import assume, given
from hypothesis import strategies as st

from kiosk.core.navigation import REVIEW, next_from_review
from kiosk.core.session import Session
from kiosk.errors import AnswerError

PAGE_IDS = [page.id for page in FORM.pages]
PAGES = {page.id: page for page in FORM.pages}


def test_a_page_opened_by_the_change_comes_before_review():
    visible = ["name", "blood_thinners", "allergies"]
    seen = {"name", "blood_thinners", "allergies"}
    assert next_from_review(visible, seen, None) == REVIEW
    opened = ["name", "blood_thinners", "blood_thinners_other", "allergies"]
    assert next_from_review(opened, seen, None) == "blood_thinners_other"


def test_an_unseen_page_before_an_unfinished_one_comes_first():
    # Issue 11: the change opened blood_thinners_other (Question 6) before a required page
    # left empty (Question 7); Next went to 7 and showed 6 last, after 8.
    visible = ["antiplatelets", "blood_thinners_other", "blood_thinner_stopped", "allergies"]
    seen = {"antiplatelets", "allergies"}
    assert next_from_review(visible, seen, "blood_thinner_stopped") == "blood_thinners_other"


def test_an_unfinished_page_before_an_unseen_one_comes_first():
    assert next_from_review(["a", "b", "c"], {"a", "b"}, "b") == "b"


@st.composite
def visits(draw):
    visible = draw(st.lists(st.sampled_from(PAGE_IDS), unique=True))
    seen = draw(st.sets(st.sampled_from(PAGE_IDS)))
    unfinished = draw(st.none() | st.sampled_from(visible)) if visible else None
    return visible, seen, unfinished


@given(visits())
def test_never_skips_an_unseen_visible_page_and_reviews_only_when_all_is_done(case):
    visible, seen, unfinished = case
    target = next_from_review(visible, seen, unfinished)
    due = [page for page in visible if page not in seen or page == unfinished]
    if target == REVIEW:
        assert not due  # review only when nothing is unseen or unfinished
    else:
        assert target == due[0]  # the first page due, in the form's order: none skipped


@given(
    st.lists(st.sampled_from([o.id for o in PAGES["blood_thinners"].options]), unique=True),
    st.lists(st.sampled_from([o.id for o in PAGES["antiplatelets"].options]), unique=True),
)
def test_with_the_real_form_a_changed_medicine_answer_never_goes_straight_to_review(bt, ap):
    session = Session(FORM, date(2026, 12, 2))
    for page in FORM.pages:
        if page.kind == "info":
            session.acknowledge(page.id)  # as a patient who reached review did
    for question_id, value in CALM.items():
        session.set_answer(question_id, value)
    assert session.first_unfinished() is None
    seen = {page.id for page in session.visible_pages()}  # a calm patient reached review
    try:
        session.set_answer("blood_thinners", tuple(bt) or None)
        session.set_answer("antiplatelets", tuple(ap) or None)
    except AnswerError:
        assume(False)  # e.g. "none" beside a medicine: the screen refuses it too
    visible = [page.id for page in session.visible_pages()]
    target = next_from_review(visible, seen, session.first_unfinished())
    if target == REVIEW:
        assert set(visible) <= seen and session.first_unfinished() is None
    else:
        assert target in visible and (target not in seen or target == session.first_unfinished())
        earlier = visible[: visible.index(target)]
        assert set(earlier) <= seen and session.first_unfinished() not in earlier
