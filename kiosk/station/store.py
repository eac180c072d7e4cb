"""The station's record of cases: one SQLite row per scanned receipt, kept on the station only.

The file is created 0600 before SQLite opens it. Scanning the same payload twice returns the
first case (with its first scan time) instead of a duplicate; `purge` deletes cases older than
the configured retention. Times are stored as ISO 8601 in UTC. The radiographer's in-room
pain score before the procedure is kept beside the kiosk's (`baseline`), never over it.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError, Problem
from kiosk.files import make_private

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
FIELD = "[station] db_path"
SHOWN_PATH_MAX = 120


class StoreError(KioskError):
    """The case file cannot be opened, is not the station's, or a read or write failed.

    One plain line: the CLI prints it and exits 2; the station screen shows it."""


def _shown(path: Path) -> str:
    text = str(path)
    if len(text) <= SHOWN_PATH_MAX:
        return text
    return f"{text[:60]}...{text[-40:]} ({len(text):,} characters)"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc) or type(exc).__name__


def _error(path: Path, message: str) -> StoreError:
    return StoreError(Problem(_shown(path), message, field=FIELD))


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
    """The answers in their JSON form (kiosk.core.answers.to_json), when they decoded."""
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
    """Every failure is a StoreError with one plain line, never an OSError or sqlite3 error."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        try:
            self._open()
        except StoreError:
            self.close()
            raise

    def _open(self) -> None:
        path = self.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            message = f"cannot make the folder for the case file ({_reason(exc)})"
            raise _error(path, message) from None
        try:
            make_private(path)
        except OSError as exc:
            raise _error(path, f"cannot open the case file for writing ({_reason(exc)})") from None
        try:
            self._db = sqlite3.connect(path, check_same_thread=False)
            self._db.row_factory = sqlite3.Row
            self._check_is_ours()  # before anything is written
            # WAL keeps a scan's insert off the disk-sync path (the screen waits for it); the
            # file stays consistent after a power cut. Completing a case switches to full sync.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(SCHEMA)
            have = {row["name"] for row in self._db.execute("PRAGMA table_info(cases)")}
            for column, kind in ADDED_COLUMNS.items():
                if column not in have:
                    self._db.execute(f"ALTER TABLE cases ADD COLUMN {column} {kind}")
            self._db.commit()
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc):
                message = "this file is not a station case file (it is not an SQLite database)"
            else:
                message = f"cannot use the case file ({_reason(exc)})"
            raise _error(path, message + "; move it away or set another db_path") from None
        except (OSError, sqlite3.Error) as exc:
            raise _error(path, f"cannot use the case file ({_reason(exc)})") from None

    def _check_is_ours(self) -> None:
        """An SQLite file of something else (the kiosk's spool, say) is never written into."""
        assert self._db is not None
        tables = {
            row[0]
            for row in self._db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        others = sorted(tables - {"cases"})
        if others:
            raise _error(
                self.path,
                f"this SQLite file is not a station case file (it holds {', '.join(others[:3])});"
                " set another db_path",
            )
        if "cases" in tables:
            have = {row[1] for row in self._db.execute("PRAGMA table_info(cases)")}
            needed = {"id", "payload", "status", "reason", "scanned_at"}
            if not needed <= have:
                raise _error(self.path, "this SQLite file has a `cases` table that is not the"
                             " station's; set another db_path")  # fmt: skip

    @contextlib.contextmanager
    def _guard(self, what: str) -> Iterator[sqlite3.Connection]:
        """A read or write of the case file: any failure becomes one StoreError line."""
        if self._db is None:
            raise _error(self.path, f"cannot {what}: the case file is closed")
        try:
            yield self._db
        except (OSError, sqlite3.Error) as exc:
            raise _error(self.path, f"cannot {what} ({_reason(exc)})") from None

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
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
        with self._guard("save the scan") as db, db:
            cursor = db.execute(
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
        with self._guard("read the case file") as db:
            row = db.execute("SELECT * FROM cases WHERE payload = ?", (payload,)).fetchone()
            return _case(row) if row else None

    def get(self, case_id: int) -> Case:
        with self._guard("read the case file") as db:
            row = db.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise KeyError(case_id)
        return _case(row)

    def complete(
        self, case_id: int, *, post_score: int, staff: str, identity_confirmed: bool, at: datetime
    ) -> Case:
        """Record the post-procedure score and who saved it (synced to disk before returning)."""
        with self._guard("save the outcome") as db:
            db.execute("PRAGMA synchronous=FULL")
            with db:
                db.execute(
                    "UPDATE cases SET post_score = ?, staff = ?, identity_confirmed = ?,"
                    " completed_at = ? WHERE id = ?",
                    (post_score, staff, int(identity_confirmed), _iso(at), case_id),
                )
            db.execute("PRAGMA synchronous=NORMAL")
        return self.get(case_id)

    def set_room_baseline(self, case_id: int, score: int | None) -> Case:
        """Record (or with None, clear) the in-room pain score before the procedure."""
        if score is not None and not 0 <= score <= 10:
            raise ValueError(f"in-room pain score must be 0-10, got {score}")
        with self._guard("save the in-room score") as db, db:
            db.execute("UPDATE cases SET room_baseline = ? WHERE id = ?", (score, case_id))
        return self.get(case_id)

    def cases_since(self, since: datetime) -> list[Case]:
        with self._guard("read the case file") as db:
            rows = db.execute(
                "SELECT * FROM cases WHERE scanned_at >= ? ORDER BY scanned_at, id", (_iso(since),)
            ).fetchall()
            return [_case(row) for row in rows]

    def purge(self, now: datetime, retention_days: int) -> int:
        """Delete cases first scanned more than `retention_days` ago; returns how many."""
        cutoff = _iso(now - timedelta(days=retention_days))
        with self._guard("delete old cases") as db, db:
            cursor = db.execute("DELETE FROM cases WHERE scanned_at < ?", (cutoff,))
        return cursor.rowcount
