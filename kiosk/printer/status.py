"""What the printer says about itself: ESC/POS real-time status (DLE EOT), in plain words.

Epson TM printers answer DLE EOT n with one byte at once, even mid-job; the fixed bits
(0b0xx1xx10) tell a status byte from noise. Folder and file targets are always ready.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.printer.transports import Transport

DLE_EOT = b"\x10\x04"
PRINTER, OFFLINE_CAUSE, ERROR_CAUSE, PAPER = 1, 2, 3, 4
FIXED_MASK, FIXED_BITS = 0x93, 0x12

OFFLINE = 0x08  # n=1
COVER_OPEN = 0x04  # n=2
PAPER_STOPPED = 0x20  # n=2: printing stopped because the paper ran out
ERROR = 0x40  # n=2
CUTTER_ERROR = 0x08  # n=3
UNRECOVERABLE = 0x20  # n=3
NEAR_END = 0x0C  # n=4
PAPER_END = 0x60  # n=4


class State(enum.Enum):
    READY = "ready"
    PAPER_NEAR_END = "paper near end"
    PAPER_OUT = "paper out"
    COVER_OPEN = "cover open"
    OFFLINE = "offline"
    ERROR = "printer error"
    NO_ANSWER = "no answer"
    WRITE_TIMEOUT = "write timeout"
    DISCONNECTED = "disconnected"
    NOT_CONFIGURED = "not configured"
    UNKNOWN = "not checked yet"


MESSAGES = {
    State.READY: "Printer ready.",
    State.PAPER_NEAR_END: "Paper is running low. Have a new roll ready.",
    State.PAPER_OUT: "Paper has run out. Put in a new roll.",
    State.COVER_OPEN: "The printer cover is open. Close it.",
    State.OFFLINE: "The printer is offline. Check the paper and cover, then press its FEED key.",
    State.ERROR: "The printer reports an error. Clear any jammed paper, then turn it off and on.",
    State.NO_ANSWER: "The printer does not answer. Check it is switched on and the cable is in.",
    State.WRITE_TIMEOUT: "The printer stopped taking data. Check the paper and the cover.",
    State.DISCONNECTED: "Cannot reach the printer. Check the power and the cable or network.",
    State.NOT_CONFIGURED: "The [printer] url in kiosk.toml is missing or wrong.",
    State.UNKNOWN: "The printer has not been checked yet.",
}


LABELS = {
    State.READY: "ready",
    State.PAPER_NEAR_END: "ready, paper low",
    State.PAPER_OUT: "paper out",
    State.COVER_OPEN: "cover open",
    State.OFFLINE: "offline",
    State.ERROR: "error",
    State.NO_ANSWER: "not answering",
    State.WRITE_TIMEOUT: "not answering (stopped taking data)",
    State.DISCONNECTED: "cannot connect",
    State.NOT_CONFIGURED: "not set up",
    State.UNKNOWN: "not checked yet",
}
"""The printer's state in two or three words, after "Printer:" in the staff screen's printing
section (so never the word "printer" again)."""


@dataclass(frozen=True)
class PrinterStatus:
    state: State
    detail: str = ""
    checked_at: datetime = field(default_factory=datetime.now)

    @property
    def ok(self) -> bool:
        return self.state in (State.READY, State.PAPER_NEAR_END)

    @property
    def label(self) -> str:
        return LABELS[self.state]

    @property
    def message(self) -> str:
        """Plain words for staff: what is wrong and what to do."""
        return MESSAGES[self.state] + (f" ({self.detail})" if self.detail else "")


def query_status(transport: Transport, timeout: float) -> PrinterStatus:
    """Ask the printer how it is; a folder or file target is always ready.

    Raises the transport's PrinterError (WriteTimeout, Disconnected) when asking fails.
    """
    if not transport.can_report_status:
        return PrinterStatus(State.READY)
    printer = _ask(transport, PRINTER, timeout)
    if printer is None:
        return PrinterStatus(State.NO_ANSWER)
    if printer & OFFLINE:
        cause = _ask(transport, OFFLINE_CAUSE, timeout) or 0
        if cause & COVER_OPEN:
            return PrinterStatus(State.COVER_OPEN)
        if cause & PAPER_STOPPED:
            return PrinterStatus(State.PAPER_OUT)
        if cause & ERROR:
            error = _ask(transport, ERROR_CAUSE, timeout) or 0
            detail = "cutter" if error & CUTTER_ERROR else ""
            detail = "unrecoverable, call for service" if error & UNRECOVERABLE else detail
            return PrinterStatus(State.ERROR, detail)
    paper = _ask(transport, PAPER, timeout)
    if paper is not None and paper & PAPER_END:
        return PrinterStatus(State.PAPER_OUT)
    if printer & OFFLINE:
        return PrinterStatus(State.OFFLINE)
    if paper is not None and paper & NEAR_END:
        return PrinterStatus(State.PAPER_NEAR_END)
    return PrinterStatus(State.READY)


def _ask(transport: Transport, n: int, timeout: float) -> int | None:
    """One status byte, or None when nothing that looks like one comes back in time."""
    transport.read(64, 0)  # a late answer to an earlier question must not answer this one
    transport.write(DLE_EOT + bytes([n]))
    answer = transport.read(1, timeout)
    if len(answer) != 1 or answer[0] & FIXED_MASK != FIXED_BITS:
        return None
    return answer[0]
