"""Where the bytes go, chosen by one string, like pyserial's `serial_for_url`.

`/dev/ttyUSB0` (or `COM3`) is a serial printer; `socket://host:9100` a network printer; any
other `scheme://` goes to pyserial as it is; anything else is a folder (ends in `/` or exists)
that gets one file per job, or a file that gets the latest job. Every write has a timeout.
A folder's or file's receipts stand in for paper: `forget_output` deletes them at each reset.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import socket
import stat
import time
from datetime import datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import serial

from kiosk.errors import PrinterError, Problem
from kiosk.files import write_atomically
from kiosk.settings.config import PrinterConfig

URL_FORMS = "a serial device (/dev/ttyUSB0), socket://host:9100, or a folder/ or file path"
CHUNK = 512  # writes go in chunks, so the timeout means "stopped taking bytes", not "slow"
SEND_BUFFER = 32 * 1024  # small, so a network printer that stops reading is noticed


class Transport(Protocol):
    can_report_status: bool

    def write(self, data: bytes) -> None: ...
    def read(self, size: int, timeout: float) -> bytes: ...
    def close(self) -> None: ...
    def __enter__(self) -> Transport: ...
    def __exit__(self, *exc: object) -> None: ...


class WriteTimeout(PrinterError):
    """The printer stopped taking bytes (paper out, offline, or flow control held)."""


class Disconnected(PrinterError):
    """The printer cannot be reached, or the connection dropped."""


def open_transport(config: PrinterConfig) -> Transport:
    """Open the printer named by `config.url`; PrinterError (Disconnected) when it cannot."""
    url = config.url
    if not url:
        raise PrinterError(_problem("kiosk.toml", "no printer set", expect=True))
    if url.startswith("socket://"):
        return SocketTransport(url, config.write_timeout_s)
    kind = _local_target(url)
    if kind is None:
        return SerialTransport(config)
    return kind(Path(url))


def forget_output(config: PrinterConfig) -> int:
    """Delete the receipts a folder or file target wrote; how many went.

    That output stands in for paper, which leaves with the patient, so it must not stay on
    disk after the kiosk resets. Only our own files go: `receipt-*.bin` (and our unfinished
    temporary files) in the folder, or the file target itself. A real printer keeps nothing.
    """
    kind = _local_target(config.url) if config.url else None
    return 0 if kind is None else kind.forget(Path(config.url))


def _local_target(url: str) -> type[FolderTransport] | None:
    """FolderTransport or FileTransport for a path, None for a port or any `scheme://`."""
    if url.startswith("/dev/") or re.fullmatch(r"COM\d+", url, re.IGNORECASE) or "://" in url:
        return None
    if url.endswith(("/", os.sep)) or Path(url).is_dir():
        return FolderTransport
    return FileTransport


class _Closing:
    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SerialTransport(_Closing):
    """A serial port or any other pyserial URL (rfc2217://, loop://, spy://...)."""

    can_report_status = True

    def __init__(self, config: PrinterConfig):
        self.url = config.url
        self.write_timeout = config.write_timeout_s
        try:
            self.port = serial.serial_for_url(
                config.url,
                baudrate=config.baudrate,
                xonxoff=config.flow_control == "xonxoff",
                rtscts=config.flow_control == "rtscts",
                timeout=config.status_timeout_s,
                write_timeout=config.write_timeout_s,
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            raise Disconnected(_problem(self.url, f"cannot open ({exc})", expect=True)) from None

    def write(self, data: bytes) -> None:
        try:
            for start in range(0, len(data), CHUNK):
                self.port.write(data[start : start + CHUNK])
            if "://" not in self.url:  # a real port: URL handlers count their queues their way
                self._drain()
        except serial.SerialTimeoutException:
            # what is still queued would print as half a receipt later: drop it
            with contextlib.suppress(serial.SerialException, OSError):
                self.port.reset_output_buffer()
            raise WriteTimeout(_problem(self.url, "the printer stopped taking data")) from None
        except (serial.SerialException, OSError) as exc:
            raise Disconnected(_problem(self.url, f"the connection dropped ({exc})")) from None

    def _drain(self) -> None:
        """Wait until the port has sent everything, giving up when it stops moving.

        (pyserial's flush() is tcdrain, which waits for ever when the printer holds CTS.)
        """
        last, since = -1, time.monotonic()
        while True:
            try:
                waiting = self.port.out_waiting
            except (AttributeError, NotImplementedError, serial.SerialException):
                return  # this kind of port cannot tell; the status query will
            if not waiting:
                return
            if waiting != last:
                last, since = waiting, time.monotonic()
            elif time.monotonic() - since > self.write_timeout:
                raise serial.SerialTimeoutException("output stuck")
            time.sleep(0.01)

    def read(self, size: int, timeout: float) -> bytes:
        try:
            self.port.timeout = timeout
            return self.port.read(size)
        except (serial.SerialException, OSError) as exc:
            raise Disconnected(_problem(self.url, f"the connection dropped ({exc})")) from None

    def close(self) -> None:
        with contextlib.suppress(serial.SerialException, OSError):
            self.port.close()


class SocketTransport(_Closing):
    """A network printer (raw port 9100). Connecting is bounded by the write timeout too."""

    can_report_status = True

    def __init__(self, url: str, write_timeout: float):
        self.url = url
        self.write_timeout = write_timeout
        parts = urlsplit(url)
        try:
            host, port = parts.hostname, parts.port
        except ValueError:
            host = port = None
        if not host or not port:
            raise PrinterError(_problem(url, "no host or port", expect=True))
        try:
            self.sock = socket.create_connection((host, port), timeout=write_timeout)
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
        except OSError as exc:
            raise Disconnected(_problem(url, f"cannot connect to the printer ({exc})")) from None

    def write(self, data: bytes) -> None:
        self.sock.settimeout(self.write_timeout)  # per chunk: "stopped taking data", not "slow"
        try:
            for start in range(0, len(data), CHUNK):
                self.sock.sendall(data[start : start + CHUNK])
        except TimeoutError:
            raise WriteTimeout(_problem(self.url, "the printer stopped taking data")) from None
        except OSError as exc:
            raise Disconnected(_problem(self.url, f"the connection dropped ({exc})")) from None

    def read(self, size: int, timeout: float) -> bytes:
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(size)
        except (TimeoutError, BlockingIOError):
            return b""
        except OSError as exc:
            raise Disconnected(_problem(self.url, f"the connection dropped ({exc})")) from None
        if not data:
            raise Disconnected(_problem(self.url, "the printer closed the connection"))
        return data

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


class FolderTransport(_Closing):
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
            raise Disconnected(_problem(str(folder), f"cannot use this folder ({exc})")) from None

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
                raise Disconnected(_problem(str(self.path), "is a file that is not a receipt"))
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
        raise Disconnected(_problem(str(path), f"cannot write the receipt ({exc})")) from None


def _problem(url: str, message: str, expect: bool = False) -> list[Problem]:
    if expect:  # the URL itself may be wrong: say what it should look like
        message += f"; expected {URL_FORMS}"
    return [Problem(url, message, field="[printer] url")]
