"""The SQLite spool: private from its first byte, committed before printing, purged after."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime, timedelta

from kiosk.printer.spool import INTERRUPTED, Spool

NOW = datetime(2026, 11, 25, 10, 0)
DATA = b"\x1b@Jane Doe 01/02/1970\x1dVA\x00"


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_spool_file_is_0600_even_with_a_permissive_umask(tmp_path):
    old = os.umask(0)
    try:
        with Spool(tmp_path / "var" / "spool.sqlite3") as spool:
            spool.add(DATA, "receipt", NOW)
            assert mode(spool.path) == 0o600
    finally:
        os.umask(old)


def test_an_existing_open_spool_file_is_made_private(tmp_path):
    path = tmp_path / "spool.sqlite3"
    sqlite3.connect(path).close()
    os.chmod(path, 0o644)
    Spool(path).close()
    assert mode(path) == 0o600


def test_spool_is_durable_by_settings(tmp_path):
    with Spool(tmp_path / "spool.sqlite3") as spool:
        assert spool.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert spool.db.execute("PRAGMA journal_mode").fetchone()[0] in ("delete", "wal")


def test_a_job_is_committed_when_add_returns(tmp_path):
    path = tmp_path / "spool.sqlite3"
    spool = Spool(path)
    job_id = spool.add(DATA, "receipt 10:00", NOW)
    other = sqlite3.connect(path)  # another process's view, before anything else happens
    assert other.execute("SELECT data, state FROM jobs WHERE id = ?", (job_id,)).fetchone() == (
        DATA,
        "waiting",
    )
    other.close()
    spool.close()


def test_jobs_wait_in_order_and_keep_their_attempts(tmp_path):
    with Spool(tmp_path / "spool.sqlite3") as spool:
        first, second = spool.add(DATA, "a", NOW), spool.add(DATA + b"2", "b", NOW)
        spool.mark_not_sent(first, "paper out", NOW)
        spool.mark_not_sent(first, "no answer", NOW)
        assert [(j.id, j.attempts, j.last_error, j.held) for j in spool.waiting()] == [
            (first, 2, "no answer", True),
            (second, 0, "", False),
        ]
        assert spool.last_printed() is None
        spool.mark_sending(first, NOW)
        spool.mark_printed(first, NOW)
        assert [j.id for j in spool.waiting()] == [second]
        last = spool.last_printed()
        assert (last.id, last.data, last.state, last.attempts) == (first, DATA, "printed", 3)
        assert spool.counts() == {"waiting": 1, "sending": 0, "printed": 1, "uncertain": 0}


def test_a_job_left_sending_by_a_crash_becomes_uncertain_never_waiting(tmp_path):
    path = tmp_path / "spool.sqlite3"
    with Spool(path) as spool:
        sent, untouched = spool.add(DATA, "a", NOW), spool.add(DATA, "b", NOW)
        spool.mark_sending(sent, NOW)
    with Spool(path) as spool:  # the next start
        assert spool.counts()["sending"] == 1  # opening alone changes nothing (`kiosk spool`)
        assert spool.recover(NOW) == 1
        assert (spool.get(sent).state, spool.get(sent).last_error) == ("uncertain", INTERRUPTED)
        assert spool.get(untouched).state == "waiting"
        assert spool.recover(NOW) == 0


def test_a_version_1_spool_is_migrated_and_tried_jobs_become_uncertain(tmp_path):
    path = tmp_path / "spool.sqlite3"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT NOT NULL,"
        " data BLOB NOT NULL, created_at TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending'"
        " CHECK (state IN ('pending', 'printed')), attempts INTEGER NOT NULL DEFAULT 0,"
        " last_error TEXT NOT NULL DEFAULT '', printed_at TEXT)"
    )
    rows = [
        ("never tried", "pending", 0, "", None),
        ("tried, maybe half sent", "pending", 3, "write timeout", None),
        ("printed", "printed", 1, "", NOW.isoformat()),
    ]
    for label, state, attempts, error, printed_at in rows:
        old.execute(
            "INSERT INTO jobs (label, data, created_at, state, attempts, last_error, printed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (label, DATA, NOW.isoformat(), state, attempts, error, printed_at),
        )
    old.commit()
    old.close()
    with Spool(path) as spool:
        jobs = {
            j.label: (j.id, j.state, j.attempts, j.data)
            for j in spool.in_state("waiting", "sending", "printed", "uncertain")
        }
        assert jobs == {
            "never tried": (1, "waiting", 0, DATA),
            "tried, maybe half sent": (2, "uncertain", 3, DATA),
            "printed": (3, "printed", 1, DATA),
        }
        assert spool.db.execute("PRAGMA user_version").fetchone()[0] == 2
        assert spool.add(DATA, "next", NOW) == 4  # numbering goes on, no job number reused
    with Spool(path) as spool:  # opening again does not migrate twice
        assert spool.counts() == {"waiting": 2, "sending": 0, "printed": 1, "uncertain": 1}


def test_a_job_never_shows_its_contents_in_repr(tmp_path):
    with Spool(tmp_path / "spool.sqlite3") as spool:
        spool.add(DATA, "receipt 10:00", NOW)
        text = repr(spool.waiting())
    assert "Jane" not in text and "receipt 10:00" in text


def test_purge_removes_jobs_older_than_the_retention_only(tmp_path):
    with Spool(tmp_path / "spool.sqlite3") as spool:
        old, recent, waiting = (spool.add(DATA, label, NOW) for label in "abc")
        expired = spool.add(DATA, "d", NOW - timedelta(hours=3))
        stuck = spool.add(DATA, "e", NOW - timedelta(hours=3))
        spool.mark_uncertain(stuck, "no answer", NOW)
        sending = spool.add(DATA, "f", NOW - timedelta(hours=3))
        spool.mark_sending(sending, NOW - timedelta(hours=3))
        spool.mark_printed(old, NOW - timedelta(hours=3))
        spool.mark_printed(recent, NOW - timedelta(hours=1))
        assert spool.purge(NOW, timedelta(hours=2)) == 3
        assert [spool.get(j) for j in (old, expired, stuck)] == [None, None, None]
        assert spool.get(recent) is not None and spool.get(sending) is not None
        assert [j.id for j in spool.waiting()] == [waiting]  # made 0 h ago: kept
        assert spool.forget_printed() == 1
        assert spool.counts() == {"waiting": 1, "sending": 1, "printed": 0, "uncertain": 0}


def test_purged_receipts_do_not_linger_in_the_file(tmp_path):
    path = tmp_path / "spool.sqlite3"
    with Spool(path) as spool:
        job = spool.add(b"UNIQUE-PATIENT-MARKER" * 10, "receipt", NOW)
        spool.mark_printed(job, NOW - timedelta(days=1))
        spool.purge(NOW, timedelta(hours=2))
    assert b"UNIQUE-PATIENT-MARKER" not in path.read_bytes()
