"""A serial barcode scanner (USB CDC `/dev/ttyACM0`, or `socket://host:port`) read in a thread.

pyserial's `serial_for_url` picks the transport from the config string. Each line the scanner
sends (ended by CR and/or LF) goes to the same handler as a keyboard-wedge scan.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import serial

from kiosk.errors import KioskError, Problem


class ScannerError(KioskError):
    """The serial scanner could not be opened."""


class SerialScanner:
    def __init__(
        self,
        url: str,
        on_line: Callable[[str], None],
        *,
        on_lost: Callable[[str], None] | None = None,
        baudrate: int = 9600,
    ) -> None:
        self.url = url
        self._on_line = on_line
        self._on_lost = on_lost
        self._baudrate = baudrate
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._port = None

    def start(self) -> None:
        """Open the port (raises ScannerError with the URL form expected) and start reading."""
        try:
            self._port = serial.serial_for_url(self.url, baudrate=self._baudrate, timeout=0.05)
        except (serial.SerialException, ValueError, OSError) as exc:
            raise ScannerError(
                Problem(
                    "station.scanner",
                    f"cannot open {self.url!r}: {exc} (expected /dev/ttyACM0, COM3 or "
                    "socket://host:port)",
                )
            ) from None
        self._thread = threading.Thread(target=self._run, name="serial-scanner", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        pending = b""
        while not self._stop.is_set():
            try:
                chunk = self._port.read(256)
            except (serial.SerialException, OSError) as exc:
                if self._on_lost is not None and not self._stop.is_set():
                    self._on_lost(f"Serial scanner {self.url} lost ({exc.__class__.__name__}).")
                break  # unplugged: the station keeps the keyboard wedge
            if not chunk:
                continue
            pending += chunk
            *lines, pending = pending.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
            for raw in lines:
                text = raw.decode("utf-8", errors="replace").strip()
                if text:
                    self._on_line(text)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
        if self._port is not None:
            self._port.close()
            self._port = None
