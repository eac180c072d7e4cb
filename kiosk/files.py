"""One way to replace a file whole: readers see the old contents or the new, never half.

The temporary file comes from `mkstemp`, so it is new, mode 0600 and at a name nobody had (a
leftover at a fixed name could be world-readable, and reopening it would keep that mode).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes, prefix: str | None = None) -> None:
    """Write `data` to `path` (mode 0600) through a synced temporary file in the same folder.

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
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
