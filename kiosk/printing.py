"""The seam between the kiosk's screens and printing: what the UI may ask of a printer.

Screens only use the `ReceiptPrinter` shape; `make_printer` picks the real one (signed receipt,
spool, ESC/POS) and `TextFilePrinter` is the plain fallback that writes the text summary.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.config import Config
from kiosk.form.model import Form
from kiosk.summary import Summary

log = logging.getLogger(__name__)

PRINTED = "Please take your receipt to the desk."
NOT_PRINTED = "Your receipt did not print. Please go to the desk and tell the staff."


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


class TextFilePrinter:
    """Writes `summary.to_text()` to a file: the fallback until a receipt printer is wired."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._last: str | None = None

    def print_summary(self, summary: Summary, form: Form) -> PrintOutcome:
        text = summary.to_text()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(text, encoding="utf-8")
        except OSError as exc:
            log.error("summary file not written: %s", type(exc).__name__)  # no patient data
            return PrintOutcome(False, NOT_PRINTED, f"Could not write {self.path}: {exc.strerror}")
        self._last = text
        return PrintOutcome(True, PRINTED, f"Written to {self.path}")

    def reprint_last(self) -> PrintOutcome:
        if self._last is None:
            return PrintOutcome(False, "", "There is no receipt to reprint.")
        self.path.write_text(self._last, encoding="utf-8")
        return PrintOutcome(True, PRINTED, f"Written again to {self.path}")

    def status(self) -> tuple[bool, str]:
        folder = self.path.parent
        if folder.exists() and not folder.is_dir():
            return False, f"{folder} is not a folder. Check printer.url in kiosk.toml."
        return True, f"Receipts are written to {self.path}"

    def forget_patient(self) -> None:
        self._last = None


def make_printer(config: Config, form: Form) -> ReceiptPrinter:
    """The kiosk's printer: the spooled ESC/POS receipt printer when it is available."""
    try:
        from kiosk.receipt_printer import SpooledReceiptPrinter
    except ImportError:  # printing not installed: keep the text summary
        return TextFilePrinter(Path(config.printer.url) / "summary.txt")
    return SpooledReceiptPrinter(config)
