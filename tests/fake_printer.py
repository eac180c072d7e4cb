"""A pretend ESC/POS printer for tests, on a pseudo-terminal or a TCP port on 127.0.0.1.

It records the job bytes it receives (with the time each piece arrived) and answers DLE EOT
status requests the way an Epson TM printer in `state` would. It can also go silent, answer
late or with garbage, read slowly, stop reading (and resume), drop the connection, or (TCP)
be switched off and on.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import struct
import threading
import time
import tty

# One status byte per DLE EOT n, for each state (fixed bits 0x12 always set).
ANSWERS = {
    "ready": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "paper_out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72},
    "near_end": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E},
    "cover_open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},
    "offline": {1: 0x1A, 2: 0x12, 3: 0x12, 4: 0x12},
    "cutter_error": {1: 0x1A, 2: 0x52, 3: 0x1A, 4: 0x12},
}
STATES = (*ANSWERS, "silent", "garbage")
GARBAGE = 0xFF  # no fixed bits: a line-noise byte, not a status
DLE, EOT = 0x10, 0x04
CUT = b"\x1dV"
READ_SIZE = 256  # small reads, so a stall or a drop lands inside a receipt, not after it


class FakePrinter:
    """state: a key of ANSWERS, or "silent" (reads but never answers status).

    Set `reading = False` to stop taking bytes (writes back up and time out), or
    `stall_after = n` to stop once n job bytes have arrived (and `resume_after_s` to start
    reading again that long after); set `drop_after = n` to hang up once n job bytes have
    arrived, as if the cable were pulled. `answer_delay_s` sends each status answer that late;
    `read_delay_s` pauses between reads (a slow printer). `arrivals` holds
    (time.monotonic(), job bytes) for each piece received.
    """

    def __init__(self, state: str = "ready"):
        assert state in STATES, state
        self.state = state
        self.reading = True
        self.received = bytearray()
        self.status_requests = 0
        self.drop_after: int | None = None
        self.stall_after: int | None = None
        self.resume_after_s: float | None = None
        self.answer_delay_s = 0.0
        self.read_delay_s = 0.0
        self.arrivals: list[tuple[float, bytes]] = []
        self.trigger: tuple[int, object] | None = None  # (n, fn): call fn() once n bytes came
        self.drop_after_cut = False  # hang up right after a job's cut (GS V) arrived
        self._tail = b""  # a DLE EOT split across two reads
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def jobs_bytes(self) -> bytes:
        return bytes(self.received)

    def _handle(self, chunk: bytes) -> bytes:
        """Record job bytes; answer each DLE EOT n (n = 1..4) wherever it is, like a real one."""
        data, self._tail = self._tail + chunk, b""
        job, reply = bytearray(), bytearray()
        i = 0
        while i < len(data):
            if data[i] == DLE and i + 2 >= len(data) and data[i + 1 : i + 2] in (b"", b"\x04"):
                self._tail = data[i:]
                break
            if data[i] == DLE and data[i + 1] == EOT and data[i + 2] in (1, 2, 3, 4):
                self.status_requests += 1
                if self.state == "garbage":
                    reply.append(GARBAGE)
                elif self.state != "silent":
                    reply.append(ANSWERS[self.state][data[i + 2]])
                i += 3
                continue
            job.append(data[i])
            i += 1
        self.received += job
        if job:
            self.arrivals.append((time.monotonic(), bytes(job)))
        return bytes(reply)

    def bytes_between(self, start: float, end: float = float("inf")) -> bytes:
        return b"".join(piece for at, piece in self.arrivals if start <= at < end)

    def _reply(self, send, reply: bytes) -> None:
        """Send a status answer now, or `answer_delay_s` later (a slow printer's answer)."""
        if not reply:
            return
        if not self.answer_delay_s:
            send(reply)
            return

        def late():
            with contextlib.suppress(OSError, ValueError):
                send(reply)

        timer = threading.Timer(self.answer_delay_s, late)
        timer.daemon = True
        timer.start()

    def _check_stall(self) -> None:
        if self.trigger is not None and len(self.received) >= self.trigger[0]:
            _, fn = self.trigger
            self.trigger = None
            fn()
        if self.stall_after is not None and len(self.received) >= self.stall_after:
            self.stall_after = None
            self.reading = False
            if self.resume_after_s is not None:
                timer = threading.Timer(self.resume_after_s, setattr, (self, "reading", True))
                timer.daemon = True
                timer.start()

    def _should_drop(self) -> bool:
        if self.drop_after_cut and CUT in self.received[-8:]:
            self.drop_after_cut = False
            return True
        if self.drop_after is not None and len(self.received) >= self.drop_after:
            self.drop_after = None
            return True
        return False

    def start(self) -> FakePrinter:
        if self._thread:
            return self  # already serving (make_printer starts it; `with` may too)
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
            assert not self._thread.is_alive(), "fake printer thread did not stop"
        self._close()

    def __enter__(self) -> FakePrinter:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class PtyPrinter(FakePrinter):
    """Serves the master side of a pseudo-terminal; give `url` (the slave path) to the kiosk.

    Dropping closes the master: the kiosk's next write or read fails (EIO), like a USB
    printer unplugged. A dropped pty does not come back.
    """

    def __init__(self, state: str = "ready"):
        super().__init__(state)
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.url = os.ttyname(self.slave)
        self.dropped = False

    def _serve(self) -> None:
        while not self._stop.is_set() and not self.dropped:
            if not self.reading:
                time.sleep(0.01)
                continue
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if not ready or not self.reading:
                continue
            try:
                chunk = os.read(self.master, READ_SIZE)
            except OSError:
                return
            reply = self._handle(chunk)
            self._reply(lambda data: os.write(self.master, data), reply)
            self._check_stall()
            if self.read_delay_s:
                time.sleep(self.read_delay_s)
            if self._should_drop():
                self.dropped = True
                os.close(self.master)

    def _close(self) -> None:
        for fd in (self.slave,) if self.dropped else (self.master, self.slave):
            with contextlib.suppress(OSError):
                os.close(fd)


class TcpPrinter(FakePrinter):
    """A network printer on 127.0.0.1; `url` is socket://127.0.0.1:PORT. After a drop it
    takes the next connection, as a printer does once the cable is back."""

    def __init__(self, state: str = "ready"):
        super().__init__(state)
        self.server = socket.create_server(("127.0.0.1", 0))
        # a small receive buffer, so a printer that stops reading backs the sender up soon
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.port = self.server.getsockname()[1]
        self.url = f"socket://127.0.0.1:{self.port}"
        self.powered = True
        self.conn: socket.socket | None = None
        self.connections = 0

    def drop(self) -> None:
        if self.conn:
            with contextlib.suppress(OSError):
                # RST rather than FIN: the sender sees the connection fail, not a polite close
                self.conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.conn.close()
            self.conn = None
        self._tail = b""

    def power_off(self) -> None:
        """Switched off: connections are refused (nothing listens) until `power_on`."""
        self.powered = False

    def power_on(self) -> None:
        self.powered = True

    def _serve(self) -> None:
        self.server.settimeout(0.02)
        while not self._stop.is_set():
            if not self.powered:
                if self.server is not None:
                    self.drop()
                    self.server.close()
                    self.server = None
                time.sleep(0.01)
                continue
            if self.server is None:
                self.server = socket.create_server(("127.0.0.1", self.port))
                self.server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                self.server.settimeout(0.02)
            if self.conn is None:
                try:
                    self.conn, _ = self.server.accept()
                    self.connections += 1
                except OSError:
                    continue
            if not self.reading:
                time.sleep(0.01)
                continue
            try:
                ready, _, _ = select.select([self.conn], [], [], 0.02)
                if not ready or not self.reading:
                    continue
                chunk = self.conn.recv(READ_SIZE)
            except (OSError, ValueError):
                self.drop()
                continue
            if not chunk:  # the kiosk closed its end: wait for the next job
                self.conn.close()
                self.conn = None
                self._tail = b""
                continue
            reply = self._handle(chunk)
            try:
                self._reply(self.conn.sendall, reply)
            except OSError:  # the kiosk hung up before the answer: wait for the next job
                self.drop()
                continue
            self._check_stall()
            if self.read_delay_s:
                time.sleep(self.read_delay_s)
            if self._should_drop():
                self.drop()

    def _close(self) -> None:
        self.drop()
        if self.server is not None:
            self.server.close()


def printer_config(tmp_path, url: str, **extra):
    """Printer settings for tests: short timeouts, a spool in tmp_path."""
    from kiosk.settings.config import PrinterConfig

    values = dict(
        url=url, spool_path=tmp_path / "spool.sqlite3", write_timeout_s=0.3, status_timeout_s=0.2
    )
    return PrinterConfig(**(values | extra))


def make_printer(kind: str, state: str = "ready") -> FakePrinter:
    """A started fake printer, "pty" or "tcp"; the caller stops it."""
    return (PtyPrinter if kind == "pty" else TcpPrinter)(state).start()
