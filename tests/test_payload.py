"""The QR payload: digits only, round-trips exactly, and tells a misread from a forgery."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kiosk.core import payload as payload_module
from kiosk.core.alphabets import NAME_ALPHABET
from kiosk.core.answers import check_answer
from kiosk.core.escpos import qr_version
from kiosk.core.form.conditions import evaluate
from kiosk.core.form.model import DateQuestion, MultipleChoice, ScaleQuestion, SingleChoice
from kiosk.core.payload import (
    CODEPOINT_RADIX,
    check_digits,
    decode,
    encode,
    form_code,
)
from kiosk.core.summary import build_summary
from kiosk.settings.load import load_site

KEY = bytes(range(32))
NOW = datetime(2026, 11, 25, 10, 42, tzinfo=UTC)
DAY = timedelta(hours=24)
FORM = load_site().form
TYPICAL = {
    "name": "Elizabeth Montgomery",
    "dob": date(1962, 3, 14),
    "pain_relief_6h": "no",
    "blood_thinners": ("none",),
    "antiplatelets": ("none",),
    "allergies": ("none",),
    "unwell": "no",
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
        blood_thinners=("warfarin",),
        antiplatelets=("clopidogrel", "other"),
        blood_thinners_other="Q" * FORM.question("blood_thinners_other").max_length,
        blood_thinner_stopped="not_sure",
        blood_thinner_last_dose="not_sure",
        allergies=("local_anaesthetic", "skin_cleaner", "xray_dye", "latex", "plasters", "other"),
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


def test_a_few_minutes_of_clock_skew_is_allowed():
    decoded = decode(payload_for(TYPICAL), [FORM], KEY, DAY, NOW - timedelta(minutes=5))
    assert decoded.status == "valid", decoded.reason


@pytest.mark.parametrize("ahead", [timedelta(minutes=6), timedelta(hours=3), timedelta(days=400)])
def test_payload_issued_in_the_future_is_not_valid(ahead):
    decoded = decode(payload_for(TYPICAL), [FORM], KEY, DAY, NOW - ahead)
    assert decoded.status == "expired"
    assert not decoded.verified
    assert decoded.reason == "issued in the future: check the kiosk's and this computer's clocks"
    assert decoded.answers == TYPICAL  # still shown, marked unverified


# -- forged escapes: only characters a patient could have typed ---------------------------------


@pytest.mark.parametrize(
    ("char", "words"),
    [
        ("\ud800", "a lone surrogate"),
        ("\udfff", "a lone surrogate"),
        ("\x00", "a control character"),
        ("\x1b", "a control character"),
        ("\x9b", "a control character"),
        ("\u200b", "an invisible format character"),
        ("\ue000", "a private-use character"),
        ("\U0010ffff", "not an assigned character"),
    ],
)
def test_escaped_code_point_no_one_can_type_is_malformed(char, words):
    """A forger can put any code point after an escape; the decoder must not pass it on."""
    for field in ("name", "questions"):
        decoded = decode(payload_for(dict(TYPICAL, **{field: "Ann" + char})), [FORM], KEY, DAY, NOW)
        assert decoded.status == "malformed"
        assert f"U+{ord(char):04X} is {words}" in decoded.reason
        assert decoded.answers is None and decoded.summary is None
        json.dumps(decoded.reason, ensure_ascii=False).encode("utf-8")  # printable as it is


def test_escaped_digit_in_a_name_is_malformed():
    decoded = decode(payload_for(dict(TYPICAL, name="Ann 2")), [FORM], KEY, DAY, NOW)
    assert decoded.status == "malformed"
    assert "U+0032 cannot be part of a name" in decoded.reason


def test_escaped_letter_the_alphabet_has_is_malformed(monkeypatch):
    """The kiosk escapes only what its alphabet lacks; a long-winded escape is not its work."""

    def escape_everything(text, alphabet):
        radix = len(alphabet) + 2
        return [s for c in text for s in ((1, radix), (ord(c), CODEPOINT_RADIX))] + [(0, radix)]

    monkeypatch.setattr(payload_module, "_encode_text", escape_everything)
    decoded = decode(payload_for(dict(TYPICAL, name="Ann")), [FORM], KEY, DAY, NOW)
    assert decoded.status == "malformed"
    assert "U+0041 is escaped although the alphabet has it" in decoded.reason


def test_code_point_past_unicode_is_malformed():
    with pytest.raises(payload_module._Malformed, match="0x110000 is not a Unicode character"):
        payload_module._escaped_char(0x110000, NAME_ALPHABET)


unprintable = st.integers(0, 0x10FFFF).filter(lambda cp: unicodedata.category(chr(cp))[0] == "C")


@settings(max_examples=200, deadline=None)
@given(unprintable, st.sampled_from(["name", "blood_thinners_other", "questions"]))
def test_no_unprintable_code_point_ever_decodes(code, field):
    answers = dict(
        TYPICAL,
        antiplatelets=("other",),
        blood_thinners_other="Edoxaban",
        blood_thinner_stopped="yes",
        blood_thinner_last_dose="days_4_7",
    )
    answers[field] = "Zoë" + chr(code) + "x"
    decoded = decode(payload_for(answers), [FORM], KEY, DAY, NOW)
    assert decoded.status == "malformed"
    assert decoded.answers is None
    decoded.reason.encode("utf-8")


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
