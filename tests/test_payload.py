"""The QR payload: digits only, round-trips exactly, and tells a misread from a forgery."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kiosk.answers import check_answer
from kiosk.escpos import qr_version
from kiosk.form.conditions import evaluate
from kiosk.form.model import DateQuestion, MultipleChoice, ScaleQuestion, SingleChoice
from kiosk.payload import check_digits, decode, encode, form_code
from kiosk.site import load_site
from kiosk.summary import build_summary

KEY = bytes(range(32))
NOW = datetime(2026, 11, 25, 10, 42, tzinfo=UTC)
DAY = timedelta(hours=24)
FORM = load_site().form
TYPICAL = {
    "name": "Elizabeth Montgomery",
    "dob": date(1962, 3, 14),
    "pain_relief_6h": "no",
    "blood_thinners": ("none",),
    "transport_home": "someone_driving",
    "ready_for_consent": "yes",
    "pain_score": 7,
}


def payload_for(answers, key=KEY, now=NOW, form=FORM):
    return encode(build_summary(form, answers, now), form, key, "7", now)


def test_typical_patient_round_trips_and_is_valid():
    payload = payload_for(TYPICAL)
    decoded = decode(payload, [FORM], KEY, DAY, NOW + timedelta(hours=2))
    assert payload.isdigit()
    assert decoded.status == "valid", decoded.reason
    assert decoded.verified
    assert decoded.answers == TYPICAL
    assert decoded.summary == build_summary(FORM, TYPICAL, NOW)
    assert (decoded.form_id, decoded.form_version, decoded.kiosk_id) == (
        FORM.id,
        FORM.version,
        "7",
    )
    assert decoded.issued_at == NOW


def test_typical_patient_fits_version_4_at_q():
    assert qr_version(payload_for(TYPICAL), "Q") <= 4


def test_fullest_answers_fit_version_13_at_m():
    fullest = dict(
        TYPICAL,
        name="Abcdefghij" * 5,
        dob=date(1990, 1, 1),
        pregnancy="prefer_to_discuss",
        blood_thinners=("warfarin", "clopidogrel", "other"),
        blood_thinners_other="Q" * FORM.question("blood_thinners_other").max_length,
        questions="Will it hurt? " * 20,
    )
    fullest["questions"] = fullest["questions"][: FORM.question("questions").max_length]
    for qid in ("name", "questions"):
        assert len(fullest[qid]) == FORM.question(qid).max_length
    payload = payload_for(fullest)
    assert decode(payload, [FORM], KEY, DAY, NOW).answers == fullest
    assert qr_version(payload, "M") <= 13


def test_unanswered_questions_stay_unanswered():
    answers = {"name": "Ann"}
    decoded = decode(payload_for(answers), [FORM], KEY, DAY, NOW)
    assert decoded.answers == answers
    assert decoded.summary.answer("pain_relief_6h").status == "not_answered"
    assert "not_answered" in {f.id for f in decoded.summary.flags}


def test_expired_payload_is_still_decoded_but_not_valid():
    decoded = decode(payload_for(TYPICAL), [FORM], KEY, DAY, NOW + timedelta(hours=30))
    assert decoded.status == "expired"
    assert "30 h ago" in decoded.reason and "24 h" in decoded.reason
    assert decoded.answers == TYPICAL


def test_other_key_reads_as_tampered_and_still_shows_the_answers():
    decoded = decode(payload_for(TYPICAL), [FORM], b"another key" * 3, DAY, NOW)
    assert decoded.status == "tampered"
    assert decoded.answers == TYPICAL
    assert not decoded.verified


def test_no_key_at_the_station_cannot_verify():
    decoded = decode(payload_for(TYPICAL), [FORM], None, DAY, NOW)
    assert decoded.status == "tampered" and "no key file" in decoded.reason


def test_unknown_form_is_named_as_such():
    other = FORM.model_copy(update={"version": "9.9"})
    decoded = decode(payload_for(TYPICAL), [other], KEY, DAY, NOW)
    assert decoded.status == "unknown_form"
    assert form_code(other) != form_code(FORM)


def test_forged_content_with_fresh_check_digits_is_tampered():
    """Someone who knows the format can fix the check digits, but not the signature."""
    payload = payload_for(TYPICAL)
    forged = None
    for position in range(1, len(payload) - 2):
        for digit in "0123456789":
            body = payload[:position] + digit + payload[position + 1 : -2]
            candidate = body + check_digits(body)
            if candidate == payload:
                continue
            result = decode(candidate, [FORM], KEY, DAY, NOW)
            assert result.status != "valid"
            if result.status == "tampered":
                forged = result
    assert forged is not None


@pytest.mark.parametrize(
    "text",
    ["", "hello", "12345", "1" * 90, "https://example.org/123", "１２３４５６７８９０" * 9],
)
def test_garbage_is_malformed_not_an_exception(text):
    assert decode(text, [FORM], KEY, DAY, NOW).status == "malformed"


def test_check_digits_catch_every_single_digit_change_and_swap():
    payload = payload_for(TYPICAL)
    for i, original in enumerate(payload):
        for digit in "0123456789":
            if digit != original:
                changed = payload[:i] + digit + payload[i + 1 :]
                assert decode(changed, [FORM], KEY, DAY, NOW).status == "malformed"
    for i in range(len(payload) - 1):
        swapped = payload[:i] + payload[i + 1] + payload[i] + payload[i + 2 :]
        if swapped != payload:
            assert decode(swapped, [FORM], KEY, DAY, NOW).status == "malformed"


def test_cut_short_scan_is_malformed():
    payload = payload_for(TYPICAL)
    assert decode(payload[:-5], [FORM], KEY, DAY, NOW).status == "malformed"


# -- property: any valid answers, any Unicode name ------------------------------------------

names = st.text(
    alphabet=st.characters(categories=("Lu", "Ll", "Lo", "Lm", "Mn"), include_characters=" -'’."),
    min_size=1,
    max_size=50,
).filter(lambda s: s.strip() == s and "  " not in s and any(c.isalpha() for c in s))


@st.composite
def answer_sets(draw):
    answers = {"name": draw(names)}
    if draw(st.booleans()):
        answers["dob"] = draw(st.dates(date(1906, 12, 1), date(2010, 11, 25)))
    for question in FORM.questions:
        if question.id in answers or draw(st.integers(0, 4)) == 0:
            continue
        if isinstance(question, SingleChoice):
            value = draw(st.sampled_from([o.id for o in question.options]))
        elif isinstance(question, MultipleChoice):
            ids = [o.id for o in question.options if not o.exclusive]
            picked = draw(st.sets(st.sampled_from(ids), min_size=1))
            value = tuple(i for i in ids if i in picked)
        elif isinstance(question, ScaleQuestion):
            value = draw(st.integers(question.min, question.max))
        elif isinstance(question, DateQuestion):
            continue
        else:
            printable = st.characters(categories=("L", "M", "N", "P", "S", "Zs"))
            text = draw(st.text(printable, min_size=1, max_size=question.max_length))
            value = text.strip() or "x"
        answers[question.id] = value
    for question in FORM.questions:  # in form order, as the session drops them
        shown = question.show_if is None or evaluate(question.show_if, answers, FORM, NOW.date())
        if not shown:
            answers.pop(question.id, None)
    return answers


def _valid(answers):
    try:
        build_summary(FORM, answers, NOW)
    except Exception:
        return False
    return all(
        check_answer(FORM, FORM.question(q), v, NOW.date()) is None for q, v in answers.items()
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(answer_sets())
def test_round_trip_any_valid_answers(answers):
    assume(_valid(answers))
    payload = payload_for(answers)
    assert payload.isascii() and payload.isdigit()
    decoded = decode(payload, [FORM], KEY, DAY, NOW)
    assert decoded.status == "valid", decoded.reason
    assert decoded.answers == answers
    assert decoded.summary == build_summary(FORM, answers, NOW)


@settings(max_examples=60, deadline=None)
@given(answer_sets(), st.data())
def test_any_single_character_change_is_never_valid(answers, data):
    assume(_valid(answers))
    payload = payload_for(answers)
    i = data.draw(st.integers(0, len(payload) - 1))
    char = data.draw(st.characters(codec="ascii").filter(lambda c: c != payload[i]))
    changed = payload[:i] + char + payload[i + 1 :]
    assert decode(changed, [FORM], KEY, DAY, NOW).status in ("malformed", "tampered")
