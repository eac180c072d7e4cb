"""The SQLite spool: private from its first byte, committed before printing, purged after."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime, timedelta

from kiosk.printer.spool import Spool

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
        "pending",
    )
    other.close()
    spool.close()


def test_jobs_wait_in_order_and_keep_their_attempts(tmp_path):
    with Spool(tmp_path / "spool.sqlite3") as spool:
        first, second = spool.add(DATA, "a", NOW), spool.add(DATA + b"2", "b", NOW)
        spool.mark_failed(first, "paper out")
        spool.mark_failed(first, "no answer")
        assert [(j.id, j.attempts, j.last_error) for j in spool.pending()] == [
            (first, 2, "no answer"),
            (second, 0, ""),
        ]
        assert spool.last_printed() is None
        spool.mark_printed(first, NOW)
        assert [j.id for j in spool.pending()] == [second]
        last = spool.last_printed()
        assert (last.id, last.data, last.state, last.attempts) == (first, DATA, "printed", 3)
        assert spool.counts() == {"pending": 1, "printed": 1}


def test_a_job_never_shows_its_contents_in_repr(tmp_path):
    with Spool(tmp_path / "spool.sqlite3") as spool:
        spool.add(DATA, "receipt 10:00", NOW)
        text = repr(spool.pending())
    assert "Jane" not in text and "receipt 10:00" in text


def test_purge_removes_printed_jobs_older_than_the_retention_only(tmp_path):
    with Spool(tmp_path / "spool.sqlite3") as spool:
        old, recent, waiting = (spool.add(DATA, label, NOW) for label in "abc")
        spool.mark_printed(old, NOW - timedelta(hours=3))
        spool.mark_printed(recent, NOW - timedelta(hours=1))
        assert spool.purge(NOW, timedelta(hours=2)) == 1
        assert spool.get(old) is None
        assert spool.get(recent) is not None
        assert [j.id for j in spool.pending()] == [waiting]  # waiting jobs are never purged
        assert spool.forget_printed() == 1
        assert spool.counts() == {"pending": 1, "printed": 0}


def test_purged_receipts_do_not_linger_in_the_file(tmp_path):
    path = tmp_path / "spool.sqlite3"
    with Spool(path) as spool:
        job = spool.add(b"UNIQUE-PATIENT-MARKER" * 10, "receipt", NOW)
        spool.mark_printed(job, NOW - timedelta(days=1))
        spool.purge(NOW, timedelta(hours=2))
    assert b"UNIQUE-PATIENT-MARKER" not in path.read_bytes()
