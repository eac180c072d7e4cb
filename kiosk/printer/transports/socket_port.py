"""`socket://host:9100`: a network printer on its raw port. Connecting and every chunk written
are bounded by the write timeout; a small send buffer makes a printer that stops reading show.
"""

from __future__ import annotations

import contextlib
import socket
from urllib.parse import urlsplit

from kiosk.errors import PrinterError
from kiosk.printer.transports.base import CHUNK, Closing, Disconnected, WriteTimeout, problem

SEND_BUFFER = 32 * 1024  # small, so a network printer that stops reading is noticed


class SocketTransport(Closing):
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
            raise PrinterError(problem(url, "no host or port", expect=True))
        try:
            self.sock = socket.create_connection((host, port), timeout=write_timeout)
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
        except OSError as exc:
            raise Disconnected(problem(url, f"cannot connect to the printer ({exc})")) from None

    def write(self, data: bytes) -> None:
        self.sock.settimeout(self.write_timeout)  # per chunk: "stopped taking data", not "slow"
        try:
            for start in range(0, len(data), CHUNK):
                self.sock.sendall(data[start : start + CHUNK])
        except TimeoutError:
            raise WriteTimeout(problem(self.url, "the printer stopped taking data")) from None
        except OSError as exc:
            raise Disconnected(problem(self.url, f"the connection dropped ({exc})")) from None

    def read(self, size: int, timeout: float) -> bytes:
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(size)
        except (TimeoutError, BlockingIOError):
            return b""
        except OSError as exc:
            raise Disconnected(problem(self.url, f"the connection dropped ({exc})")) from None
        if not data:
            raise Disconnected(problem(self.url, "the printer closed the connection"))
        return data

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()
