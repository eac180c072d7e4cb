"""Where the bytes go, chosen by one string, like pyserial's `serial_for_url`.

`/dev/ttyUSB0` (or `COM3`) is a serial printer; `socket://host:9100` a network printer; any
other `scheme://` goes to pyserial as it is; anything else is a folder (ends in `/` or exists)
that gets one file per job, or a file that gets the latest job. Every write has a timeout.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Protocol

import serial

from kiosk.config import PrinterConfig
from kiosk.errors import PrinterError, Problem

URL_FORMS = "a serial device (/dev/ttyUSB0), socket://host:9100, or a folder/ or file path"


class Transport(Protocol):
    can_report_status: bool

    def write(self, data: bytes) -> None: ...
    def read(self, size: int, timeout: float) -> bytes: ...
    def close(self) -> None: ...


class WriteTimeout(PrinterError):
    """The printer stopped taking bytes (paper out, offline, or flow control held)."""


class Disconnected(PrinterError):
    """The printer cannot be reached, or the connection dropped."""


def open_transport(config: PrinterConfig) -> Transport:
    """Open the printer named by `config.url`; PrinterError (Disconnected) when it cannot."""
    url = config.url
    if not url:
        raise PrinterError([Problem("[printer] url", f"no printer set; expected {URL_FORMS}")])
    if url.startswith("/dev/") or url.upper().startswith("COM") or "://" in url:
        return SerialTransport(config)
    path = Path(url)
    if url.endswith(("/", os.sep)) or path.is_dir():
        return FolderTransport(path)
    return FileTransport(path)


class SerialTransport:
    """A serial port or any pyserial URL (socket://, rfc2217://, loop://, spy://...)."""

    can_report_status = True

    def __init__(self, config: PrinterConfig):
        self.url = config.url
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
            raise Disconnected(_problem(self.url, f"cannot open the printer ({exc})")) from None

    def write(self, data: bytes) -> None:
        try:
            self.port.write(data)
            self.port.flush()
        except serial.SerialTimeoutException:
            raise WriteTimeout(_problem(self.url, "the printer stopped taking data")) from None
        except (serial.SerialException, OSError) as exc:
            raise Disconnected(_problem(self.url, f"the connection dropped ({exc})")) from None

    def read(self, size: int, timeout: float) -> bytes:
        try:
            self.port.timeout = timeout
            return self.port.read(size)
        except (serial.SerialException, OSError) as exc:
            raise Disconnected(_problem(self.url, f"the connection dropped ({exc})")) from None

    def close(self) -> None:
        with contextlib.suppress(serial.SerialException, OSError):
            self.port.close()


class FolderTransport:
    """One file per job, written whole (temporary file, then rename) when the job closes."""

    can_report_status = False

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
        name = f"receipt-{datetime.now():%Y%m%d-%H%M%S-%f}.bin"
        _atomic_write(self.folder / name, bytes(self.buffer))
        self.buffer.clear()


class FileTransport(FolderTransport):
    """Like a folder, but the file holds only the latest job."""

    def __init__(self, path: Path):
        super().__init__(path.parent)
        self.path = path

    def close(self) -> None:
        if self.buffer:
            _atomic_write(self.path, bytes(self.buffer))
            self.buffer.clear()


def _atomic_write(path: Path, data: bytes) -> None:
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".receipt-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise Disconnected(_problem(str(path), f"cannot write the receipt ({exc})")) from None


def _problem(url: str, message: str) -> list[Problem]:
    return [Problem(url, message, field="[printer] url")]
