"""A serial port (`/dev/ttyUSB0`, `COM3`) or any other pyserial URL (rfc2217://, loop://, spy://).

The port is opened with the site's baud rate and flow control; every write has a timeout, and
after a real port's writes the kiosk waits for them to leave, giving up when they stop moving.
"""

from __future__ import annotations

import contextlib
import time

import serial

from kiosk.printer.transports.base import CHUNK, Closing, Disconnected, WriteTimeout, problem
from kiosk.settings.config import PrinterConfig


class SerialTransport(Closing):
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
            raise Disconnected(problem(self.url, f"cannot open ({exc})", expect=True)) from None

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
            raise WriteTimeout(problem(self.url, "the printer stopped taking data")) from None
        except (serial.SerialException, OSError) as exc:
            raise Disconnected(problem(self.url, f"the connection dropped ({exc})")) from None

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
            raise Disconnected(problem(self.url, f"the connection dropped ({exc})")) from None

    def close(self) -> None:
        with contextlib.suppress(serial.SerialException, OSError):
            self.port.close()
