"""The kiosk's real printer: a confirmed summary becomes a signed receipt, spooled, then printed.

It joins the pure receipt (kiosk.core.receipt_layout) to the print service (kiosk.printer)
behind the `ReceiptPrinter` shape the screens use. Every method blocks; the UI calls them
from a worker.
Nothing about the patient is logged or kept in memory here: the spool holds the job.
"""

from __future__ import annotations

import logging
import sqlite3

from kiosk.core.form.model import Form
from kiosk.core.receipt_layout import Wording, build_job
from kiosk.core.summary import Summary
from kiosk.errors import KioskError
from kiosk.printer.queue import (
    MAYBE_PRINTED,
    NOT_PRINTED,
    NOT_SAVED,
    PRINTED,
    HeldJob,
    PrintOutcome,
    PrintQueue,
    held_words,
)
from kiosk.printer.service import JobResult, PrintService
from kiosk.printer.spool import UNCERTAIN, WAITING
from kiosk.settings.config import Config
from kiosk.settings.signing_key import load_or_create_key

log = logging.getLogger(__name__)


class SpooledReceiptPrinter:
    def __init__(
        self, config: Config, service: PrintService | None = None, key: bytes | None = None
    ):
        self.config = config
        self.key = key if key is not None else load_or_create_key(config.payload.key_file)
        self.service = service or PrintService(config.printer)

    def print_summary(
        self, summary: Summary, form: Form, wording: Wording | None = None
    ) -> PrintOutcome:
        issued_at = summary.completed_at
        if issued_at.tzinfo is None:
            issued_at = issued_at.astimezone()
        try:
            job = build_job(summary, form, self.config, self.key, issued_at, wording)
            result = self.service.submit(job.data, job.label)
        except (KioskError, sqlite3.Error, OSError) as exc:
            log.error("receipt not spooled: %s", type(exc).__name__)  # no patient data
            return PrintOutcome(False, NOT_SAVED, f"The receipt could not be saved: {exc}")
        return _outcome(result)

    def reprint_last(self) -> PrintOutcome:
        result = self.service.reprint_last()
        if result is None:
            return PrintOutcome(False, "", "There is no receipt to reprint.")
        return _staff_outcome(result)

    def status(self) -> tuple[bool, str]:
        """Ask the printer (never prints); plain words for staff: its state and what to do,
        then the held receipts, each said once ("Printer ready.", not "Ready: Printer ready.")."""
        status = self.service.check_status()
        held = self.service.held()
        waiting = sum(job.state == WAITING for job in held)
        words = " ".join(w for w in (status.message, held_words(waiting, len(held) - waiting)) if w)
        return status.ok and not held, words

    def queue(self) -> PrintQueue:
        status = self.service.check_status()
        jobs = tuple(HeldJob(j.id, j.created_at, j.state) for j in self.service.held())
        return PrintQueue(
            status.ok, status.label, status.message, jobs, self.config.printer.spool_retention_h
        )

    def print_waiting(self) -> PrintOutcome:
        results = self.service.print_waiting()
        printed = sum(r.printed for r in results)
        if not results:
            return PrintOutcome(False, "", "No receipts are waiting.")
        last = results[-1]
        words = f"Printed {printed} of the waiting receipts."
        if not last.printed:
            words += f" Receipt {last.job_id} did not print: {last.status.message}"
            if last.state == UNCERTAIN:
                words += " It may be half printed."
        return PrintOutcome(last.printed, "", words, last.job_id)

    def reprint_job(self, job_id: int) -> PrintOutcome:
        result = self.service.reprint(job_id)
        if result is None:
            return PrintOutcome(False, "", f"Receipt {job_id} is no longer in the spool.")
        return _staff_outcome(result)

    def forget_patient(self) -> None:
        """Printed receipts leave the spool, and a folder or file target, at once (paper leaves
        with the patient); held ones stay in the spool for staff."""
        self.service.forget_printed()


def _staff_outcome(result: JobResult) -> PrintOutcome:
    """A reprint staff asked for, in words for the staff screen."""
    job_id = result.job_id
    if result.printed:
        return PrintOutcome(True, "", f"Receipt {job_id} printed.", job_id)
    words = f"Receipt {job_id} did not print. {result.status.message}"
    if result.state == UNCERTAIN:
        words += " It may be half printed."
    return PrintOutcome(False, "", words, job_id)


def _outcome(result: JobResult) -> PrintOutcome:
    if result.printed:
        return PrintOutcome(True, PRINTED, f"Printed. {result.status.message}", result.job_id)
    if result.state == UNCERTAIN:
        return PrintOutcome(
            False,
            MAYBE_PRINTED,
            f"Receipt {result.job_id} may be half printed. {result.status.message}",
            result.job_id,
        )
    return PrintOutcome(
        False,
        NOT_PRINTED,
        f"Receipt {result.job_id} is held for staff. {result.status.message}",
        result.job_id,
    )
