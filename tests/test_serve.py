"""`kiosk serve` before any browser: where it listens, what it runs, and a bad config."""

from __future__ import annotations

import shlex
import subprocess
import sys

import pytest

from kiosk.browser.serve import is_loopback, kiosk_command


@pytest.mark.parametrize(
    "host, loopback",
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
     ("0.0.0.0", False), ("192.168.1.20", False), ("kiosk.example", False)],
)  # fmt: skip
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_each_session_runs_kiosk_run_as_the_process_itself(tmp_path):
    command = kiosk_command(tmp_path / "kiosk.toml")
    words = shlex.split(command)
    assert words[0] == "exec"  # the pid textual-serve knows is the kiosk's, not a shell's
    assert words[1:5] == [sys.executable, "-m", "kiosk.cli", "run"]
    assert words[5:] == ["--config", str((tmp_path / "kiosk.toml").resolve())]


def test_a_bad_config_stops_serve_before_it_listens(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text("[printer]\nbaudrate = 12\n", "utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "serve", "--config", str(config), "--port", "0"],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert out.returncode == 2
    assert "baudrate" in out.stderr and "Traceback" not in out.stderr
