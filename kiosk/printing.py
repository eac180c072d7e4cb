"""The seam between the kiosk's screens and printing: what the UI may ask of a printer.

Screens only use the `ReceiptPrinter` shape; `make_printer` gives the real one (signed receipt,
spool, ESC/POS); tests give a fake of the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk.config import Config
from kiosk.form.model import Form
from kiosk.summary import Summary

PRINTED = "Please take your receipt to the desk."
NOT_PRINTED = (
    "Your answers are saved, but the receipt did not print. "
    "Please go to the desk and tell the staff. They can print it for you."
)
NOT_SAVED = "Something went wrong with the receipt. Please go to the desk and tell the staff."


@dataclass(frozen=True)
class PrintOutcome:
    printed: bool
    patient_message: str
    staff_message: str


class ReceiptPrinter(Protocol):
    def print_summary(self, summary: Summary, form: Form) -> PrintOutcome:
        """Print one confirmed summary (blocking; the UI calls it from a worker)."""

    def reprint_last(self) -> PrintOutcome:
        """Print the last receipt again (staff only)."""

    def status(self) -> tuple[bool, str]:
        """(ok, plain words for staff)."""

    def forget_patient(self) -> None:
        """Drop any in-memory reference to the last summary."""


def make_printer(config: Config) -> ReceiptPrinter:
    """The kiosk's printer: signed receipt, spool, ESC/POS, to the target in [printer] url."""
    from kiosk.receipt_printer import SpooledReceiptPrinter  # imports this module

    return SpooledReceiptPrinter(config)
