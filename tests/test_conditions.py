"""`show_if` conditions of the default form, and every operator and combination the schema has.

The pregnancy question's age range is read from the site config (`kiosk.toml`), so these tests
follow the site if it changes the range.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from kiosk.core.form import load_form
from kiosk.core.form.conditions import age_on, describe, evaluate
from kiosk.core.form.model import Condition
from kiosk.settings.config import load_config

ROOT = Path(__file__).resolve().parent.parent
CONFIG = load_config(ROOT / "kiosk.toml", environ={})
FORM = load_form(CONFIG.form.path, CONFIG.form.parameters)
LOW = CONFIG.form.parameters["pregnancy_age_min"]
HIGH = CONFIG.form.parameters["pregnancy_age_max"]
TODAY = date(2026, 6, 15)


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 Feb when that year has no 29 Feb)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def pregnancy_shown(born: date | None, today: date = TODAY, form=FORM) -> bool:
    answers = {} if born is None else {"dob": born}
    return evaluate(form.question("pregnancy").show_if, answers, form, today)


def test_the_form_uses_the_configured_range():
    assert FORM.parameters["pregnancy_age_min"] == LOW
    assert FORM.parameters["pregnancy_age_max"] == HIGH
    assert 0 < LOW < HIGH


@pytest.mark.parametrize(
    ("age", "shown"), [(LOW - 1, False), (LOW, True), (HIGH, True), (HIGH + 1, False)]
)
def test_pregnancy_is_asked_inside_the_age_range_only(age, shown):
    born = years_before(TODAY, age + 1) + timedelta(days=1)  # `age` today, birthday tomorrow
    assert age_on(born, TODAY) == age
    assert pregnancy_shown(born) is shown


def test_turning_the_lowest_age_today_counts():
    born = years_before(TODAY, LOW)
    assert age_on(born, TODAY) == LOW
    assert pregnancy_shown(born)
    assert not pregnancy_shown(born, TODAY - timedelta(days=1))


def test_turning_one_over_the_highest_age_today_hides_it():
    born = years_before(TODAY, HIGH + 1)
    assert not pregnancy_shown(born)
    assert pregnancy_shown(born, TODAY - timedelta(days=1))


def leap_birthday_reaching(age: int) -> date:
    """A 29 Feb birthday whose `age`th birthday falls in a year with no 29 Feb."""
    year = next(
        y for y in range(1904, 2400, 4) if calendar.isleap(y) and not calendar.isleap(y + age)
    )
    return date(year, 2, 29)


def test_29_february_birthday_counts_from_1_march_in_other_years():
    born = date(2008, 2, 29)
    assert age_on(born, date(2025, 2, 28)) == 16
    assert age_on(born, date(2025, 3, 1)) == 17
    assert age_on(born, date(2024, 2, 29)) == 16


@pytest.mark.parametrize(
    ("age", "shown_before", "shown_after"), [(LOW, False, True), (HIGH + 1, True, False)]
)
def test_29_february_birthday_at_the_edges_of_the_range(age, shown_before, shown_after):
    born = leap_birthday_reaching(age)
    year = born.year + age
    assert not calendar.isleap(year)
    assert pregnancy_shown(born, date(year, 2, 28)) is shown_before
    assert pregnancy_shown(born, date(year, 3, 1)) is shown_after


def test_no_date_of_birth_means_no_age_so_not_asked():
    assert not pregnancy_shown(None)


def test_a_site_can_narrow_the_range():
    form = load_form(CONFIG.form.path, {**CONFIG.form.parameters, "pregnancy_age_max": 50})
    assert pregnancy_shown(years_before(TODAY, 50), form=form)
    assert not pregnancy_shown(years_before(TODAY, 51), form=form)
    assert pregnancy_shown(years_before(TODAY, 51))  # the shipped range is wider


@pytest.mark.parametrize(
    ("chosen", "shown"),
    [
        (("other",), True),
        (("aspirin", "other"), True),
        (("aspirin",), False),
        (("clopidogrel", "aspirin", "ticagrelor", "prasugrel", "dipyridamole"), False),
        (("none",), False),
        (("not_sure",), False),
        (None, False),
    ],
)
def test_other_blood_thinner_is_asked_only_when_other_is_chosen(chosen, shown):
    answers = {} if chosen is None else {"antiplatelets": chosen}
    condition = FORM.question("blood_thinners_other").show_if
    assert evaluate(condition, answers, FORM, TODAY) is shown


def test_conditions_are_described_for_staff():
    assert describe(FORM.question("blood_thinners_other").show_if, FORM) == (
        "Antiplatelets includes Other"
    )
    assert describe(FORM.question("pregnancy").show_if, FORM) == (
        f"age is at least {LOW} and age is at most {HIGH}"
    )


# --- every operator, on every kind of answer it applies to ------------------------------------

condition = TypeAdapter(Condition).validate_python


def clause(question, operator, answer):
    return {"question": question, "operator": operator, "answer": answer}


ADULT = years_before(TODAY, 40)
AT_HIGH = years_before(TODAY, HIGH)
OVER_HIGH = years_before(TODAY, HIGH + 1)

CASES = [
    # single choice
    (clause("pain_relief_6h", "=", "yes"), {"pain_relief_6h": "yes"}, True),
    (clause("pain_relief_6h", "=", "yes"), {"pain_relief_6h": "no"}, False),
    (clause("pain_relief_6h", "=", "yes"), {}, False),
    (clause("pain_relief_6h", "!=", "yes"), {"pain_relief_6h": "no"}, True),
    (clause("pain_relief_6h", "!=", "yes"), {"pain_relief_6h": "yes"}, False),
    (clause("pain_relief_6h", "!=", "yes"), {}, False),  # no answer: never true
    (clause("pain_relief_6h", "in", ["yes", "not_sure"]), {"pain_relief_6h": "not_sure"}, True),
    (clause("pain_relief_6h", "in", ["yes", "not_sure"]), {"pain_relief_6h": "no"}, False),
    # multiple choice: "=" and "in" mean "includes", "!=" means "does not include"
    (clause("blood_thinners", "=", "other"), {"blood_thinners": ("warfarin", "other")}, True),
    (clause("blood_thinners", "=", "other"), {"blood_thinners": ("warfarin",)}, False),
    (clause("blood_thinners", "in", ["warfarin", "other"]), {"blood_thinners": ("other",)}, True),
    (clause("blood_thinners", "in", ["warfarin", "other"]), {"blood_thinners": ("none",)}, False),
    (clause("blood_thinners", "!=", "none"), {"blood_thinners": ("warfarin",)}, True),
    (clause("blood_thinners", "!=", "none"), {"blood_thinners": ("none",)}, False),
    (clause("blood_thinners", ">", 1), {"blood_thinners": ("warfarin", "other")}, False),
    # scale
    (clause("pain_score", ">", 5), {"pain_score": 6}, True),
    (clause("pain_score", ">", 5), {"pain_score": 5}, False),
    (clause("pain_score", "<", 5), {"pain_score": 4}, True),
    (clause("pain_score", "<", 5), {"pain_score": 5}, False),
    (clause("pain_score", ">=", 5), {"pain_score": 5}, True),
    (clause("pain_score", ">=", 5), {"pain_score": 4}, False),
    (clause("pain_score", "<=", 2), {"pain_score": 2}, True),
    (clause("pain_score", "<=", 2), {"pain_score": 3}, False),
    (clause("pain_score", "<=", 2), {"pain_score": 0}, True),
    (clause("pain_score", "<=", 2), {}, False),
    (clause("pain_score", "=", 7), {"pain_score": 7}, True),
    (clause("pain_score", "!=", 7), {"pain_score": 7}, False),
    # text
    (clause("questions", "=", "none"), {"questions": "none"}, True),
    (clause("questions", "=", "none"), {"questions": "None at all"}, False),
    # exists, for any kind of question and for the derived age
    (clause("questions", "exists", True), {"questions": "Will it hurt?"}, True),
    (clause("questions", "exists", True), {}, False),
    (clause("questions", "exists", False), {}, True),
    (clause("questions", "exists", False), {"questions": "Will it hurt?"}, False),
    (clause("age", "exists", True), {"dob": ADULT}, True),
    (clause("age", "exists", False), {}, True),
    # age, against a number or a parameter
    (clause("age", "=", 40), {"dob": ADULT}, True),
    (clause("age", ">", 40), {"dob": ADULT}, False),
    (clause("age", "<=", {"param": "pregnancy_age_max"}), {"dob": AT_HIGH}, True),
    (clause("age", "<=", {"param": "pregnancy_age_max"}), {"dob": OVER_HIGH}, False),
    # all / any, nested
    ({"all": [clause("pain_score", ">", 2), clause("pain_relief_6h", "=", "yes")]},
     {"pain_score": 5, "pain_relief_6h": "yes"}, True),
    ({"all": [clause("pain_score", ">", 2), clause("pain_relief_6h", "=", "yes")]},
     {"pain_score": 5, "pain_relief_6h": "no"}, False),
    ({"any": [clause("pain_score", ">", 2), clause("pain_relief_6h", "=", "yes")]},
     {"pain_score": 1, "pain_relief_6h": "yes"}, True),
    ({"any": [clause("pain_score", ">", 2), clause("pain_relief_6h", "=", "yes")]},
     {"pain_score": 1, "pain_relief_6h": "no"}, False),
    ({"any": [clause("pain_score", ">", 2), clause("pain_relief_6h", "=", "yes")]}, {}, False),
    ({"any": [{"all": [clause("age", ">=", 50), clause("pain_score", ">=", 8)]},
              clause("blood_thinners", "=", "other")]},
     {"dob": ADULT, "pain_score": 9, "blood_thinners": ("none",)}, False),
    ({"any": [{"all": [clause("age", ">=", 40), clause("pain_score", ">=", 8)]},
              clause("blood_thinners", "=", "other")]},
     {"dob": ADULT, "pain_score": 9, "blood_thinners": ("none",)}, True),
    ({"all": [{"any": [clause("pain_score", "<", 1), clause("pain_score", ">", 9)]},
              clause("questions", "exists", False)]},
     {"pain_score": 10}, True),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "answers", "expected"), CASES)
def test_operator(raw, answers, expected):
    assert evaluate(condition(raw), answers, FORM, TODAY) is expected


def test_nested_conditions_load_and_decide_what_is_shown(tmp_path):
    from kiosk.core.session import Session

    tiny = (Path(__file__).parent / "forms" / "tiny.toml").read_text(encoding="utf-8")
    tiny = tiny.replace(
        'prompt = "Pick one"',
        'prompt = "Pick one"\nshow_if = { any = [{ all = [{ question = "age", operator = ">=", '
        'answer = 60 }, { question = "name", operator = "exists", answer = true }] }, '
        '{ question = "name", operator = "=", answer = "Ann" }] }',
    )
    path = tmp_path / "form.toml"
    path.write_text(tiny, encoding="utf-8")
    form = load_form(path)
    session = Session(form, TODAY)
    visible = lambda: [p.id for p in session.visible_pages()]  # noqa: E731
    assert visible() == ["name", "dob"]
    session.set_answer("dob", years_before(TODAY, 61))
    assert visible() == ["name", "dob"]
    session.set_answer("name", "Bea")
    assert visible() == ["name", "dob", "colour"]
    session.set_answer("dob", years_before(TODAY, 30))
    assert visible() == ["name", "dob"]
    session.set_answer("name", "Ann")
    assert visible() == ["name", "dob", "colour"]
