"""The kiosk's real printer: a confirmed summary becomes a signed receipt, spooled, then printed.

It joins the pure receipt (kiosk.receipt) to the print service (kiosk.printer) behind the
`ReceiptPrinter` shape the screens use. Every method blocks; the UI calls them from a worker.
Nothing about the patient is logged or kept in memory here: the spool holds the job.
"""

from __future__ import annotations

import logging
import sqlite3

from kiosk.config import Config
from kiosk.errors import KioskError
from kiosk.form.model import Form
from kiosk.keys import load_or_create_key
from kiosk.printer.service import JobResult, PrintService
from kiosk.printing import NOT_PRINTED, NOT_SAVED, PRINTED, PrintOutcome
from kiosk.receipt import build_job
from kiosk.summary import Summary

log = logging.getLogger(__name__)


class SpooledReceiptPrinter:
    def __init__(
        self, config: Config, service: PrintService | None = None, key: bytes | None = None
    ):
        self.config = config
        self.key = key if key is not None else load_or_create_key(config.payload.key_file)
        self.service = service or PrintService(config.printer)

    def print_summary(self, summary: Summary, form: Form) -> PrintOutcome:
        issued_at = summary.completed_at
        if issued_at.tzinfo is None:
            issued_at = issued_at.astimezone()
        try:
            job = build_job(summary, form, self.config, self.key, issued_at)
            result = self.service.submit(job.data, job.label)
        except (KioskError, sqlite3.Error, OSError) as exc:
            log.error("receipt not spooled: %s", type(exc).__name__)  # no patient data
            return PrintOutcome(False, NOT_SAVED, f"The receipt could not be saved: {exc}")
        return _outcome(result)

    def reprint_last(self) -> PrintOutcome:
        result = self.service.reprint_last()
        if result is None:
            return PrintOutcome(False, "", "There is no receipt to reprint.")
        return _outcome(result)

    def status(self) -> tuple[bool, str]:
        """Ask the printer (and print what waits when it is ready); plain words for staff."""
        status = self.service.check_status()
        self.service.purge()
        waiting = self.service.pending_count()
        extra = f" {waiting} receipt(s) waiting to print." if waiting else ""
        return status.ok and not waiting, status.message + extra

    def forget_patient(self) -> None:
        """Printed receipts leave the spool, and a folder or file target, at once (paper leaves
        with the patient); ones still waiting stay in the spool until printed."""
        self.service.forget_printed()


def _outcome(result: JobResult) -> PrintOutcome:
    if result.printed:
        return PrintOutcome(True, PRINTED, f"Printed. {result.status.message}")
    return PrintOutcome(
        False, NOT_PRINTED, f"Receipt waiting in the spool. {result.status.message}"
    )
