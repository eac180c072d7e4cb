"""`kiosk validate`, `kiosk summary` with bad input, and `kiosk set-pin`, run as a user runs them.

Bad input exits 2 with one line per problem naming the file (and field where there is one), and
never a Python traceback.
"""

from __future__ import annotations

import json
import shutil
import stat
import tomllib
from pathlib import Path

import pytest
from core_fixtures import CALM_JSON, ROOT, run_cli

from kiosk.settings.config import check_pin, hash_pin, load_config

FORM = ROOT / "forms" / "medial-branch-block.toml"
GOOD = CALM_JSON


def assert_bad_input(result, *expected: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr


# --- validate --------------------------------------------------------------------------------


def test_validate_passes_the_shipped_config_and_form():
    result = run_cli("validate")
    assert result.returncode == 0, result.stderr
    assert f"ok: {ROOT / 'kiosk.toml'} (config)" in result.stdout
    assert f"ok: {FORM} (form)" in result.stdout


def test_validate_passes_a_named_form():
    result = run_cli("validate", str(FORM))
    assert (result.returncode, result.stdout) == (0, f"ok: {FORM} (form)\n")


BROKEN = [
    ('label = "Date of birth"', 'label = "The date on which you were born"',
     "pages[5] 'dob'.label: string should have at most 28 characters"),
    ('answer = "driving_myself"', 'answer = "driving"',
     "flags[13] 'driving_home'.when: 'transport_home' has no option 'driving'"),
    ('type = "scale"', 'type = "slider"', "pages[18] 'pain_score'"),
    ('id = "pregnancy"', 'id = "pregnancy"\ncolour = "red"', "colour: unknown key"),
    ("[leaflet]", "[leaflet", "not valid TOML"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "expected"), BROKEN)
def test_validate_names_file_and_field_of_a_broken_form(tmp_path, old, new, expected):
    text = FORM.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run_cli("validate", str(broken))
    assert_bad_input(result, expected)
    assert all(line.startswith(str(broken)) for line in result.stderr.splitlines())


def test_validate_gives_the_line_of_the_mistake(tmp_path):
    text = FORM.read_text(encoding="utf-8").replace('label = "Date of birth"', "label = 5")
    line = text[: text.index("label = 5")].count("\n") + 1
    broken = tmp_path / "broken.toml"
    broken.write_text(text, encoding="utf-8")
    assert_bad_input(run_cli("validate", str(broken)), f"{broken}:{line}: pages[5] 'dob'.label")


def test_validate_reports_every_file_and_still_checks_the_good_ones(tmp_path):
    bad_config = tmp_path / "kiosk.toml"
    bad_config.write_text('[form]\npath = "nowhere.toml"\n[printer]\nbaudrate = 1200\n')
    result = run_cli("validate", str(FORM), str(bad_config))
    assert_bad_input(result, f"{bad_config}:4: [printer] baudrate: expected one of")
    assert f"ok: {FORM} (form)" in result.stdout


def test_validate_a_missing_file(tmp_path):
    assert_bad_input(run_cli("validate", str(tmp_path / "gone.toml")), "gone.toml: file not found")


# --- summary with bad answers ----------------------------------------------------------------


def write_answers(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "answers.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def summary(path: Path):
    return run_cli("summary", "--answers", str(path), "--now", "2026-03-04T09:30:00")


def test_summary_of_good_answers_works(tmp_path):
    result = summary(write_answers(tmp_path, json.dumps(GOOD)))
    assert result.returncode == 0, result.stderr
    assert "No safety flags" in result.stdout


def test_summary_of_a_missing_file(tmp_path):
    result = summary(tmp_path / "gone.json")
    assert_bad_input(result, "gone.json: cannot read: No such file or directory")
    assert result.stdout == ""


BAD_ANSWERS = [
    ('{"name": "Ann",\n "dob": }', "answers.json:2: not valid JSON"),
    ("[1, 2]", "answers.json: expected a JSON object"),
    (json.dumps(GOOD | {"dob": "2030-01-01"}), "answers.json: dob: the date is in the future"),
    (json.dumps(GOOD | {"dob": "1980-02-30"}), "dob: expected a date as YYYY-MM-DD"),
    (json.dumps(GOOD | {"pregnancy": "maybe"}),
     "answers.json: pregnancy: expected one of yes, no, not_sure, prefer_to_discuss, got 'maybe'"),
    (json.dumps(GOOD | {"blood_thinners": ["ibuprofen"]}), "blood_thinners: expected option ids"),
    (json.dumps(GOOD | {"blood_thinners": ["warfarin", "none"]}),
     "blood_thinners: 'none' cannot be chosen with other options"),
    (json.dumps(GOOD | {"blood_thinners": [["warfarin"]]}), "blood_thinners: expected option ids"),
    (json.dumps(GOOD | {"pain_score": 11}), "pain_score: expected a whole number from 0 to 10"),
    (json.dumps(GOOD | {"favourite": "tea"}), "answers.json: favourite: unknown question id"),
    (b'{"name": "\xff"}', "answers.json: cannot read"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "expected"), BAD_ANSWERS)
def test_summary_of_bad_answers_says_what_is_wrong(tmp_path, content, expected):
    result = summary(write_answers(tmp_path, content))
    assert_bad_input(result, expected)
    assert result.stdout == ""


def test_summary_lists_every_bad_answer_at_once(tmp_path):
    bad = GOOD | {"pregnancy": "maybe", "pain_score": -1, "dob": "1900-01-01"}
    result = summary(write_answers(tmp_path, json.dumps(bad)))
    assert_bad_input(result)
    assert [line.split(": ")[1] for line in result.stderr.splitlines()] == [
        "dob",
        "pregnancy",
        "pain_score",
    ]


# --- set-pin ---------------------------------------------------------------------------------


@pytest.fixture
def config_copy(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    shutil.copy(ROOT / "kiosk.toml", path)
    return path


def test_set_pin_writes_a_0600_pin_file_and_leaves_kiosk_toml_alone(config_copy):
    before = config_copy.read_bytes()
    result = run_cli("set-pin", "--config", str(config_copy), "--stdin", stdin="482916\n")
    assert result.returncode == 0, result.stderr
    pin_file = config_copy.parent / "var" / "staff-pin"
    assert stat.S_IMODE(pin_file.stat().st_mode) == 0o600
    stored = pin_file.read_text().strip()
    assert "482916" not in stored and check_pin("482916", stored)
    assert not check_pin("1818", stored)
    assert config_copy.read_bytes() == before  # no hash in the world-readable config
    assert load_config(config_copy, environ={}).staff.pin_hash == stored


def test_set_pin_over_a_pin_file_others_can_read_leaves_it_0600(config_copy):
    pin_file = config_copy.parent / "var" / "staff-pin"
    pin_file.parent.mkdir()
    pin_file.write_text(hash_pin("1234") + "\n")
    pin_file.chmod(0o644)  # copied in by hand, say
    result = run_cli("set-pin", "--config", str(config_copy), "--stdin", stdin="482916\n")
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(pin_file.stat().st_mode) == 0o600
    assert check_pin("482916", pin_file.read_text().strip())
    assert [p.name for p in pin_file.parent.iterdir()] == ["staff-pin"]  # no temporary left


def test_set_pin_moves_an_old_hash_out_of_kiosk_toml(config_copy):
    old = hash_pin("1234")
    text = config_copy.read_text().replace("[staff]\n", f'[staff]\npin_hash = "{old}"\n', 1)
    config_copy.write_text(text)
    config_copy.chmod(0o644)
    assert load_config(config_copy, environ={}).staff.pin_hash == old  # still honoured
    result = run_cli("set-pin", "--config", str(config_copy), "--stdin", stdin="482916\n")
    assert result.returncode == 0, result.stderr
    after = config_copy.read_text()
    assert stat.S_IMODE(config_copy.stat().st_mode) == 0o644  # kiosk.toml keeps its own mode
    assert "pin_hash" not in tomllib.loads(after)["staff"] and old not in after
    # Only that one line went; every comment and key stays.
    assert [line for line in text.splitlines() if line not in after.splitlines()] == [
        f'pin_hash = "{old}"'
    ]
    stored = load_config(config_copy, environ={}).staff.pin_hash
    assert check_pin("482916", stored) and not check_pin("1234", stored)


def test_set_pin_again_replaces_the_hash(config_copy):
    run_cli("set-pin", "--config", str(config_copy), "--stdin", stdin="482916\n")
    pin_file = config_copy.parent / "var" / "staff-pin"
    first = pin_file.read_text()
    result = run_cli("set-pin", "--config", str(config_copy), "--stdin", stdin="482916\n")
    assert result.returncode == 0
    second = pin_file.read_text()
    assert second != first  # a new salt each time
    assert check_pin("482916", second.strip())
    assert stat.S_IMODE(pin_file.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "pin", ["12", "abcd", "1234567890123", "", "4829", "48291", "４８２９１６"]
)
def test_set_pin_refuses_a_bad_or_short_pin_and_writes_nothing(config_copy, pin):
    before = config_copy.read_bytes()
    result = run_cli("set-pin", "--config", str(config_copy), "--stdin", stdin=pin + "\n")
    assert_bad_input(result, "PIN: expected 6 to 12 digits")
    assert config_copy.read_bytes() == before
    assert not (config_copy.parent / "var" / "staff-pin").exists()


def test_a_4_digit_pin_only_when_the_site_allows_it(config_copy):
    text = config_copy.read_text()
    assert "pin_min_digits = 6" in text
    config_copy.write_text(text.replace("pin_min_digits = 6", "pin_min_digits = 4", 1))
    result = run_cli("set-pin", "--config", str(config_copy), "--stdin", stdin="4829\n")
    assert result.returncode == 0, result.stderr
    assert check_pin("4829", load_config(config_copy, environ={}).staff.pin_hash)
    assert "warning: a 4-digit PIN" in result.stderr  # allowed, never silently
    result = run_cli("set-pin", "--config", str(config_copy), "--stdin", stdin="482916\n")
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr


def test_set_pin_needs_an_existing_config(tmp_path):
    result = run_cli("set-pin", "--config", str(tmp_path / "none.toml"), "--stdin", stdin="4829\n")
    assert_bad_input(result, "none.toml: file not found")
    assert not (tmp_path / "none.toml").exists()
