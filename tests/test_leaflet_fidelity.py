"""The kiosk's own words keep the leaflet's facts and their strength (NBT003581).

Each test names a place where an earlier wording drifted from the leaflet (issue 12). The
patient text is gathered from every page, option and note of the default form, and the slip.
"""

from __future__ import annotations

import re

import pytest
from core_fixtures import FORM
from test_plain_language import patient_texts

from kiosk.core.escpos import PAPER_DOTS
from kiosk.core.preview import render
from kiosk.core.receipt_layout import render_slip
from kiosk.settings.load import load_site

LEAFLET_DRIVING = "advise"
"""The leaflet: "You are advised not to drive following the procedure." Advice, not an order."""


@pytest.fixture(scope="module")
def words() -> str:
    return " ".join(patient_texts(FORM))


@pytest.fixture(scope="module")
def slip() -> str:
    out = render(render_slip(load_site().config, FORM), PAPER_DOTS[80])
    return " ".join(" ".join(line.text for line in out.lines).split())


def test_a_diagnostic_test_is_not_called_a_treatment(words):
    assert "all treatments" not in words
    assert "It is not a cure" in words or "not a treatment" in words


def test_a_longer_treatment_depends_on_the_results_and_a_follow_up(words):
    assert "Depending on the results, your consultant may offer" in words
    assert "follow-up call or visit" in words


def test_the_doctor_or_specialist_radiographer_explains(words):
    assert "The doctor or specialist radiographer will tell you" in words


def test_a_bruise_should_settle_not_will_get_better(words):
    assert "should settle" in words and "will get better" not in words


def test_driving_is_advice_in_one_wording_everywhere(words, slip):
    sentences = re.split(r"(?<=[.!?])\s+", words + " " + slip)
    driving = [s for s in sentences if re.search(r"\bdriv(e|ing)\b", s, re.I)]
    advice = [s for s in driving if "not to drive" in s or "not drive" in s]
    assert advice, "the advice not to drive is missing"
    for sentence in advice:
        assert LEAFLET_DRIVING in sentence, sentence
    assert "must not drive" not in words + slip
    assert "rest of the day" not in words + slip  # the leaflet sets no such time


def test_x_rays_can_harm_not_are_not_safe(words):
    assert "can harm an unborn baby" in words and "not safe" not in words


def test_will_it_hurt_tell_the_team(words):
    assert "uncomfortable" in words and "tell the team" in words


def test_the_imaging_department_number_is_in_the_main_flow():
    """Not only on the optional slip: an info page every patient reads says where it is."""
    info = [p for p in FORM.pages if p.kind == "info"]
    text = " ".join(s for p in info for s in (*p.paragraphs, *p.bullets))
    assert "Imaging department" in text and "appointment letter" in text


def test_decisions_stay_with_the_staff_and_the_kiosk_says_so(words):
    assert "The staff will decide with you" in words
