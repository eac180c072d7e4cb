"""Property tests over random valid check-ins of the default form.

The expected flags are worked out here from the TOML itself, with a small evaluator written for
the few condition shapes the form uses, so the kiosk's own condition code is checked against a
second, independent reading of the same rules.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.alphabets import text_length
from kiosk.core.answers import from_json, to_json
from kiosk.core.form import load_form
from kiosk.core.session import Session
from kiosk.core.summary import build_summary

FORM_PATH = Path(__file__).resolve().parent.parent / "forms" / "medial-branch-block.toml"
RAW = tomllib.loads(FORM_PATH.read_text(encoding="utf-8"))
FORM = load_form(FORM_PATH)  # the form's own parameters, as in RAW
QUESTIONS = [p for p in RAW["pages"] if p["kind"] == "question"]
PARAMS = RAW["parameters"]


# --- a tiny, separate reading of the TOML conditions -----------------------------------------


def years(born: date, today: date) -> int:
    had_birthday = (today.month, today.day) >= (born.month, born.day)
    return today.year - born.year - (0 if had_birthday else 1)


def holds(condition: dict, answers: dict[str, Any], today: date) -> bool:
    if "all" in condition:
        return all(holds(c, answers, today) for c in condition["all"])
    if "any" in condition:
        return any(holds(c, answers, today) for c in condition["any"])
    name, op, want = condition["question"], condition["operator"], condition["answer"]
    if isinstance(want, dict):
        want = PARAMS[want["param"]]
    if name == "age":
        born = answers.get(RAW["age_from"])
        value = None if born is None else years(date.fromisoformat(born), today)
    else:
        value = answers.get(name)
    if op == "exists":
        return (value is not None) is want
    if value is None:
        return False
    chosen = set(value) if isinstance(value, list) else {value}
    if op == "=":
        return want in chosen
    if op == "in":
        return bool(chosen & set(want))
    if op == "<=":
        return value <= want
    if op == ">=":
        return value >= want
    raise NotImplementedError(f"the default form now uses {op!r}: teach this evaluator")


def shown(question: dict, answers: dict, today: date) -> bool:
    return "show_if" not in question or holds(question["show_if"], answers, today)


def stop_class() -> set[str]:
    """Questions a STOP rule looks at, those deciding whether they are asked, and the date of
    birth when `age` is one: an unknown answer to any of them is a STOP."""

    def names(condition: dict) -> set[str]:
        if "all" in condition or "any" in condition:
            return set().union(*(names(c) for c in condition.get("all", condition.get("any"))))
        return {condition["question"]}

    found = set().union(*(names(f["when"]) for f in RAW["flags"] if f["severity"] == "stop"))
    for q in QUESTIONS:
        if q["id"] in found and "show_if" in q:
            found |= names(q["show_if"])
    if "age" in found:
        found.add(RAW["age_from"])
    return found - {"age"}


def expected_flags(answers: dict, today: date) -> set[str]:
    fired = {f["id"] for f in RAW["flags"] if holds(f["when"], answers, today)}
    missing = {
        q["id"]
        for q in QUESTIONS
        if q.get("required", True) and q["id"] not in answers and shown(q, answers, today)
    }
    stop = stop_class()
    if missing & stop:
        fired.add("not_answered_stop")
    if missing - stop:
        fired.add("not_answered")
    return fired


# --- random valid answers, in JSON form ------------------------------------------------------

NAME_CHARS = st.characters(categories=("Lu", "Ll", "Lo", "Mn"), exclude_characters="\u0345")
FREE_CHARS = st.characters(exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn"))


def text_for(question: dict):
    chars = NAME_CHARS if question.get("charset") == "name" else FREE_CHARS
    joiner = (
        st.sampled_from([" ", "-", "'", ". "])
        if question.get("charset") == "name"
        else st.just(" ")
    )
    words = st.lists(st.text(chars, min_size=1, max_size=8), min_size=1, max_size=4)
    texts = st.tuples(words, joiner).map(lambda w: w[1].join(w[0]).strip())
    charset = question.get("charset", "free")
    room = question.get("max_length", 60)
    return texts.filter(lambda t: t and t == t.strip() and text_length(t, charset) <= room)


def value_for(question: dict, today: date):
    kind = question["type"]
    if kind == "single":
        return st.sampled_from([o["id"] for o in question["options"]])
    if kind == "multiple":
        order = [o["id"] for o in question["options"]]
        plain = [o["id"] for o in question["options"] if not o.get("exclusive")]
        alone = [[o["id"]] for o in question["options"] if o.get("exclusive")]
        several = st.lists(st.sampled_from(plain), min_size=1, unique=True).map(
            lambda chosen: sorted(chosen, key=order.index)
        )
        return st.one_of(st.sampled_from(alone), several)
    if kind == "scale":
        return st.integers(question.get("min", 0), question.get("max", 10))
    if kind == "date":
        low, high = (PARAMS[question[k]["param"]] for k in ("min_age", "max_age"))
        start = date(today.year - high - 1, today.month, 1) + timedelta(days=40)
        end = date(today.year - low, 1, 1)
        dates = st.dates(start, end).filter(lambda d: low <= years(d, today) <= high)
        return dates.map(date.isoformat)
    return text_for(question)


@st.composite
def check_ins(draw) -> tuple[date, dict[str, Any]]:
    today = draw(st.dates(date(2001, 1, 1), date(2099, 12, 31)))
    answers: dict[str, Any] = {}
    for question in QUESTIONS:
        if not shown(question, answers, today):
            continue
        if draw(st.booleans()) or draw(st.booleans()):  # answered three times in four
            answers[question["id"]] = draw(value_for(question, today))
    return today, answers


def summarise(today: date, raw: dict):
    answers = from_json(FORM, raw, today)
    return answers, build_summary(FORM, answers, datetime.combine(today, time(10, 0)))


# --- the properties --------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(check_ins())
def test_flags_are_exactly_those_the_toml_rules_raise(case):
    today, raw = case
    _, summary = summarise(today, raw)
    ids = [f.id for f in summary.flags]
    assert len(ids) == len(set(ids))
    assert set(ids) == expected_flags(raw, today)
    rank = {"stop": 0, "check": 1, "note": 2}
    assert [rank[f.severity] for f in summary.flags] == sorted(
        rank[f.severity] for f in summary.flags
    )


@settings(max_examples=300, deadline=None)
@given(check_ins())
def test_answers_round_trip_through_json(case):
    today, raw = case
    answers = from_json(FORM, raw, today)
    assert to_json(answers) == raw
    assert from_json(FORM, json.loads(json.dumps(to_json(answers))), today) == answers


@settings(max_examples=300, deadline=None)
@given(check_ins())
def test_no_answer_is_ever_dropped_from_the_summary(case):
    today, raw = case
    _, summary = summarise(today, raw)
    assert [a.question_id for a in summary.answers] == [q["id"] for q in QUESTIONS]
    text = summary.to_text()
    for question, line in zip(QUESTIONS, summary.answers, strict=True):
        if question["id"] in raw:
            assert (line.status, line.value) == ("answered", raw[question["id"]])
        elif shown(question, raw, today):
            assert (line.status, line.display) == ("not_answered", "Not answered")
        else:
            assert line.status == "not_asked" and line.display.startswith("Not asked (")
        assert f"  {line.label}: {line.display}\n" in text
    expected = expected_flags(raw, today)
    assert summary.complete is not ({"not_answered", "not_answered_stop"} & expected)


@settings(max_examples=100, deadline=None)
@given(check_ins())
def test_the_session_accepts_every_valid_check_in(case):
    today, raw = case
    answers, _ = summarise(today, raw)
    session = Session(FORM, today)
    for question_id, value in answers.items():  # form order, as a patient answers
        session.set_answer(question_id, value)
    assert dict(session.answers) == answers
