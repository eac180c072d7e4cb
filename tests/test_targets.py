"""Printer targets and paths in kiosk.toml: nothing that is not a receipt is ever written over."""

from __future__ import annotations

import pytest

from kiosk.printer.targets import path_problems, printer_target_problem
from kiosk.printer.transports import Disconnected, open_transport
from kiosk.settings.config import PrinterConfig


def test_a_file_that_appears_after_the_check_is_still_not_overwritten(tmp_path):
    target = tmp_path / "receipts" / "latest.bin"
    assert printer_target_problem(str(target)) is None  # nothing there yet: allowed
    target.parent.mkdir()
    target.write_text("someone's notes")  # ...and then someone saves a file at that name
    transport = open_transport(PrinterConfig(url=str(target), spool_path=tmp_path / "s.db"))
    transport.write(b"\x1b@receipt")
    with pytest.raises(Disconnected):
        transport.close()
    assert target.read_text() == "someone's notes"


def test_a_folder_of_receipts_and_a_receipt_file_are_fine(tmp_path):
    folder = tmp_path / "receipts"
    folder.mkdir()
    (folder / "receipt-20261125-103000-000000-0.bin").write_bytes(b"\x1b@job")
    (folder / ".receipt-abcd1234").write_bytes(b"half")
    assert printer_target_problem(str(folder) + "/") is None
    assert printer_target_problem(str(folder / "receipt-20261125-103000-000000-0.bin")) is None


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.symlink_to("/etc/passwd"), "is not a receipt"),
        (lambda p: p.write_bytes(b"\x1b"), "is not a receipt"),  # half a start is not a job
        (lambda p: p.mkdir(), None),  # a folder with nothing in it: receipts go inside
    ],
)
def test_file_targets(tmp_path, make, expected):
    target = tmp_path / "out" / "r.bin"
    target.parent.mkdir()
    make(target)
    problem = printer_target_problem(str(target))
    assert (problem is None) if expected is None else (expected in problem), problem


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/dev/null", None),
        ("/dev/shm", "expected a serial device, found a folder"),
        ("socket://printer:9100", None),
        ("socket://printer", "socket://host:port"),
        ("socket://:9100", "socket://host:port"),
        ("", "no printer set"),
    ],
)
def test_devices_and_urls(url, expected):
    problem = printer_target_problem(url)
    assert (problem is None) if expected is None else (expected in problem), problem


def test_paths_the_system_cannot_take(tmp_path):
    assert "path too long" in path_problems(tmp_path / ("a/" * 3000))
    assert "255" in path_problems(tmp_path / ("b" * 300))
    assert "NUL" in path_problems("a\x00b")
    assert "regular file" in path_problems("/dev/zero")
    (tmp_path / "f").write_text("x")
    assert "not a folder" in path_problems(tmp_path / "f" / "g")
