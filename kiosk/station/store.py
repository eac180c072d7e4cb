"""The station's record of cases: one SQLite row per scanned receipt, kept on the station only.

The file is created 0600 before SQLite opens it. Scanning the same payload twice returns the
first case (with its first scan time) instead of a duplicate; `purge` deletes cases older than
the configured retention. Times are stored as ISO 8601 in UTC. The radiographer's in-room
pain score before the procedure is kept beside the kiosk's (`baseline`), never over it.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS cases (
    id INTEGER PRIMARY KEY,
    payload TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    form_id TEXT,
    form_version TEXT,
    kiosk_id TEXT,
    issued_at TEXT,
    answers TEXT,
    baseline INTEGER,
    scanned_at TEXT NOT NULL,
    identity_confirmed INTEGER NOT NULL DEFAULT 0,
    post_score INTEGER,
    staff TEXT,
    completed_at TEXT,
    room_baseline INTEGER
)
"""
ADDED_COLUMNS = {"room_baseline": "INTEGER"}
"""Columns added after the first release: a station file made before them gains them."""


@dataclass(frozen=True)
class Case:
    id: int
    payload: str
    status: str
    """The decode status at the station: valid, tampered, expired, malformed, unknown_form,
    or no_key (decoded but not verifiable: the station has no key file)."""
    reason: str
    form_id: str | None
    form_version: str | None
    kiosk_id: str | None
    issued_at: datetime | None
    answers: dict[str, Any] | None
    """The answers in their JSON form (kiosk.answers.to_json), when they decoded."""
    baseline: int | None
    scanned_at: datetime
    identity_confirmed: bool
    post_score: int | None
    staff: str | None
    completed_at: datetime | None
    room_baseline: int | None = None
    """The pain score before the procedure as the radiographer recorded it in the room, when
    they recorded one; `baseline` stays the kiosk's."""

    @property
    def verified(self) -> bool:
        return self.status == "valid"

    @property
    def relief_baseline(self) -> int | None:
        """The score relief is judged from: the in-room one when recorded, else the kiosk's."""
        return self.baseline if self.room_baseline is None else self.room_baseline


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else None


def _case(row: sqlite3.Row) -> Case:
    return Case(
        id=row["id"],
        payload=row["payload"],
        status=row["status"],
        reason=row["reason"],
        form_id=row["form_id"],
        form_version=row["form_version"],
        kiosk_id=row["kiosk_id"],
        issued_at=_time(row["issued_at"]),
        answers=json.loads(row["answers"]) if row["answers"] else None,
        baseline=row["baseline"],
        scanned_at=_time(row["scanned_at"]),
        identity_confirmed=bool(row["identity_confirmed"]),
        post_score=row["post_score"],
        staff=row["staff"],
        completed_at=_time(row["completed_at"]),
        room_baseline=row["room_baseline"],
    )


class Store:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(self.path, 0o600)
        self._db = sqlite3.connect(self.path, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        # WAL keeps a scan's insert off the disk-sync path (the screen waits for it); the file
        # stays consistent after a power cut. Completing a case switches to a full sync.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(SCHEMA)
        have = {row["name"] for row in self._db.execute("PRAGMA table_info(cases)")}
        for column, kind in ADDED_COLUMNS.items():
            if column not in have:
                self._db.execute(f"ALTER TABLE cases ADD COLUMN {column} {kind}")
        self._db.commit()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def record_scan(
        self,
        payload: str,
        *,
        status: str,
        reason: str,
        scanned_at: datetime,
        form_id: str | None = None,
        form_version: str | None = None,
        kiosk_id: str | None = None,
        issued_at: datetime | None = None,
        answers: dict[str, Any] | None = None,
        baseline: int | None = None,
    ) -> tuple[Case, bool]:
        """The case for `payload` and True when new; the existing case and False when not."""
        existing = self.find(payload)
        if existing is not None:
            return existing, False
        with self._db:
            cursor = self._db.execute(
                "INSERT INTO cases (payload, status, reason, form_id, form_version, kiosk_id,"
                " issued_at, answers, baseline, scanned_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    payload,
                    status,
                    reason,
                    form_id,
                    form_version,
                    kiosk_id,
                    _iso(issued_at),
                    json.dumps(answers) if answers is not None else None,
                    baseline,
                    _iso(scanned_at),
                ),
            )
        return self.get(cursor.lastrowid), True

    def find(self, payload: str) -> Case | None:
        row = self._db.execute("SELECT * FROM cases WHERE payload = ?", (payload,)).fetchone()
        return _case(row) if row else None

    def get(self, case_id: int) -> Case:
        row = self._db.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise KeyError(case_id)
        return _case(row)

    def complete(
        self, case_id: int, *, post_score: int, staff: str, identity_confirmed: bool, at: datetime
    ) -> Case:
        """Record the post-procedure score and who saved it (synced to disk before returning)."""
        self._db.execute("PRAGMA synchronous=FULL")
        with self._db:
            self._db.execute(
                "UPDATE cases SET post_score = ?, staff = ?, identity_confirmed = ?,"
                " completed_at = ? WHERE id = ?",
                (post_score, staff, int(identity_confirmed), _iso(at), case_id),
            )
        self._db.execute("PRAGMA synchronous=NORMAL")
        return self.get(case_id)

    def set_room_baseline(self, case_id: int, score: int | None) -> Case:
        """Record (or with None, clear) the in-room pain score before the procedure."""
        if score is not None and not 0 <= score <= 10:
            raise ValueError(f"in-room pain score must be 0-10, got {score}")
        with self._db:
            self._db.execute("UPDATE cases SET room_baseline = ? WHERE id = ?", (score, case_id))
        return self.get(case_id)

    def cases_since(self, since: datetime) -> list[Case]:
        rows = self._db.execute(
            "SELECT * FROM cases WHERE scanned_at >= ? ORDER BY scanned_at, id", (_iso(since),)
        ).fetchall()
        return [_case(row) for row in rows]

    def purge(self, now: datetime, retention_days: int) -> int:
        """Delete cases first scanned more than `retention_days` ago; returns how many."""
        cutoff = _iso(now - timedelta(days=retention_days))
        with self._db:
            cursor = self._db.execute("DELETE FROM cases WHERE scanned_at < ?", (cutoff,))
        return cursor.rowcount
