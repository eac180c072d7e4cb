"""A real `kiosk run` on a pseudo-terminal, stopped by signals the way systemd and people do.

SIGTERM, SIGHUP and SIGQUIT must each end it with exit 0 within a few seconds, with the receipt
files it wrote gone and no core file possible; SIGUSR1/SIGUSR2/SIGALRM and the quitting keys
must not end it at all.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
from kiosk_process import KioskProcess, write_config

STOP_WITHIN_S = 5.0
RECEIPT = "receipt-20261201-101500-000001-1.bin"  # the name a folder printer gives a receipt


@pytest.fixture
def kiosk(tmp_path):
    config = write_config(tmp_path)
    process = KioskProcess(["run", "--config", str(config)], cwd=tmp_path)
    try:
        process.wait_for("Touch to start", timeout=60)
        yield process
    finally:
        process.close()


def core_limit(pid: int) -> list[str]:
    for line in Path(f"/proc/{pid}/limits").read_text("ascii").splitlines():
        if line.startswith("Max core file size"):
            return line.split()[4:6]
    raise AssertionError("no core limit line")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT])
def test_stop_signal_exits_0_quickly_and_leaves_no_receipt(kiosk, tmp_path, signum):
    assert core_limit(kiosk.process.pid) == ["0", "0"]  # soft and hard: no core file, ever
    receipt = tmp_path / "receipts" / RECEIPT
    receipt.write_bytes(b"\x1b@a patient's receipt\n")  # as the printer left it

    kiosk.signal(signum)
    code, seconds = kiosk.wait_exit(timeout=30)

    assert code == 0, kiosk.text()[-500:]
    assert seconds < STOP_WITHIN_S
    assert not receipt.exists()
    assert not list(tmp_path.rglob("core*"))
    log = (tmp_path / "var" / "kiosk.log").read_text("utf-8")
    assert f"kiosk stopped by {signal.Signals(signum).name}" in log


def test_other_signals_are_ignored(kiosk):
    for signum in (signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM):
        kiosk.signal(signum)
        time.sleep(0.5)
    time.sleep(1.0)
    assert kiosk.process.poll() is None
    kiosk.signal(signal.SIGTERM)
    assert kiosk.wait_exit(timeout=30)[0] == 0


def test_quit_keys_do_not_end_it_on_a_real_terminal(kiosk):
    # Ctrl+C, Ctrl+Q, Ctrl+\ (SIGQUIT if the terminal made signals), Ctrl+Z, Escape.
    for key in (b"\x03", b"\x11", b"\x1c", b"\x1a", b"\x1b"):
        kiosk.type(key)
        time.sleep(0.3)
    time.sleep(1.0)
    assert kiosk.process.poll() is None
    kiosk.signal(signal.SIGTERM)
    assert kiosk.wait_exit(timeout=30)[0] == 0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_the_station_stops_cleanly_too(tmp_path, signum):
    config = write_config(tmp_path)
    station = KioskProcess(["station", "--config", str(config)], cwd=tmp_path)
    try:
        station.wait_for("Save case", timeout=60)
        assert core_limit(station.process.pid) == ["0", "0"]
        station.signal(signum)
        code, seconds = station.wait_exit(timeout=30)
        assert code == 0 and seconds < STOP_WITHIN_S
    finally:
        station.close()
