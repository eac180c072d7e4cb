"""Two ways files are written here: replaced whole (readers see the old contents or the new,
never half), and made private (mode 0600) before anything, such as SQLite, opens them.

The temporary file comes from `mkstemp`, so it is new, mode 0600 and at a name nobody had (a
leftover at a fixed name could be world-readable, and reopening it would keep that mode).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

PRIVATE = 0o600


def write_atomically(
    path: Path, data: bytes, prefix: str | None = None, *, mode: int = PRIVATE
) -> None:
    """Write `data` to `path` (mode 0600 unless `mode`) through a synced temporary file in the
    same folder.

    Raises OSError, after removing the temporary file, when any step fails.
    """
    fd, tmp = tempfile.mkstemp(
        dir=path.parent, prefix=prefix or f".{path.name}-", suffix="" if prefix else ".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode != PRIVATE:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def make_private(path: Path) -> None:
    """Create `path` if missing, mode 0600, and set an existing one to 0600, without reading
    or truncating it: SQLite would otherwise create its file with the umask's mode.

    Non-blocking, so a FIFO left at the path is an error rather than a hang. Raises OSError.
    """
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_NONBLOCK, PRIVATE))
    os.chmod(path, PRIVATE)
