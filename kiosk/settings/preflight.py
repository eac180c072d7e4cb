"""What `kiosk run` needs beyond a valid config: the files it writes can be made here.

`kiosk validate` runs the same function without changing anything; `kiosk run` also makes the
folders and opens the spool and key as the app will, so a failure is one plain line and exit 2,
never a traceback after the screen is taken over.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kiosk.errors import ConfigError, KioskError, Problem
from kiosk.printer.targets import writable_problem
from kiosk.settings.config import Config


def check_kiosk_can_run(config: Config, create: bool = False) -> None:
    """ConfigError with one line per file the kiosk could not write; `create` to try for real."""
    written: list[tuple[str, Path | None]] = [
        ("[printer] spool_path", config.printer.spool_path),
        ("[staff] lock_file", config.staff.lock_file),
        ("[payload] key_file", config.payload.key_file),
    ]
    problems = []
    for field, path in written:
        message = path is not None and writable_problem(path)
        if message:
            problems.append(Problem(config.source, message, field=field))
    if not problems and create:
        problems += _try_for_real(config)
    if problems:
        raise ConfigError(problems)


def _try_for_real(config: Config) -> list[Problem]:
    from kiosk.printer.spool import Spool
    from kiosk.settings.signing_key import load_or_create_key

    problems = []
    try:
        Spool(config.printer.spool_path).db.close()
    except (OSError, sqlite3.Error) as exc:
        problems.append(_problem(config, "[printer] spool_path", "cannot open the spool", exc))
    try:
        load_or_create_key(config.payload.key_file)
    except KioskError as exc:
        problems += exc.problems
    except OSError as exc:
        problems.append(_problem(config, "[payload] key_file", "cannot make the key", exc))
    if config.staff.lock_file is not None:
        try:
            config.staff.lock_file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            problems.append(_problem(config, "[staff] lock_file", "cannot make its folder", exc))
    return problems


def _problem(config: Config, field: str, what: str, exc: Exception) -> Problem:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return Problem(config.source, f"{what} ({reason})", field=field)
