"""`kiosk doctor` against a good set-up and against each thing that is wrong on a real kiosk.

A good set-up (folder printer, key 0600, a PIN set, empty spool, 100x40 colour terminal) must
pass every check and exit 0; each fault must turn exactly its own check to FAIL and exit 1.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.printer.spool import Spool
from kiosk.settings.config import hash_pin
from kiosk.settings.doctor import print_report, run_checks
from kiosk.settings.signing_key import write_key
from kiosk.settings.staff_pin import write_pin_file

COLOUR = {"TERM": "xterm-256color", "COLORTERM": "truecolor"}


def set_up(tmp_path: Path, *, url: str | None = None, pin: str | None = "482916") -> Path:
    forms = Path(__file__).resolve().parent.parent / "forms" / "medial-branch-block.toml"
    (tmp_path / "receipts").mkdir(exist_ok=True)
    if pin:
        write_pin_file(tmp_path / "var" / "staff-pin", hash_pin(pin, iterations=50_000))
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[form]\npath = "{forms}"\n'
        f'[printer]\nurl = "{url or str(tmp_path / "receipts") + "/"}"\n'
        f'spool_path = "{tmp_path / "spool.sqlite3"}"\nstatus_timeout_s = 0.3\n'
        f'[payload]\nkey_file = "{tmp_path / "kiosk.key"}"\n',
        "utf-8",
    )
    write_key(tmp_path / "kiosk.key")
    return config


def checks(config: Path, **kw) -> dict[str, tuple[bool, str]]:
    kw.setdefault("terminal", (100, 40))
    kw.setdefault("environ", COLOUR)
    return {c.name: (c.ok, c.message) for c in run_checks(config, **kw)}


def failing(config: Path, **kw) -> list[str]:
    return [name for name, (ok, _) in checks(config, **kw).items() if not ok]


def test_a_good_set_up_passes_every_check(tmp_path, capsys):
    config = set_up(tmp_path)
    results = run_checks(config, terminal=(100, 40), environ=COLOUR)
    assert [c.name for c in results] == [
        "config", "key", "staff PIN", "printer", "spool", "clock", "terminal",
    ]  # fmt: skip
    assert all(c.ok for c in results), [c.line() for c in results if not c.ok]
    assert print_report(results) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line[:4] for line in lines[:-1]] == ["OK  "] * len(results)
    assert lines[-1] == "All checks passed."


def test_missing_key(tmp_path):
    config = set_up(tmp_path)
    (tmp_path / "kiosk.key").unlink()
    assert failing(config) == ["key"]
    assert "kiosk keygen" in checks(config)["key"][1]


def test_key_readable_by_others(tmp_path):
    config = set_up(tmp_path)
    (tmp_path / "kiosk.key").chmod(0o644)
    assert failing(config) == ["key"]
    assert "0644" in checks(config)["key"][1]


def test_default_pin_never_set(tmp_path):
    config = set_up(tmp_path, pin=None)
    assert failing(config) == ["staff PIN"]
    said = checks(config)["staff PIN"][1]
    assert "default PIN 1818 is in use" in said and "kiosk set-pin" in said, said


def test_pin_set_to_the_default(tmp_path):
    from kiosk.settings.config import DEFAULT_PIN

    assert failing(set_up(tmp_path, pin=DEFAULT_PIN)) == ["staff PIN"]


def test_pin_file_readable_by_others(tmp_path):
    config = set_up(tmp_path)
    (tmp_path / "var" / "staff-pin").chmod(0o644)
    assert failing(config) == ["staff PIN"]


def test_pin_hash_left_in_kiosk_toml(tmp_path):
    config = set_up(tmp_path, pin=None)
    stored = hash_pin("482916", iterations=50_000)
    config.write_text(config.read_text("utf-8") + f'[staff]\npin_hash = "{stored}"\n', "utf-8")
    assert failing(config) == ["staff PIN"]


def test_a_printer_that_does_not_answer(tmp_path):
    silent = socket.create_server(("127.0.0.1", 0))  # accepts, never says a word
    try:
        config = set_up(tmp_path, url=f"socket://127.0.0.1:{silent.getsockname()[1]}")
        result = checks(config)
        assert [n for n, (ok, _) in result.items() if not ok] == ["printer"]
        assert "does not answer" in result["printer"][1]
    finally:
        silent.close()


def test_a_printer_that_is_not_there(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens once this is closed
    assert failing(set_up(tmp_path, url=f"socket://127.0.0.1:{port}")) == ["printer"]


def test_stuck_jobs_in_the_spool(tmp_path):
    config = set_up(tmp_path)
    with Spool(tmp_path / "spool.sqlite3") as spool:
        spool.add(b"\x1b@receipt", "receipt", datetime.now())
        spool.add(b"\x1b@receipt", "receipt", datetime.now())
        third = spool.add(b"\x1b@receipt", "receipt", datetime.now())
        spool.mark_uncertain(third, "write timeout", datetime.now())
    result = checks(config)
    assert [n for n, (ok, _) in result.items() if not ok] == ["spool"]
    assert "1 uncertain, 2 waiting" in result["spool"][1]
    assert "staff decide" in result["spool"][1]
    assert "none prints by itself" in result["spool"][1]  # held jobs wait for staff


def test_a_spool_with_only_printed_jobs_is_fine_and_says_so(tmp_path):
    config = set_up(tmp_path)
    with Spool(tmp_path / "spool.sqlite3") as spool:
        spool.mark_printed(spool.add(b"\x1b@receipt", "receipt", datetime.now()), datetime.now())
    ok, message = checks(config)["spool"]
    assert ok and "nothing waiting (1 printed" in message and "not made yet" not in message


def test_clock_far_in_the_past(tmp_path):
    assert failing(set_up(tmp_path), now=datetime(2001, 1, 1).astimezone()) == ["clock"]


@pytest.mark.parametrize(
    "terminal, environ", [((79, 24), COLOUR), ((100, 23), COLOUR), ((100, 40), {"TERM": "vt100"})]
)
def test_terminal_too_small_or_few_colours(tmp_path, terminal, environ):
    assert failing(set_up(tmp_path), terminal=terminal, environ=environ) == ["terminal"]


def test_a_broken_config_is_one_fail_line_and_exit_1(tmp_path):
    config = set_up(tmp_path)
    config.write_text(config.read_text("utf-8") + "[printer]\nbaudrate = 12\n", "utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "doctor", "--config", str(config)],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert out.returncode == 1
    assert out.stdout.startswith("FAIL  config: ")
    assert "Traceback" not in out.stdout + out.stderr


def test_the_command_exits_0_on_a_good_set_up(tmp_path):
    config = set_up(tmp_path)
    out = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "doctor", "--config", str(config), "--serve"],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    chromium = any(Path(p, "chromium").exists() for p in ("/usr/bin", "/usr/local/bin"))
    assert out.returncode == (0 if chromium else 1), out.stdout
    assert "OK    serve: Chromium" in out.stdout or not chromium
