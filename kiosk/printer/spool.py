"""The durable print spool: every confirmed receipt is on disk before a byte goes to the printer.

SQLite with a rollback journal and synchronous=FULL, so a job either is in the file or is not,
whatever happens to the power. The file is created 0600: it is the only patient data on disk.
Jobs are marked printed only after the printer took the bytes and said it was fine; printed
jobs are kept for a short retention (for reprints) and then deleted. Contents are never logged.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'printed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    printed_at TEXT
)
"""


@dataclass(frozen=True)
class Job:
    id: int
    label: str
    data: bytes = field(repr=False)  # patient data: never in a log line or traceback
    created_at: datetime
    state: str
    attempts: int
    last_error: str


class Spool:
    """Jobs in one SQLite file. Safe to share between threads; each call commits at once."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():  # create it private before SQLite opens it
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        os.chmod(self.path, 0o600)
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=DELETE")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA secure_delete=ON")  # deleted receipts are zeroed in the file
        self.db.execute(SCHEMA)

    def add(self, data: bytes, label: str, now: datetime) -> int:
        """Store a job; when this returns, it survives a crash."""
        cursor = self.db.execute(
            "INSERT INTO jobs (label, data, created_at) VALUES (?, ?, ?)",
            (label, data, now.isoformat()),
        )
        return cursor.lastrowid

    def pending(self) -> list[Job]:
        return self._jobs("WHERE state = 'pending' ORDER BY id")

    def get(self, job_id: int) -> Job | None:
        jobs = self._jobs("WHERE id = ?", job_id)
        return jobs[0] if jobs else None

    def last_printed(self) -> Job | None:
        jobs = self._jobs("WHERE state = 'printed' ORDER BY printed_at DESC, id DESC LIMIT 1")
        return jobs[0] if jobs else None

    def mark_printed(self, job_id: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE jobs SET state = 'printed', printed_at = ?, attempts = attempts + 1,"
            " last_error = '' WHERE id = ?",
            (now.isoformat(), job_id),
        )

    def mark_failed(self, job_id: int, error: str) -> None:
        self.db.execute(
            "UPDATE jobs SET attempts = attempts + 1, last_error = ? WHERE id = ?",
            (error, job_id),
        )

    def purge(self, now: datetime, retention: timedelta) -> int:
        """Delete printed jobs older than `retention`; how many went."""
        cutoff = (now - retention).isoformat()
        cursor = self.db.execute(
            "DELETE FROM jobs WHERE state = 'printed' AND printed_at <= ?", (cutoff,)
        )
        return cursor.rowcount

    def forget_printed(self) -> int:
        """Delete every printed job at once (staff reset, idle wipe): pending ones stay."""
        return self.db.execute("DELETE FROM jobs WHERE state = 'printed'").rowcount

    def delete(self, job_id: int) -> None:
        self.db.execute("DELETE FROM jobs WHERE id = ?", (job_id,))

    def counts(self) -> dict[str, int]:
        rows = self.db.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state").fetchall()
        return {"pending": 0, "printed": 0} | dict(rows)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _jobs(self, where: str, *args) -> list[Job]:
        rows = self.db.execute(
            "SELECT id, label, data, created_at, state, attempts, last_error FROM jobs " + where,
            args,
        ).fetchall()
        return [
            Job(r[0], r[1], bytes(r[2]), datetime.fromisoformat(r[3]), r[4], r[5], r[6])
            for r in rows
        ]
