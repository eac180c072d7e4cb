"""A pretend ESC/POS printer for tests, on a pseudo-terminal or a TCP port on 127.0.0.1.

It records the job bytes it receives and answers DLE EOT status requests the way an Epson
TM printer in `state` would. It can also go silent, stop reading, or drop the connection.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import threading
import time

# One status byte per DLE EOT n, for each state (fixed bits 0x12 always set).
ANSWERS = {
    "ready": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "paper_out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72},
    "near_end": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E},
    "cover_open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},
    "offline": {1: 0x1A, 2: 0x12, 3: 0x12, 4: 0x12},
}
DLE_EOT = b"\x10\x04"


class FakePrinter:
    """state: a key of ANSWERS, or "silent" (reads but never answers status).

    Set `reading = False` to stop taking bytes (writes back up and time out), and call
    `drop()` on the TCP printer to close the connection as if the cable were pulled.
    """

    def __init__(self, state: str = "ready"):
        self.state = state
        self.reading = True
        self.received = bytearray()
        self.status_requests = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def jobs_bytes(self) -> bytes:
        return bytes(self.received)

    def _handle(self, chunk: bytes) -> bytes:
        """Job bytes are recorded; a DLE EOT n that ends what arrived is answered.

        (A real printer answers DLE EOT anywhere in the stream; the kiosk only sends it
        between jobs, so the fake need not look inside job data.)
        """
        if len(chunk) >= 3 and chunk[-3:-1] == DLE_EOT and chunk[-1] in (1, 2, 3, 4):
            self.received += chunk[:-3]
            self.status_requests += 1
            if self.state == "silent":
                return b""
            return bytes([ANSWERS[self.state][chunk[-1]]])
        self.received += chunk
        return b""

    def start(self) -> FakePrinter:
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
        self._close()

    def __enter__(self) -> FakePrinter:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class PtyPrinter(FakePrinter):
    """Serves the master side of a pseudo-terminal; give `url` (the slave path) to the kiosk."""

    def __init__(self, state: str = "ready"):
        super().__init__(state)
        self.master, self.slave = os.openpty()
        import tty

        tty.setraw(self.slave)
        self.url = os.ttyname(self.slave)

    def _serve(self) -> None:
        while not self._stop.is_set():
            if not self.reading:
                time.sleep(0.01)
                continue
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            reply = self._handle(chunk)
            if reply:
                os.write(self.master, reply)

    def _close(self) -> None:
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):
                os.close(fd)


class TcpPrinter(FakePrinter):
    """A network printer on 127.0.0.1; `url` is socket://127.0.0.1:PORT."""

    def __init__(self, state: str = "ready"):
        super().__init__(state)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.url = f"socket://127.0.0.1:{self.server.getsockname()[1]}"
        self.conn: socket.socket | None = None
        self.drop_after: int | None = None
        """Close the connection once this many job bytes have arrived."""

    def drop(self) -> None:
        if self.conn:
            self.conn.close()
            self.conn = None

    def _serve(self) -> None:
        self.server.settimeout(0.05)
        while not self._stop.is_set():
            if self.conn is None:
                try:
                    self.conn, _ = self.server.accept()
                except (TimeoutError, OSError):
                    continue
            if not self.reading:
                time.sleep(0.01)
                continue
            try:
                ready, _, _ = select.select([self.conn], [], [], 0.02)
                if not ready:
                    continue
                chunk = self.conn.recv(65536)
            except (OSError, ValueError):
                self.conn = None
                continue
            if not chunk:
                self.conn.close()
                self.conn = None
                continue
            reply = self._handle(chunk)
            if reply:
                self.conn.sendall(reply)
            if self.drop_after is not None and len(self.received) >= self.drop_after:
                self.drop()
                self.drop_after = None

    def _close(self) -> None:
        self.drop()
        self.server.close()
