"""Where the bytes go, chosen by one string, like pyserial's `serial_for_url`: a table from the
kind of printer URL to the module that opens it.

`/dev/ttyUSB0` (or `COM3`) is a serial printer; `socket://host:9100` a network printer; any
other `scheme://` goes to pyserial as it is; anything else is a folder (ends in `/` or exists)
that gets one file per job, or a file that gets the latest job. Every write has a timeout.
A folder's or file's receipts stand in for paper: `forget_output` deletes them at each reset.
A new transport is a module here and a line in `OPENERS` (and, for a new scheme, in `kind_of`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from kiosk.errors import PrinterError
from kiosk.printer.targets import is_serial_port
from kiosk.printer.transports.base import (
    URL_FORMS,
    Disconnected,
    Transport,
    WriteTimeout,
    problem,
)
from kiosk.printer.transports.folder import (
    JOB_START,
    TEMP_NAME,
    TEMP_PREFIX,
    FileTransport,
    FolderTransport,
)
from kiosk.printer.transports.serial_port import SerialTransport
from kiosk.printer.transports.socket_port import SocketTransport
from kiosk.settings.config import PrinterConfig

__all__ = [
    "JOB_START",
    "OPENERS",
    "TEMP_NAME",
    "TEMP_PREFIX",
    "URL_FORMS",
    "Disconnected",
    "FileTransport",
    "FolderTransport",
    "SerialTransport",
    "SocketTransport",
    "Transport",
    "WriteTimeout",
    "forget_output",
    "kind_of",
    "open_transport",
]

OPENERS: dict[str, Callable[[PrinterConfig], Transport]] = {
    "socket": lambda config: SocketTransport(config.url, config.write_timeout_s),
    "serial": SerialTransport,  # a port, or a pyserial URL (rfc2217://, loop://, spy://)
    "folder": lambda config: FolderTransport(Path(config.url)),
    "file": lambda config: FileTransport(Path(config.url)),
}
LOCAL = {"folder": FolderTransport, "file": FileTransport}  # the kinds that leave files behind


def kind_of(url: str) -> str:
    """Which row of `OPENERS` opens `url`."""
    if url.startswith("socket://"):
        return "socket"
    if is_serial_port(url) or "://" in url:
        return "serial"
    if url.endswith(("/", os.sep)) or Path(url).is_dir():
        return "folder"
    return "file"


def open_transport(config: PrinterConfig) -> Transport:
    """Open the printer named by `config.url`; PrinterError (Disconnected) when it cannot."""
    if not config.url:
        raise PrinterError(problem("kiosk.toml", "no printer set", expect=True))
    return OPENERS[kind_of(config.url)](config)


def forget_output(config: PrinterConfig) -> int:
    """Delete the receipts a folder or file target wrote; how many went.

    That output stands in for paper, which leaves with the patient, so it must not stay on
    disk after the kiosk resets. Only our own files go: `receipt-*.bin` (and our unfinished
    temporary files) in the folder, or the file target itself. A real printer keeps nothing.
    """
    kind = LOCAL.get(kind_of(config.url)) if config.url else None
    return 0 if kind is None else kind.forget(Path(config.url))
