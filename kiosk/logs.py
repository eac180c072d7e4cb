"""The kiosk's log: JSON lines, rotated, with who wrote them and never what a patient said.

Every line carries the kiosk's version, form id and version, and kiosk id. An exception is
logged as its type and where it happened (file, line, function), never its message or locals:
a message can quote an answer. Messages themselves are written by our code from ids and type
names only; `tests/test_logs.py` walks a patient, a print failure and a crash and greps the file.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import sys
import threading
import traceback
from datetime import UTC, datetime
from pathlib import Path

from kiosk import __version__

MAX_BYTES = 1_000_000
BACKUPS = 5


class JsonLines(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the site's fixed fields."""

    def __init__(self, fields: dict[str, str]):
        super().__init__()
        self.fields = fields

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **self.fields,
        }
        if record.exc_info and record.exc_info[0] is not None:
            line["error_type"] = record.exc_info[0].__name__
            line["where"] = where(record.exc_info[2])
        return json.dumps(line, ensure_ascii=False)


class _PrivateRotatingFile(logging.handlers.RotatingFileHandler):
    """Each new file after a rotation is made mode 0600 too."""

    def _open(self):
        stream = super()._open()
        os.chmod(self.baseFilename, 0o600)
        return stream


def where(tb) -> list[str]:
    """The frames of a traceback as `file:line function`, without source lines or values."""
    return [
        f"{Path(frame.filename).name}:{frame.lineno} {frame.name}"
        for frame in traceback.extract_tb(tb)
    ][-8:]


def setup_logging(log_path: Path | None, *, kiosk_id: str, form_id: str, form_version: str):
    """Send the root logger to `log_path` as rotated JSON lines (mode 0600); crashes that no one
    catches are logged the same way. Returns the handler (None when the file cannot be made)."""
    fields = {
        "version": __version__,
        "form_id": form_id,
        "form_version": form_version,
        "kiosk_id": str(kiosk_id),
    }
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    handler: logging.Handler | None = None
    if log_path is not None:
        try:
            log_path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.close(fd)
            handler = _PrivateRotatingFile(
                log_path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
            )
        except OSError:
            handler = None
    root.addHandler(handler or logging.NullHandler())
    if handler is not None:
        handler.setFormatter(JsonLines(fields))
    root.setLevel(logging.INFO)
    sys.excepthook = _log_uncaught
    threading.excepthook = lambda args: _log_uncaught(
        args.exc_type, args.exc_value, args.exc_traceback
    )
    return handler


def _log_uncaught(exc_type, exc_value, tb) -> None:
    print(f"kiosk: unexpected {exc_type.__name__}; see the kiosk log", file=sys.stderr)
    logging.getLogger("kiosk").error(
        "uncaught %s", exc_type.__name__, exc_info=(exc_type, exc_value, tb)
    )
