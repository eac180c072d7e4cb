"""`kiosk verify` as staff use it beside a station: piped into `head`, and the exit code kept.

(It tests kiosk/commands/receipt.py's `verify`; tests/test_cli_receipt.py is its natural home.)
"""

import subprocess
import sys
from datetime import timedelta

import pytest
from station_helpers import NOW, key_of, make_site, payload
from station_patients import CALM

EXIT_VALID, EXIT_INVALID, EXIT_EXPIRED = 0, 1, 3


@pytest.mark.parametrize(
    ("key", "age", "code"),
    [("site", timedelta(minutes=20), EXIT_VALID), ("other", timedelta(minutes=20), EXIT_INVALID),
     ("site", timedelta(hours=30), EXIT_EXPIRED)],
)  # fmt: skip
def test_verify_into_a_closed_pipe_exits_quietly_with_its_verdict(tmp_path, key, age, code):
    config = make_site(tmp_path)
    text = payload(CALM, key_of(tmp_path) if key == "site" else b"k" * 32, NOW - age)
    command = [sys.executable, "-m", "kiosk.cli", "verify", text, "--config", str(config)]
    command += ["--now", NOW.isoformat()]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # like `| head -1` once it has its line: gone before the JSON comes
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == code
    assert stderr == ""


def test_verify_still_prints_the_whole_report(tmp_path):
    config = make_site(tmp_path)
    text = payload(CALM, key_of(tmp_path))
    command = [sys.executable, "-m", "kiosk.cli", "verify", text, "--config", str(config)]
    done = subprocess.run(
        [*command, "--now", NOW.isoformat()], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == EXIT_VALID
    assert done.stdout.startswith("{") and done.stdout.rstrip().endswith("}")
    assert '"status": "valid"' in done.stdout
