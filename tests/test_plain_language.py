"""Every sentence a patient reads in the default form and on the slip, measured for reading level.

Flesch-Kincaid grade (textstat 0.7.3, which counts syllables offline with pyphen). Targets from
issue 3: the patient text as a whole at grade 6 or below, no sentence above grade 9. For scale,
the leaflet itself is grade 7.4 with 14 of its 56 sentences above 9. Run with `-s` to see the
figures, so they can be compared as the wording changes.
"""

from __future__ import annotations

import re

import pytest
import textstat

from kiosk.core.form.paper import PHONE
from kiosk.settings.load import load_site

OVERALL_MAX = 6.0
SENTENCE_MAX = 9.0
ALLOWED = {
    # Medicine names the patient must recognise on their own packet.
    "warfarin", "clopidogrel", "rivaroxaban", "dipyridamole", "dabigatran",
    "apixaban", "edoxaban", "heparin", "aspirin", "ticagrelor", "prasugrel",
    "eliquis", "xarelto", "lixiana", "pradaxa", "brilique", "clexane",
    "chlorhexidine", "iodine", "latex",
    # Words the leaflet uses and the radiographer will say out loud.
    "anaesthetic", "radiologist", "radiographer", "procedure", "injection", "injections",
    "diagnostic", "medial", "facet",
}  # fmt: skip
"""Counted as a one-syllable word, so only the words around them are measured."""
MIN_WORDS = 3
"""Buttons and labels ("Not sure", "Medium") are not sentences; the formula misreads them."""


def patient_texts(form) -> list[str]:
    texts: list[str] = []
    for page in form.pages:
        if page.kind == "info":
            texts += [page.title, *page.paragraphs, *page.bullets, page.acknowledge]
            continue
        texts += [page.prompt, page.help or ""]
        texts += [option.text for option in getattr(page, "options", [])]
        texts += [option.note or "" for option in getattr(page, "options", [])]
        texts += [getattr(page, name, "") or "" for name in ("min_label", "max_label")]
    return [text for text in texts if text]


def slip_texts(form) -> list[str]:
    """The slip the patient keeps (with the diary a site may turn on): patient text too. The
    site's phone number is not a sentence to grade."""
    lines = form.slip.lines() if form.slip else []
    return [line.replace(f": {PHONE}", "") for line in lines]


def sentences(texts: list[str]) -> list[str]:
    out = []
    for text in texts:
        out += [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
    return out


def plain(sentence: str) -> str:
    words = [("drug" if w.lower().strip(".,?!()'") in ALLOWED else w) for w in sentence.split()]
    text = " ".join(words)
    return text if text[-1] in ".!?" else text + "."


def grade(text: str) -> float:
    return textstat.flesch_kincaid_grade(text)


@pytest.fixture(scope="module")
def measured():
    form = load_site().form
    texts = patient_texts(form) + slip_texts(form)
    found = [s for s in sentences(texts) if len(s.split()) >= MIN_WORDS]
    graded = sorted(((grade(plain(s)), s) for s in found), reverse=True)
    overall = grade(" ".join(plain(s) for s in found))
    print(f"\nplain language: {len(found)} sentences, overall grade {overall:.1f}")
    for value, sentence in graded[:5]:
        print(f"  {value:4.1f}  {sentence}")
    return overall, graded


def test_patient_text_as_a_whole_is_grade_6_or_below(measured):
    overall, graded = measured
    assert len(graded) > 50  # the form's text was found at all
    assert overall <= OVERALL_MAX


def test_no_sentence_is_above_grade_9(measured):
    _, graded = measured
    too_hard = [(round(value, 1), s) for value, s in graded if value > SENTENCE_MAX]
    assert too_hard == []


def test_the_measure_does_fail_on_hard_text():
    """The threshold works: a sentence from a consent form in legal English fails it."""
    hard = (
        "Notwithstanding the aforementioned considerations, administration of pharmacological "
        "anticoagulation necessitates individualised haematological evaluation preoperatively."
    )
    assert grade(plain(hard)) > SENTENCE_MAX


def test_the_date_help_says_what_the_boxes_do():
    """The boxes move on by themselves when full (tests/test_app_walk.py types a whole date on
    the keypad without touching a box), so the help must not ask for a tap on each box."""
    help_text = load_site().form.question("dob").help
    assert "Tap the day" not in help_text
    assert "the day, then the month, then the year" in help_text
    assert "the next one starts by itself" in help_text
