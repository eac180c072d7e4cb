"""A second procedure is one TOML file and no code (issue 14).

`tests/forms/knee-injection.toml` (other questions, other ids for the name and date of birth, a
0-5 walking score as its baseline) is walked through the kiosk by taps, printed by the real
folder printer, scanned and verified at the station, and exported. Nothing the patient, the
paper, the station or the export shows may come from the medial branch block: not its words
("medial", "branch block", "facet") and not one sentence of forms/medial-branch-block.toml.
"""

from __future__ import annotations

import html
import json
import re
import tomllib
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import zxingcpp
from key_taps import tap_key
from station_helpers import NOW, StepClock, payload, shown, wedge_scan
from test_app_walk import confirm, settle, tap, type_on_keyboard

from kiosk.core.escpos import PAPER_DOTS
from kiosk.core.form import load_form
from kiosk.core.payload import decode
from kiosk.core.preview import render
from kiosk.errors import FormError
from kiosk.patient.app import KioskApp
from kiosk.settings.config import DEFAULT_FORM
from kiosk.settings.signing_key import load_key, write_key
from kiosk.station import StationApp
from kiosk.station.export import fhir_bundle, to_csv
from kiosk.station.store import Store

ROOT = Path(__file__).resolve().parent.parent
KNEE = ROOT / "tests" / "forms" / "knee-injection.toml"
PATIENT = {
    "full_name": "Ines Quarrie",
    "born": ("07", "09", "1951"),
    "which_knee": "left",
    "diabetes": "yes",
    "skin_broken": "no",
    "walking": 3,
}
FORBIDDEN_WORDS = ("medial", "branch block", "facet")
SENTENCE_WORDS = 4
"""Shorter strings ("Yes", "Not sure") are words any form may use, not the procedure's text."""


def squeezed(text: str) -> str:
    return "".join(text.split()).lower()


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def default_form_sentences() -> list[str]:
    """Every sentence of the default form's own text with at least SENTENCE_WORDS words."""
    data = tomllib.loads(DEFAULT_FORM.read_text(encoding="utf-8"))
    found = set()
    for text in _strings(data):
        for sentence in re.split(r"(?<=[.!?:])\s+", text.replace("{phone}", "")):
            if len(sentence.split()) >= SENTENCE_WORDS:
                found.add(sentence.strip())
    return sorted(found)


SENTENCES = default_form_sentences()


def no_default_form_text(where: str, text: str) -> None:
    plain = squeezed(text)
    for word in FORBIDDEN_WORDS:
        assert squeezed(word) not in plain, f"{where} says {word!r}"
    for sentence in SENTENCES:
        assert squeezed(sentence) not in plain, f"{where} says {sentence!r}"


def screen_text(app) -> str:
    """Every character on the screen, from Textual's own SVG picture of it."""
    svg = app.export_screenshot()
    body = svg.split("<g", 1)[1]  # after the style sheet
    return html.unescape(re.sub(r"<[^>]+>", " ", body)).replace("\xa0", " ")


def site(tmp_path: Path) -> Path:
    config = tmp_path / "kiosk.toml"
    config.write_text(
        '[site]\nphone = "0117 000 0000"\n'
        f'[form]\npath = "{KNEE}"\n'
        f'[printer]\nurl = "{tmp_path}/receipts/"\nspool_path = "{tmp_path}/var/spool.sqlite3"\n'
        "patient_slip = true\nslip_pain_diary = true\n"
        f'[payload]\nkey_file = "{tmp_path}/var/kiosk.key"\nmax_age_h = 24\n'
        f'[staff]\npin_file = "{tmp_path}/var/staff-pin"\n'
        f'[station]\ndb_path = "{tmp_path}/var/station.sqlite3"\nrelief_thresholds = [50, 80]\n',
        encoding="utf-8",
    )
    write_key(tmp_path / "var" / "kiosk.key")
    return config


def test_the_sentences_checked_are_the_default_forms_own():
    """The check below must have teeth: it knows the default form's text, which itself fails it."""
    assert len(SENTENCES) > 60
    with pytest.raises(AssertionError):
        no_default_form_text("the default form", DEFAULT_FORM.read_text(encoding="utf-8"))
    with pytest.raises(AssertionError, match="medial"):
        no_default_form_text("x", "Your MEDIAL branch")
    with pytest.raises(AssertionError, match="none of your answers"):  # the slip's, wrapped
        no_default_form_text("x", "Keep it. It has none of your\nanswers on it.")
    no_default_form_text("the knee form", KNEE.read_text(encoding="utf-8"))


def test_the_patient_block_is_the_forms_own():
    form = load_form(KNEE)
    assert form.patient_block == ("full_name", "born", "walking")
    assert load_form(DEFAULT_FORM).patient_block == ("name", "dob", "pain_score")


async def walk_kiosk(config: Path) -> tuple[list[str], bytes]:
    """Tap the knee form through from welcome to done; every screen's text and the paper."""
    app = KioskApp(config_path=config, clock=lambda: NOW)
    app.auto_advance_s = None
    app.page_clock.settle_s = 0.0
    screens: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screens.append(screen_text(app))
        await tap(pilot, "#start")
        for _ in range(20):
            page = app.current_page_id
            screens.append(screen_text(app))
            if page == "review":
                break
            value = PATIENT.get(page)
            if page == "full_name":
                await tap(pilot, "#key-clear")
                await type_on_keyboard(pilot, value)
            elif page == "born":
                for digit in "".join(value):
                    await tap_key(pilot, digit)
            elif page == "walking":
                await tap_key(pilot, str(value))
            elif value is not None:
                await tap(pilot, f"#answer-{page}-{value}")
            screens.append(screen_text(app))  # with the answer chosen
            await tap(pilot, "#next")
            assert app.current_page_id != page, f"stuck on {page}"
        assert app.current_page_id == "review"
        await confirm(pilot)
        await settle(pilot)
        assert app.current_page_id == "done"
        screens.append(screen_text(app))
        assert app.unexpected_errors == []
        [receipt] = sorted((config.parent / "receipts").glob("*.bin"))
        data = receipt.read_bytes()  # the folder printer deletes it at the next reset
    return screens, data


async def scan_at_station(config: Path, code: str) -> tuple[str, str, str]:
    """Scan `code` at a station on the same site: the whole screen, the patient block and the
    answers as it shows them."""
    app = StationApp(config, clock=StepClock(NOW + timedelta(minutes=20)))
    async with app.run_test(size=(100, 40)) as pilot:
        await wedge_scan(pilot, code)
        text = screen_text(app)
        patient = app.screen.query_one("#patient").content.plain
        answers = app.screen.query_one("#answers").content.plain
    return text, patient, answers


async def test_a_second_procedure_walks_prints_verifies_and_exports_in_its_own_words(tmp_path):
    config = site(tmp_path)
    form = load_form(KNEE)
    screens, data = await walk_kiosk(config)
    for number, text in enumerate(screens):
        no_default_form_text(f"kiosk screen {number}", text)
    assert any("How well can you walk today?" in s for s in screens)

    # The paper: the receipt, then the slip, cut after each.
    out = render(data, PAPER_DOTS[80])
    assert out.cuts == 2
    paper = "\n".join(line.text for line in out.lines)
    no_default_form_text("the paper", paper)
    flat = " ".join(paper.split())
    assert "Knee joint injection - desk copy" in flat
    assert "Walking before: 3 of 5" in flat
    assert "Ines Quarrie" in flat and "Born 7 Sep 1951 (age 75)" in flat
    for label in ("Full name:", "Born on:", "Walking now:"):  # the patient block, once
        assert label not in flat
    assert "Knee: Left" in flat and "Diabetes: Yes" in flat
    assert "Your knee injection" in flat and "phone us: 0117 000 0000." in flat
    assert flat.count("later: ____") == 3 and "Walking diary (0 = cannot walk, 5 = normal)" in flat

    # The QR: decodes and verifies against the knee form with the site key.
    [scan] = zxingcpp.read_barcodes(out.image)
    key = load_key(tmp_path / "var" / "kiosk.key")
    decoded = decode(scan.text, [form], key, timedelta(hours=24), NOW + timedelta(minutes=20))
    assert decoded.status == "valid", decoded.reason
    assert decoded.summary.baseline_value == 3
    assert {f.id for f in decoded.summary.flags} == {"steroid_diabetes"}

    # The station: verified, the same patient block as the paper, no default-form words.
    station, patient, answers = await scan_at_station(config, scan.text)
    no_default_form_text("the station", station)
    assert "VERIFIED" in station.upper() and "Diabetic" in station
    assert "Ines Quarrie" in patient and "7 Sep 1951" in patient
    assert "Walking before (kiosk): 3/5 Some" in answers
    for label in ("Full name:", "Born on:", "Walking now:"):
        assert label not in answers
    assert "Knee: Left" in answers

    # The export: CSV and FHIR, in the knee form's ids and words only.
    cases = Store(tmp_path / "var" / "station.sqlite3")
    try:
        found = cases.cases_since(NOW - timedelta(days=1))
    finally:
        cases.close()
    assert len(found) == 1 and found[0].baseline == 3
    csv_text = to_csv(found, [form], [50, 80])
    fhir = json.dumps(fhir_bundle(found, [form]), ensure_ascii=False)
    for where, text in (("the CSV export", csv_text), ("the FHIR export", fhir)):
        no_default_form_text(where, text)
    assert "which_knee" in csv_text.splitlines()[0] and "pain_score" not in csv_text
    assert "knee-injection" in fhir and "Ines Quarrie" in fhir


async def test_a_baseline_on_another_scale_is_never_turned_into_relief(tmp_path):
    """The station's scores are 0-10 pain; the knee form's baseline is 0-5 walking. Comparing
    them would print a relief percent that means nothing, so neither screen nor CSV does."""
    config = site(tmp_path)
    form = load_form(KNEE)
    raw = {"full_name": "Ines Quarrie", "born": "1951-09-07", "which_knee": "left",
           "diabetes": "no", "skin_broken": "no", "walking": 4}  # fmt: skip
    code = payload(raw, load_key(tmp_path / "var" / "kiosk.key"), form=form)
    app = StationApp(config, clock=StepClock(NOW))
    async with app.run_test(size=(100, 40)) as pilot:
        await wedge_scan(pilot, code)
        await pilot.click("#confirm-identity")
        await pilot.click("#post-pain-1")  # 4 -> 1 would read as "relief 75%" across scales
        said = shown(app, "#relief")
        assert "not judged for this procedure" in said and "%" not in said
        case = app.store.get(app.screen.case.id)
    assert case.baseline == 4
    row = to_csv([replace(case, post_score=1)], [form], [50, 80]).splitlines()[1]
    head = to_csv([], [form], [50, 80]).splitlines()[0].split(",")
    cells = dict(zip(head, row.split(","), strict=False))
    assert (cells["change"], cells["percent_relief"]) == ("", "")


def test_relief_only_against_a_0_to_10_baseline(tmp_path):
    text = KNEE.read_text(encoding="utf-8").replace(
        'unit = " of 5"', 'unit = " of 5"\njudges_relief = true', 1
    )
    bad = tmp_path / "knee.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(FormError) as caught:
        load_form(bad)
    assert "[baseline] judges_relief" in str(caught.value) and "runs 0-5" in str(caught.value)
    assert load_form(DEFAULT_FORM).baseline.judges_relief  # the medial branch block's 0-10 pain
