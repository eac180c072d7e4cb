"""The form's own words outside its pages: [baseline], [receipt], [slip] (kiosk/core/form/paper.py).

Each mistake is refused with the file, line and field; a form that leaves a table out gets no
baseline line, the form's title on the receipt, and no slip, never the default form's words.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kiosk.core.escpos import PAPER_DOTS
from kiosk.core.form import load_form
from kiosk.core.preview import render
from kiosk.core.receipt_layout import build_job, render_slip
from kiosk.core.summary import build_summary
from kiosk.errors import FormError
from kiosk.settings.load import load_site

TINY = (Path(__file__).parent / "forms" / "tiny.toml").read_text(encoding="utf-8")
SCALE = """
[[pages]]
kind = "question"
type = "scale"
id = "stiff"
label = "Stiffness"
prompt = "How stiff is it?"
min = 0
max = 4
min_label = "Not stiff"
max_label = "Very stiff"
"""
NOW = datetime(2026, 11, 25, 10, 42, tzinfo=UTC)
ANSWERS = {"name": "Ada Lovelace", "dob": date(1980, 4, 2), "colour": "blue"}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "form.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(FormError) as caught:
        load_form(write(tmp_path, text))
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        ('[baseline]\nquestion = "colour"\nlabel = "B"\n', "expected the id of a scale question"),
        ('[baseline]\nquestion = "nothing"\nlabel = "B"\n', "got 'nothing'"),
        ('[baseline]\nquestion = "stiff"\n', "[baseline] label: required"),
        ('[baseline]\nquestion = "stiff"\nlabel = "B"\nunit = "' + "x" * 17 + '"\n', "16"),
        (
            '[baseline]\nquestion = "stiff"\nlabel = "B"\ncolour = "red"\n',
            "[baseline] colour: unknown key",
        ),
        (
            '[receipt]\ntitle = "' + "T" * 61 + '"\n',
            "[receipt] title: string should have at most 60",
        ),
        ('[receipt]\ntitle = ""\n', "[receipt] title: string should have at least 1"),
        ('[slip]\nheading = "' + "H" * 33 + '"\n', "[slip] heading: string should have at most 32"),
        ('[slip]\nheading = "H"\n[[slip.sections]]\ntitle = "T"\npoints = []\n', "points"),
        (
            '[slip]\nheading = "H"\n[[slip.sections]]\ntitle = "T"\npoints = ["Ring {ward}"]\n',
            "the only placeholder a slip point may hold is {phone}",
        ),
        (
            '[slip]\nheading = "H"\n[slip.diary]\ntitle = "D"\nblank = "_"\n'
            'times = ["after a whole week"]\n',
            "slip.diary.times[0]",
        ),
    ],
)
def test_each_mistake_in_the_new_tables_is_named(tmp_path, added, expected):
    found = problems(tmp_path, TINY + SCALE + added)
    assert any(expected in p for p in found), found
    assert all(p.startswith(str(tmp_path / "form.toml")) for p in found)


def test_a_baseline_asked_only_sometimes_is_refused(tmp_path):
    sometimes = SCALE + 'show_if = { question = "colour", operator = "=", answer = "red" }\n'
    found = problems(tmp_path, TINY + sometimes + '[baseline]\nquestion = "stiff"\nlabel = "B"\n')
    assert any("'stiff' is asked only sometimes" in p for p in found), found


def test_a_form_without_the_tables_prints_only_its_own_words(tmp_path):
    """No baseline line, the form's own title, and no slip even with patient_slip on."""
    form = load_form(write(tmp_path, TINY + SCALE))
    assert form.baseline is None and form.slip is None
    assert form.patient_block == ("name", "dob")
    summary = build_summary(form, {**ANSWERS, "stiff": 3}, NOW)
    assert summary.baseline is None and summary.baseline_value is None
    assert "Baseline" not in summary.to_text() and summary.to_text().endswith("Stiffness: 3/4\n")
    site = load_site()
    printer = site.config.printer.model_copy(update={"patient_slip": True, "slip_pain_diary": True})
    config = site.config.model_copy(update={"printer": printer})
    job = build_job(summary, form, config, b"k" * 32, NOW)
    out = render(job.data, PAPER_DOTS[80])
    paper = "\n".join(line.text for line in out.lines)
    assert out.cuts == 1 and render_slip(config, form) == b""
    assert "Tiny form" in paper and "radiographer" not in paper
    assert "Stiffness: 3/4" in paper and "Pain" not in paper and "out of" not in paper


def test_the_baseline_label_and_units_are_the_forms(tmp_path):
    declared = (
        '[baseline]\nquestion = "stiff"\nlabel = "Stiffness first"\nunit = " pt"\n'
        'paper_label = "Stiff before"\npaper_unit = " of 4"\n'
    )
    form = load_form(write(tmp_path, TINY + SCALE + declared))
    assert form.patient_block == ("name", "dob", "stiff")
    summary = build_summary(form, {**ANSWERS, "stiff": 2}, NOW)
    assert summary.baseline_value == 2
    assert summary.to_text().endswith("\nStiffness first: 2 pt\n")
    site = load_site()
    job = build_job(summary, form, site.config, b"k" * 32, NOW)
    paper = "\n".join(line.text for line in render(job.data, PAPER_DOTS[80]).lines)
    assert "Stiff before: 2 of 4" in paper
    assert "Stiffness:" not in paper  # in the patient block, so not again with the answers
    unanswered = build_summary(form, ANSWERS, NOW)
    assert unanswered.to_text().endswith("\nStiffness first: not given\n")
    job = build_job(unanswered, form, site.config, b"k" * 32, NOW)
    paper = "\n".join(line.text for line in render(job.data, PAPER_DOTS[80]).lines)
    assert "Stiff before: not answered" in paper


def test_the_default_form_declares_its_words():
    form = load_site().form
    assert form.receipt_title == "Medial branch block - for the radiographer"
    assert form.slip is not None and form.slip.heading == "Your medial branch block"
    assert form.baseline is not None and (form.baseline.question, form.baseline.unit) == (
        "pain_score",
        "/10",
    )
    assert form.patient_block == ("name", "dob", "pain_score")
