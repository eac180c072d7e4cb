"""The durable print spool: every confirmed receipt is on disk before a byte goes to the printer.

SQLite with a rollback journal and synchronous=FULL, so a job and each change of its state
either is in the file or is not, whatever happens to the power. The file is created 0600: it is
the only patient data on disk. A job's state says what the kiosk knows about its paper:
`waiting` (never sent), `sending`, `printed`, `uncertain` (bytes may be on paper); the
transitions and why are in docs/printing.md. Contents are never logged.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.files import make_private

WAITING, SENDING, PRINTED, UNCERTAIN = "waiting", "sending", "printed", "uncertain"
STATES = (WAITING, SENDING, PRINTED, UNCERTAIN)
SCHEMA_VERSION = 2
INTERRUPTED = "interrupted"
"""`last_error` of a job found `sending` at start-up: the kiosk stopped while sending it."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'waiting'
        CHECK (state IN ('waiting', 'sending', 'printed', 'uncertain')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    printed_at TEXT,
    changed_at TEXT
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

    @property
    def held(self) -> bool:
        """Waiting, and already tried once: only staff may send it now."""
        return self.state == WAITING and self.attempts > 0


class Spool:
    """Jobs in one SQLite file. Safe to share between threads; each call commits at once."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        make_private(self.path)  # before SQLite opens it: it holds receipts
        self.db = self._connect()
        self._migrate()

    def _connect(self) -> sqlite3.Connection:
        # No statement cache: a cached INSERT keeps its last bound receipt in memory (issue 13).
        db = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, cached_statements=0
        )
        try:
            db.execute("PRAGMA journal_mode=DELETE")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA secure_delete=ON")  # deleted receipts are zeroed in the file
            db.execute("PRAGMA busy_timeout=5000")  # `kiosk spool` may read while the kiosk runs
        except BaseException:
            db.close()
            raise
        return db

    def _migrate(self) -> None:
        """Bring a spool from any earlier version to this one, in one transaction.

        Version 1 knew only `pending` and `printed`. A pending job never tried is `waiting`;
        one tried before may have reached the paper in part (the old code could not tell), so
        it is `uncertain` and waits for staff, never printed again by itself.
        """
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            old = self.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'jobs'"
            ).fetchone()
            if old and version < SCHEMA_VERSION:
                self.db.execute("ALTER TABLE jobs RENAME TO jobs_v1")
                self.db.execute(SCHEMA)
                self.db.execute(
                    "INSERT INTO jobs (id, label, data, created_at, state, attempts, last_error,"
                    " printed_at) SELECT id, label, data, created_at,"
                    " CASE WHEN state = 'printed' THEN 'printed'"
                    " WHEN attempts = 0 THEN 'waiting' ELSE 'uncertain' END,"
                    " attempts, last_error, printed_at FROM jobs_v1"
                )
                self.db.execute("DROP TABLE jobs_v1")
            else:
                self.db.execute(SCHEMA)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def add(self, data: bytes, label: str, now: datetime) -> int:
        """Store a job as `waiting`; when this returns, it survives a crash."""
        cursor = self.db.execute(
            "INSERT INTO jobs (label, data, created_at, changed_at) VALUES (?, ?, ?, ?)",
            (label, data, now.isoformat(), now.isoformat()),
        )
        return cursor.lastrowid

    def get(self, job_id: int) -> Job | None:
        jobs = self._jobs("WHERE id = ?", job_id)
        return jobs[0] if jobs else None

    def in_state(self, *states: str) -> list[Job]:
        marks = ", ".join("?" for _ in states)
        return self._jobs(f"WHERE state IN ({marks}) ORDER BY id", *states)

    def waiting(self) -> list[Job]:
        return self.in_state(WAITING)

    def last_printed(self) -> Job | None:
        jobs = self._jobs("WHERE state = 'printed' ORDER BY printed_at DESC, id DESC LIMIT 1")
        return jobs[0] if jobs else None

    # --- state changes: each one is committed (synchronous=FULL) before the caller goes on ---

    def mark_not_sent(self, job_id: int, error: str, now: datetime) -> None:
        """The printer was not ready, so no byte of this job went: it stays `waiting`."""
        self._change(job_id, WAITING, now, error=error, attempt=True)

    def mark_sending(self, job_id: int, now: datetime) -> None:
        """Committed before the first byte is written, so a crash leaves a trace."""
        self._change(job_id, SENDING, now, error="", attempt=True)

    def mark_printed(self, job_id: int, now: datetime) -> None:
        self._change(job_id, PRINTED, now, error="", printed_at=now)

    def mark_uncertain(self, job_id: int, error: str, now: datetime) -> None:
        self._change(job_id, UNCERTAIN, now, error=error)

    def recover(self, now: datetime) -> int:
        """At start-up: a job still `sending` was cut off mid-send; it becomes `uncertain`."""
        return self.db.execute(
            "UPDATE jobs SET state = 'uncertain', last_error = ?, changed_at = ?"
            " WHERE state = 'sending'",
            (INTERRUPTED, now.isoformat()),
        ).rowcount

    def _change(
        self,
        job_id: int,
        state: str,
        now: datetime,
        error: str,
        attempt: bool = False,
        printed_at: datetime | None = None,
    ) -> None:
        self.db.execute(
            "UPDATE jobs SET state = ?, last_error = ?, changed_at = ?,"
            " attempts = attempts + ?, printed_at = COALESCE(?, printed_at) WHERE id = ?",
            (
                state,
                error,
                now.isoformat(),
                1 if attempt else 0,
                printed_at.isoformat() if printed_at else None,
                job_id,
            ),
        )

    # --- deleting ----------------------------------------------------------------------------

    def purge(self, now: datetime, retention: timedelta) -> int:
        """Delete jobs past `retention`: printed ones counted from printing, waiting and
        uncertain ones from when they were made. A job being sent is never deleted."""
        cutoff = (now - retention).isoformat()
        cursor = self.db.execute(
            "DELETE FROM jobs WHERE (state = 'printed' AND printed_at <= ?)"
            " OR (state IN ('waiting', 'uncertain') AND created_at <= ?)",
            (cutoff, cutoff),
        )
        return cursor.rowcount

    def forget_printed(self) -> int:
        """Delete every printed job at once (staff reset, idle wipe): held ones stay.

        Then a fresh connection: SQLite keeps the page that held a deleted receipt in its page
        cache, outside any Python object and never handed back to the C allocator, until the
        connection closes (tests/test_memory_wipe.py found the last patient's name there)."""
        forgotten = self.db.execute("DELETE FROM jobs WHERE state = 'printed'").rowcount
        if forgotten:
            fresh = self._connect()
            old, self.db = self.db, fresh
            old.close()
        return forgotten

    def delete(self, job_id: int) -> None:
        self.db.execute("DELETE FROM jobs WHERE id = ?", (job_id,))

    def counts(self) -> dict[str, int]:
        rows = self.db.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state").fetchall()
        return dict.fromkeys(STATES, 0) | dict(rows)

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
