"""The seam between the kiosk's screens and printing: what the UI may ask of a printer.

Screens only use the `ReceiptPrinter` shape; `make_printer` gives the real one (signed receipt,
spool, ESC/POS); tests give a fake of the same shape. The held-job methods (`queue`,
`print_waiting`, `reprint_job`) are for the staff screen only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from kiosk.core.form.model import Form
from kiosk.core.messages import Messages, english
from kiosk.core.receipt_layout import Wording
from kiosk.core.summary import Summary
from kiosk.settings.config import Config

_ENGLISH = english()
PRINTED = _ENGLISH("done.printed")
DESK_HELP = _ENGLISH("done.desk_help")
NOT_PRINTED = _ENGLISH("done.not_printed")
MAYBE_PRINTED = _ENGLISH("done.maybe_printed")
NOT_SAVED = _ENGLISH("done.not_saved")
PATIENT_KEYS = {
    PRINTED: "done.printed",
    NOT_PRINTED: "done.not_printed",
    MAYBE_PRINTED: "done.maybe_printed",
    NOT_SAVED: "done.not_saved",
}
"""Each outcome's words in the message catalogue: the done screen says them in the patient's
language (the English here is what logs and tests read)."""
HALF_PRINTED = "A receipt may be half printed: tear it off and destroy it, then reprint."
"""What staff do with an `uncertain` job (shown beside it on the staff screen)."""


def held_words(waiting: int, uncertain: int) -> str:
    """The receipts held for staff in one sentence ("2 receipts are waiting to print and 1 may
    be half printed."), or "" when none are: said after the printer's state, never instead."""
    if not waiting and not uncertain:
        return ""
    if not waiting:
        return f"{uncertain} receipt{'' if uncertain == 1 else 's'} may be half printed."
    said = f"{waiting} receipt is" if waiting == 1 else f"{waiting} receipts are"
    said += " waiting to print"
    return f"{said} and {uncertain} may be half printed." if uncertain else f"{said}."


@dataclass(frozen=True)
class PrintOutcome:
    printed: bool
    patient_message: str
    staff_message: str
    job_id: int | None = None
    """The spool's job number (no patient data), so the staff screen can tell when it printed."""

    def patient_words(self, words: Messages) -> str:
        """`patient_message` in the patient's language (a printer's own words, as they are)."""
        key = PATIENT_KEYS.get(self.patient_message)
        return words(key) if key else self.patient_message


@dataclass(frozen=True)
class HeldJob:
    """A receipt staff must act on, as the staff screen may show it: number and time, no name."""

    job_id: int
    created_at: datetime
    state: str  # "waiting" (never sent) or "uncertain" (may be on paper in part)


@dataclass(frozen=True)
class PrintQueue:
    """What the staff screen shows about printing."""

    ok: bool
    printer_label: str  # "ready", "paper out", "cover open", "offline", "not answering", ...
    printer_message: str  # what to do about it, in plain words
    jobs: tuple[HeldJob, ...] = field(default=())
    retention_h: float = 0

    @property
    def waiting(self) -> int:
        return sum(job.state == "waiting" for job in self.jobs)

    @property
    def uncertain(self) -> int:
        return sum(job.state == "uncertain" for job in self.jobs)


class ReceiptPrinter(Protocol):
    def print_summary(
        self, summary: Summary, form: Form, wording: Wording | None = None
    ) -> PrintOutcome:
        """Spool one confirmed summary and try it once (blocking; the UI calls it from a worker).
        `wording`: the receipt in the staff language, the slip in the patient's."""

    def reprint_last(self) -> PrintOutcome:
        """Print the last printed receipt again (staff only)."""

    def status(self) -> tuple[bool, str]:
        """(ok, plain words for staff). Asks the printer; never prints."""

    def forget_patient(self) -> None:
        """Drop any in-memory reference to the last summary."""

    def queue(self) -> PrintQueue:
        """The printer's state and the held jobs (staff screen). Never prints."""

    def print_waiting(self) -> PrintOutcome:
        """Staff asked: print the waiting receipts, oldest first."""

    def reprint_job(self, job_id: int) -> PrintOutcome:
        """Staff asked: print this held receipt again (after destroying any half of it)."""


def make_printer(config: Config) -> ReceiptPrinter:
    """The kiosk's printer: signed receipt, spool, ESC/POS, to the target in [printer] url."""
    from kiosk.printer.spooled import SpooledReceiptPrinter  # imports this module

    return SpooledReceiptPrinter(config)
