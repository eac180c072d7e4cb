"""Checks on the paths in kiosk.toml before anything opens them.

A path the system cannot take (too long, a NUL) or a device where a file belongs would
otherwise fail later with a traceback or hang; a printer target that is somebody's document
would be overwritten with ESC/POS bytes and deleted at the next reset. Each check returns one
plain sentence, or None when the path is fine.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from urllib.parse import urlsplit

PATH_MAX_BYTES = 4096
NAME_MAX_BYTES = 255
FOLDER_MAX_ENTRIES = 1000
PRINTER_FORMS = "a serial device (/dev/ttyUSB0), socket://host:9100, or a folder for receipts only"


def is_serial_port(url: str) -> bool:
    """A serial device: `/dev/...` or a Windows `COM<n>` (the kiosk config and the transport
    table both ask this)."""
    return url.startswith("/dev/") or re.fullmatch(r"COM\d+", url, re.IGNORECASE) is not None


def path_problems(path: Path | None) -> str | None:
    """Whether `path` can name a file: a sane length, and a regular file if it exists."""
    if path is None:
        return None
    shape = _shape_problem(str(path))
    if shape:
        return shape
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if isinstance(exc, NotADirectoryError):
            return "a part of this path is a file, not a folder"
        return None  # no permission to look: the command that opens it will say so plainly
    if not stat.S_ISREG(info.st_mode):
        return f"expected a regular file, found {_kind(info.st_mode)}"
    return None


def printer_target_problem(url: str) -> str | None:
    """A device, a socket URL, or a path in a folder that holds nothing but receipts."""
    if not url:
        return f"no printer set; expected {PRINTER_FORMS}"
    if "://" in url:
        return _url_problem(url)
    shape = _shape_problem(url)
    if shape:
        return shape
    if is_serial_port(url):
        return _device_problem(Path(url)) if url.startswith("/dev/") else None
    path = Path(url)
    is_folder = url.endswith(("/", os.sep)) or path.is_dir()
    folder = path if is_folder else path.parent
    if not is_folder:
        problem = _file_target_problem(path)
        if problem:
            return problem
    return _folder_problem(folder, path if not is_folder else None)


def _shape_problem(text: str) -> str | None:
    if "\x00" in text:
        return "a path cannot hold a NUL character"
    size = len(text.encode("utf-8", "surrogateescape"))
    if size > PATH_MAX_BYTES:
        return f"path too long: {size} bytes, expected at most {PATH_MAX_BYTES}"
    longest = max((len(p.encode("utf-8", "surrogateescape")) for p in text.split("/")), default=0)
    if longest > NAME_MAX_BYTES:
        return f"a name in this path is {longest} bytes long, expected at most {NAME_MAX_BYTES}"
    return None


def _url_problem(url: str) -> str | None:
    if len(url) > PATH_MAX_BYTES:
        return f"URL too long: {len(url)} characters, expected at most {PATH_MAX_BYTES}"
    if not url.startswith("socket://"):
        return None  # another pyserial URL (rfc2217://, loop://): pyserial checks it
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        port = None
    if not parts.hostname or port is None or not 0 < port < 65536:
        return f"expected socket://host:port with a port 1-65535, got {url[:60]!r}"
    return None


def _device_problem(path: Path) -> str | None:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # not plugged in yet: the kiosk says so on the staff screen
    if stat.S_ISCHR(mode):
        return None
    return f"expected a serial device, found {_kind(mode)}"


def _file_target_problem(path: Path) -> str | None:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot look at this file ({exc.strerror or exc})"
    if not _is_receipt(path, mode):
        return (
            f"{path} already exists and is not a receipt: the kiosk would overwrite it and "
            "delete it at the next reset; give a path in a folder of its own for receipts"
        )
    return None


def _folder_problem(folder: Path, own_file: Path | None) -> str | None:
    """Every entry of an existing folder must be a receipt or a receipt being written."""
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        return None  # made when the first receipt is written
    except OSError as exc:
        return f"cannot look at the folder {folder} ({exc.strerror or exc})"
    if not stat.S_ISDIR(info.st_mode):
        return f"{folder} is {_kind(info.st_mode)}, expected a folder for receipts"
    try:
        with os.scandir(folder) as entries:
            for count, entry in enumerate(entries):
                if count >= FOLDER_MAX_ENTRIES:
                    return f"{folder} holds over {FOLDER_MAX_ENTRIES} files: is it for receipts?"
                path = folder / entry.name
                if own_file is not None and entry.name == own_file.name:
                    continue  # checked on its own
                if not _is_receipt(path, entry.stat(follow_symlinks=False).st_mode):
                    return (
                        f"{folder} holds {entry.name!r}, which is not a receipt: the kiosk "
                        "deletes what it writes there, so give it a folder of its own"
                    )
    except OSError as exc:
        return f"cannot list the folder {folder} ({exc.strerror or exc})"
    return None


def _is_receipt(path: Path, mode: int) -> bool:
    """A plain file the kiosk wrote: an ESC/POS job, or a job still being written."""
    from kiosk.printer.transports import JOB_START, TEMP_NAME  # transports import config

    if not stat.S_ISREG(mode):
        return False
    if TEMP_NAME.fullmatch(path.name):
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(len(JOB_START)) == JOB_START
    except OSError:
        return False


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a link"
    return "a regular file" if stat.S_ISREG(mode) else "something that is not a file"


def writable_problem(path: Path) -> str | None:
    """Whether the kiosk could create `path`: its nearest existing folder takes new files.
    Nothing is created here (validate must not change the machine)."""
    folder = Path(path).parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} is not a folder, so nothing can be made inside it"
    if not os.access(folder, os.W_OK | os.X_OK) and not Path(path).exists():
        return f"cannot create files in {folder} (no write permission for this user)"
    if Path(path).exists() and not os.access(path, os.R_OK | os.W_OK):
        return f"{path} cannot be written by this user"
    return None
