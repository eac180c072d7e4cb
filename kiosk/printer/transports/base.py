"""What every printer transport is: `write`, `read` (for status), `close`, and the two faults
a transport may raise. Each URL scheme has its own module beside this one; the table that
picks one for a URL is in `__init__.py`.
"""

from __future__ import annotations

from typing import Protocol

from kiosk.errors import PrinterError, Problem

URL_FORMS = "a serial device (/dev/ttyUSB0), socket://host:9100, or a folder/ or file path"
CHUNK = 512  # writes go in chunks, so the timeout means "stopped taking bytes", not "slow"


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


class Closing:
    """A transport is its own context manager: `with open_transport(config) as printer:`."""

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def problem(url: str, message: str, expect: bool = False) -> list[Problem]:
    if expect:  # the URL itself may be wrong: say what it should look like
        message += f"; expected {URL_FORMS}"
    return [Problem(url, message, field="[printer] url")]
