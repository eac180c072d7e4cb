"""A folder (one file per job) or a file (the latest job): receipts on disk instead of paper.

They stand in for paper, which leaves with the patient, so `forget` deletes them at each reset;
only the kiosk's own files go. Files are written whole and 0600 (they hold patient data).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import stat
from datetime import datetime
from pathlib import Path

from kiosk.files import write_atomically
from kiosk.printer.transports.base import Closing, Disconnected, problem


class FolderTransport(Closing):
    """One file per job, written whole (temporary file, then rename) when the job closes."""

    can_report_status = False
    _numbers = itertools.count()
    JOB_NAME = re.compile(r"receipt-\d{8}-\d{6}-\d{6}-\d+\.bin")

    def __init__(self, folder: Path):
        self.folder = folder
        self.buffer = bytearray()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise Disconnected(problem(str(folder), f"cannot use this folder ({exc})")) from None

    def write(self, data: bytes) -> None:
        self.buffer += data

    def read(self, size: int, timeout: float) -> bytes:
        return b""

    def close(self) -> None:
        if not self.buffer:
            return
        name = f"receipt-{datetime.now():%Y%m%d-%H%M%S-%f}-{next(self._numbers)}.bin"
        _atomic_write(self.folder / name, bytes(self.buffer))
        self.buffer.clear()

    @classmethod
    def forget(cls, folder: Path) -> int:
        """Delete every job file this transport writes in `folder`; nothing else in it."""
        try:
            names = os.listdir(folder)
        except OSError:
            return 0  # no folder yet, or not one: nothing of ours in it
        ours = [n for n in names if cls.JOB_NAME.fullmatch(n) or TEMP_NAME.fullmatch(n)]
        return sum(_delete_file(folder / name) for name in ours)


class FileTransport(FolderTransport):
    """Like a folder, but the file holds only the latest job."""

    def __init__(self, path: Path):
        super().__init__(path.parent)
        self.path = path

    def close(self) -> None:
        if self.buffer:
            if os.path.lexists(self.path) and not _starts_with(self.path, JOB_START):
                # Not ours (kiosk.toml was checked at start; this file came later): keep it.
                raise Disconnected(problem(str(self.path), "is a file that is not a receipt"))
            _atomic_write(self.path, bytes(self.buffer))
            self.buffer.clear()

    @classmethod
    def forget(cls, path: Path) -> int:
        """Delete the file target if it holds a job (ESC/POS jobs start with ESC @), and our
        unfinished temporary files beside it."""
        ours = [path] if _starts_with(path, JOB_START) else []
        with contextlib.suppress(OSError):
            ours += [path.parent / n for n in os.listdir(path.parent) if TEMP_NAME.fullmatch(n)]
        return sum(_delete_file(p) for p in ours)


TEMP_PREFIX = ".receipt-"
TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + r"[a-z0-9_]{8}")
"""What `tempfile.mkstemp(prefix=TEMP_PREFIX)` names a job being written."""
JOB_START = b"\x1b@"  # ESC @, initialise: every job the kiosk sends begins with it


def _starts_with(path: Path, start: bytes) -> bool:
    """Whether `path` is a plain file that begins with `start` (a pipe is never opened)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        with path.open("rb") as handle:
            return handle.read(len(start)) == start
    except OSError:
        return False


def _delete_file(path: Path) -> bool:
    """Remove `path` if it is a plain file (never a folder, link or device); True if it went."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        os.unlink(path)
    except OSError:
        return False
    return True


def _atomic_write(path: Path, data: bytes) -> None:
    """Readers see the whole job or nothing; the file is 0600 (it holds patient data)."""
    try:
        write_atomically(path, data, prefix=TEMP_PREFIX)
    except OSError as exc:
        raise Disconnected(problem(str(path), f"cannot write the receipt ({exc})")) from None
