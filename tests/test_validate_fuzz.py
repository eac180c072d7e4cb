"""No bad file gives a traceback, a hang or a lost file: `kiosk validate` and the start of
`kiosk run` answer exit 0 or 2 within seconds, with one line per problem, and both agree.

The cases the attack run found are explicit examples; hypothesis adds hostile files around them
(benchmarks/file_fuzz.py runs hundreds more).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from file_fuzz import (
    DEFAULT_FORM,
    VICTIM_TEXT,
    check_promise,
    config_texts,
    form_texts,
    kiosk,
    make_scene,
    scene_unchanged,
)
from hypothesis import HealthCheck, given, settings

FORM = DEFAULT_FORM.read_text(encoding="utf-8")


def form_with(old: str, new: str) -> str:
    assert old in FORM
    return FORM.replace(old, new, 1)


DUPLICATE_QUESTION = form_with('id = "pregnancy"', 'id = "pain_relief_6h"')
CONFIG_CASES = {
    "huge age": ("[form.parameters]\npatient_age_max = 99999999999999999999\n", "patient_age_max"),
    "negative age": ("[form.parameters]\npatient_age_max = -5\n", "expected an age 0-150"),
    "deep array": ("a = " + "[" * 5000 + "]" * 5000 + "\n", "nested deeper than"),
    "long spool path": (f'[printer]\nspool_path = "{"a" * 200_000}"\n', "[printer] spool_path"),
    "long key file": (f'[payload]\nkey_file = "{"/k" * 3000}"\n', "[payload] key_file: path too"),
    "form is /dev/zero": ('[form]\npath = "/dev/zero"\n', "[form] path: expected a regular file"),
    "form is a FIFO": ('[form]\npath = "fifo"\n', "[form] path: expected a regular file, found a"),
    "printer is a victim file": ('[printer]\nurl = "victim.txt"\n', "is not a receipt"),
    "printer is /etc/passwd": ('[printer]\nurl = "/etc/passwd"\n', "is not a receipt"),
    "printer folder holds documents": ('[printer]\nurl = "docs/"\n', "'report.odt', which is not"),
    "printer file among documents": ('[printer]\nurl = "docs/r.bin"\n', "which is not a receipt"),
    "printer is a device": ('[printer]\nurl = "/dev/null"\n', None),  # a device: fine
    "huge PIN iterations": (
        '[staff]\npin_hash = "pbkdf2_sha256$999999999999$' + "00" * 16 + "$" + "00" * 32 + '"\n',
        "iterations",
    ),
    "garbage PIN hash": ('[staff]\npin_hash = "garbage"\n', "[staff] pin_hash: expected"),
    "PIN file is a folder": ('[staff]\npin_file = "folder"\n', "[staff] pin_file: expected a"),
    "reversed thresholds": ("[station]\nrelief_thresholds = [80, 50]\n", "rising percentages"),
    "staff key ctrl+c": ('[staff]\nstaff_key = "ctrl+c"\n', "expected a function key f1-f24"),
    "socket without port": ('[printer]\nurl = "socket://printer"\n', "socket://host:port"),
}


def run_both(folder: Path, config_text: str) -> list[tuple[int, str, float]]:
    config = folder / "kiosk.toml"
    config.write_text(config_text, encoding="utf-8", errors="surrogateescape")
    return [kiosk("validate", str(config)), kiosk("run", "--config", str(config))]


@pytest.mark.parametrize("name", CONFIG_CASES)
def test_each_bad_config_found_by_the_attack_is_one_clear_line_and_exit_2(tmp_path, name):
    text, expected = CONFIG_CASES[name]
    make_scene(tmp_path)
    (validate_code, validate_err, _), (run_code, run_err, _) = results = run_both(tmp_path, text)
    for result in results:
        check_promise(*result)
    if expected is None:
        assert validate_code == 0, validate_err
        return
    assert validate_code == 2 and run_code == 2, (validate_err, run_err)
    assert expected in validate_err, validate_err
    assert validate_err.splitlines()[0] in run_err  # the same check, the same words
    assert scene_unchanged(tmp_path)


@pytest.mark.parametrize(
    ("form_text", "expected"),
    [
        (DUPLICATE_QUESTION, "duplicate or reserved id 'pain_relief_6h'"),
        (form_with('age_from = "dob"', 'age_from = "nosuch"'), "age_from: expected the id of a"),
        (form_with("patient_age_max = 120", "patient_age_max = 99999999999999999999"), "0-150"),
        (form_with("patient_age_max = 120", "patient_age_max = -5"), "expected an age 0-150"),
        ("pages = " + "[" * 5000 + "]" * 5000 + "\n", "nested deeper than"),
    ],
    ids=["duplicate question id", "age_from unknown", "huge age", "negative age", "deep"],
)
def test_each_bad_form_found_by_the_attack_is_one_clear_line_and_exit_2(
    tmp_path, form_text, expected
):
    form = tmp_path / "form.toml"
    form.write_text(form_text, encoding="utf-8")
    code, err, seconds = kiosk("validate", str(form))
    check_promise(code, err, seconds)
    assert code == 2 and expected in err, err
    config_text = f'[form]\npath = "{form}"\n'
    (validate_code, validate_err, _), (run_code, run_err, _) = run_both(tmp_path, config_text)
    assert validate_code == run_code == 2 and expected in run_err, run_err


def test_a_form_at_dev_zero_is_refused_at_once(tmp_path):
    code, err, seconds = kiosk("validate", "/dev/zero")
    check_promise(code, err, seconds)
    assert code == 2 and "expected a regular file" in err and seconds < 2


def test_the_shipped_config_and_form_still_pass(tmp_path):
    code, err, _ = kiosk("validate", str(DEFAULT_FORM))
    assert code == 0, err
    (validate_code, err, _), (run_code, run_err, _) = run_both(tmp_path, "")
    assert validate_code == 0 and run_code == 0, (err, run_err)


FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@FUZZ
@given(config_texts())
def test_hostile_configs_get_exit_0_or_2_and_never_touch_other_files(text):
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        make_scene(folder)
        (validate_code, validate_err, t1), (run_code, run_err, t2) = run_both(folder, text)
        check_promise(validate_code, validate_err, t1)
        check_promise(run_code, run_err, t2)
        if run_code == 0:
            # `kiosk run` may refuse more (it tries to make its files); it never allows more.
            assert validate_code == 0, validate_err
        assert scene_unchanged(folder)


@FUZZ
@given(form_texts())
def test_hostile_forms_get_exit_0_or_2_through_validate_and_run(text):
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        form = folder / "form.toml"
        form.write_text(text, encoding="utf-8", errors="surrogateescape")
        check_promise(*kiosk("validate", str(form)))
        results = run_both(folder, f'[form]\npath = "{form}"\n')
        for result in results:
            check_promise(*result)
        assert results[0][0] == 0 or results[1][0] == 2


def test_a_victim_file_named_as_printer_is_refused_and_unchanged(tmp_path):
    victim = tmp_path / "thesis.odt"
    victim.write_text(VICTIM_TEXT)
    os.chmod(victim, 0o644)
    before = (victim.read_bytes(), victim.stat().st_mode, victim.stat().st_mtime_ns)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[printer]\nurl = "{victim}"\n')
    for argv in (("validate", str(config)), ("run", "--config", str(config))):
        code, err, _ = kiosk(*argv)
        assert code == 2 and "thesis.odt already exists and is not a receipt" in err, err
    assert (victim.read_bytes(), victim.stat().st_mode, victim.stat().st_mtime_ns) == before
