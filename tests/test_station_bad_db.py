"""The station's case file ([station] db_path) when it cannot be used: a folder, a read-only
place, a missing folder, a file that is not SQLite (or is someone else's SQLite), a huge path.

`kiosk station` and `kiosk station export` say one plain line and exit 2, never a traceback; a
file that is not the station's is never written into; a failure while the station runs is a
plain line on the screen, and the app keeps running.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from core_fixtures import run_cli
from station_helpers import StepClock, key_of, make_site, payload, shown, wedge_scan
from station_patients import CALM

from kiosk.station import StationApp
from kiosk.station.store import Store, StoreError

SIZE = (80, 24)


def with_db_path(folder: Path, db_path: str) -> Path:
    config = make_site(folder, key=not (folder / "var" / "kiosk.key").exists())
    text = config.read_text()
    assert 'db_path = "var/station.sqlite3"' in text
    config.write_text(text.replace('"var/station.sqlite3"', f'"{db_path}"', 1))
    return config


def read_only_folder(tmp_path: Path) -> Path:
    """A folder nobody can create files in. Mode 0555 does not stop root, so as root this is
    one of sysfs's folders, which refuse new files to everyone."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    folder = Path("/sys/kernel")
    with pytest.raises(OSError):
        os.close(os.open(folder / "gate18-probe", os.O_CREAT | os.O_WRONLY, 0o600))
    return folder


def assert_one_line(result, *expected: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) < 400, result.stderr[:2000]
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def both_commands(config: Path) -> list:
    """`kiosk station` (it must stop before taking over a terminal) and `kiosk station export`."""
    station = run_cli("station", "--config", str(config))
    export = run_cli("station", "export", "--config", str(config), "--format", "csv",
                     "--since", "2026-01-01")  # fmt: skip
    return [station, export]


def test_a_folder_as_db_path(tmp_path):
    (tmp_path / "cases").mkdir()
    config = with_db_path(tmp_path, str(tmp_path / "cases"))
    for result in both_commands(config):
        assert_one_line(result, "[station] db_path", "expected a regular file")


def test_a_db_path_in_a_read_only_folder(tmp_path):
    folder = read_only_folder(tmp_path)
    for target in (folder / "station.sqlite3", folder / "missing" / "station.sqlite3"):
        config = with_db_path(tmp_path, str(target))
        for result in both_commands(config):
            assert_one_line(result, "[station] db_path", "cannot")
        assert not target.exists()


def test_a_db_path_in_a_missing_folder_is_made(tmp_path):
    target = tmp_path / "not" / "yet" / "station.sqlite3"
    config = with_db_path(tmp_path, str(target))
    export = run_cli("station", "export", "--config", str(config), "--format", "csv",
                     "--since", "2026-01-01")  # fmt: skip
    assert export.returncode == 0, export.stderr
    assert "0 case(s) exported" in export.stderr
    assert target.is_file() and (target.stat().st_mode & 0o777) == 0o600


def test_a_db_path_under_a_file(tmp_path):
    (tmp_path / "plain").write_text("a file, not a folder\n")
    config = with_db_path(tmp_path, str(tmp_path / "plain" / "station.sqlite3"))
    for result in both_commands(config):
        assert_one_line(result, "[station] db_path", "is a file, not a folder")


@pytest.mark.parametrize(
    "content",
    [b"Dear Ann, your appointment is on Monday.\n" * 40, b"\x00" * 100, os.urandom(5000)],
    ids=["document", "zeros", "random"],
)
def test_a_file_that_is_not_sqlite_is_refused_and_unchanged(tmp_path, content):
    victim = tmp_path / "notes.txt"
    victim.write_bytes(content)
    victim.chmod(0o644)
    config = with_db_path(tmp_path, str(victim))
    for result in both_commands(config):
        assert_one_line(result, "[station] db_path", "not a station case file")
    assert victim.read_bytes() == content
    assert not Path(f"{victim}-wal").exists() and not Path(f"{victim}-journal").exists()


def test_another_programs_sqlite_file_is_refused_and_unchanged(tmp_path):
    other = tmp_path / "spool.sqlite3"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY, data BLOB)")
        db.execute("INSERT INTO jobs (data) VALUES (x'1b40')")
    db.close()
    before = other.read_bytes()
    config = with_db_path(tmp_path, str(other))
    for result in both_commands(config):
        assert_one_line(result, "[station] db_path", "not a station case file", "jobs")
    assert other.read_bytes() == before


def test_a_huge_db_path(tmp_path):
    config = with_db_path(tmp_path, "x" * 200_000)
    for result in both_commands(config):
        assert_one_line(result, "[station] db_path")
    huge = tmp_path / ("y" * 300) / "station.sqlite3"  # past the config's checks, straight in
    with pytest.raises(StoreError) as caught:
        Store(huge)
    assert len(str(caught.value)) < 400 and "[station] db_path" in str(caught.value)


def test_export_to_a_place_it_cannot_write_is_one_line(tmp_path):
    config = make_site(tmp_path)
    for out in (tmp_path, tmp_path / "no" / "such" / "folder" / "out.csv"):
        result = run_cli("station", "export", "--config", str(config), "--format", "csv",
                         "--since", "2026-01-01", "--out", str(out))  # fmt: skip
        assert_one_line(result, "--out: cannot write the export")


# --- the file fails while the station runs --------------------------------------------------


def read_only(app: StationApp) -> None:
    """From here on every write to the case file fails, as on a disk gone read-only."""
    app.store._db.close()
    uri = f"file:{app.store.path}?mode=ro"
    app.store._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
    app.store._db.row_factory = sqlite3.Row


async def test_a_scan_that_cannot_be_saved_is_said_plainly(tmp_path):
    app = StationApp(make_site(tmp_path), clock=StepClock())
    async with app.run_test(size=SIZE) as pilot:
        read_only(app)
        await wedge_scan(pilot, payload(CALM, key_of(tmp_path)))
        said = shown(app, "#scan")
        assert said.startswith("This scan could not be saved"), said
        assert "[station] db_path" in said and "readonly" in said, said
        assert app.is_running and app.screen.case is None
        assert "VERIFIED" not in shown(app, "#banner")  # nothing unsaved looks recorded
        outcome = app.read_scan(payload(CALM, key_of(tmp_path)))
        assert outcome.case is None and outcome.decoded is None


async def test_an_outcome_that_cannot_be_saved_is_said_plainly(tmp_path):
    app = StationApp(make_site(tmp_path), clock=StepClock())
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload(CALM, key_of(tmp_path)))
        assert shown(app, "#banner").startswith("VERIFIED")
        read_only(app)
        await pilot.click("#confirm-identity")
        await pilot.click("#room-pain-6")
        assert shown(app, "#save-status").startswith("In-room score not saved")
        await pilot.click("#post-pain-3")
        await pilot.click("#staff-initials")
        await pilot.press("a", "b")
        await pilot.click("#save")
        status = shown(app, "#save-status")
        assert status.startswith("Not saved:") and "[station] db_path" in status, status
        assert app.is_running
